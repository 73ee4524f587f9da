import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { count } from "../../plural.ts";
import { escapeText, link, truncate } from "../../slack/mrkdwn.ts";
import type { Model, Registry, System, Vendor } from "../registry/registry.ts";
import {
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  type Incident,
  type IncidentEvent,
  type IncidentStatus,
  SEVERITIES,
  SEVERITY_MEANINGS,
  type Severity,
} from "./incident.ts";

export const INCIDENT_MODAL = "incident_create";
export const UPDATE_MODAL = "incident_update";
export const STATUS_MODAL = "incident_status";
export const SEVERITY_MODAL = "incident_severity";
export const VENDOR_SELECT_ACTION = "incident_vendor_select";
export const ADD_UPDATE_ACTION = "incident_add_update";
export const CHANGE_STATUS_ACTION = "incident_change_status";
export const CHANGE_SEVERITY_ACTION = "incident_change_severity";
export const RESOLVE_ACTION = "incident_resolve";
export const LOG_MESSAGE_ACTION = "incident_log_message";
export const LOG_SHORTCUT = "log_vendor_incident";
export const NEXT_PAGE_ACTION = "incident_list_next";
/** Incidents per Slack list page: 20 lines fit a 3,000-character section. */
export const INCIDENT_PAGE_SIZE = 20;
export const OTHER_VENDOR = "__other";

/** Block ids of the incident form, by the field each one fills. */
export const FIELD_BLOCKS = {
  vendorId: "vendor",
  vendorName: "vendor_other",
  models: "models",
  type: "type",
  severity: "severity",
  title: "title",
  description: "description",
  startedAt: "started_at",
  impact: "impact",
} as const;

const plain = (text: string) => ({ type: "plain_text" as const, text: truncate(text, 75), emoji: true });
const label = (value: string) => value.replace(/_/g, " ");

function option(value: string, text: string, description?: string): PlainTextOption {
  return { text: plain(text), value, ...(description ? { description: plain(description) } : {}) };
}

export interface IncidentFormDefaults {
  vendorId: string | null;
  modelIds: string[];
  title: string | null;
  description: string | null;
  startedAt: Date;
}

function modelOptions(models: readonly Model[]): PlainTextOption[] {
  return models.slice(0, 100).map((model) => option(model.id, model.name));
}

/** The "Log AI vendor incident" form. Picking a vendor narrows the models to that vendor's. */
export function buildIncidentModal(registry: Registry, defaults: IncidentFormDefaults, metadata: string): ModalView {
  const vendorOptions = [
    ...registry.vendors.slice(0, 99).map((vendor: Vendor) => option(vendor.id, vendor.name)),
    option(OTHER_VENDOR, "Other (not in the registry)"),
  ];
  const selectedVendor = vendorOptions.find((o) => o.value === defaults.vendorId);
  const vendorModels = defaults.vendorId ? registry.models.filter((m) => m.vendor === defaults.vendorId) : [];
  const narrowed = defaults.vendorId !== null && defaults.vendorId !== OTHER_VENDOR;
  const groups = narrowed
    ? []
    : registry.vendors
        .map((vendor) => ({ vendor, models: registry.models.filter((m) => m.vendor === vendor.id) }))
        .filter((group) => group.models.length > 0)
        .slice(0, 100)
        .map((group) => ({ label: plain(group.vendor.name), options: modelOptions(group.models) }));
  const flatOptions = narrowed ? modelOptions(vendorModels) : [];
  const modelElementOptions = narrowed ? { options: flatOptions } : { option_groups: groups };
  const allOptions = narrowed ? flatOptions : groups.flatMap((group) => group.options);
  const hasModelOptions = allOptions.length > 0;
  const initialModels = allOptions.filter((o) => defaults.modelIds.includes(o.value ?? ""));

  const blocks: KnownBlock[] = [
    {
      type: "input",
      block_id: FIELD_BLOCKS.vendorId,
      dispatch_action: true,
      label: plain("Vendor"),
      element: {
        type: "static_select",
        action_id: VENDOR_SELECT_ACTION,
        placeholder: plain("Choose the vendor"),
        options: vendorOptions,
        ...(selectedVendor ? { initial_option: selectedVendor } : {}),
      },
    },
    {
      type: "input",
      block_id: FIELD_BLOCKS.vendorName,
      optional: true,
      label: plain("Other vendor's name"),
      hint: plain("Only when the vendor is not in the registry"),
      element: { type: "plain_text_input", action_id: "value", max_length: 100 },
    },
  ];
  if (hasModelOptions) {
    blocks.push({
      type: "input",
      block_id: FIELD_BLOCKS.models,
      optional: true,
      label: plain("Models"),
      hint: plain("Leave empty when the whole vendor is affected"),
      element: {
        type: "multi_static_select",
        action_id: "value",
        placeholder: plain("Choose the affected models"),
        ...modelElementOptions,
        ...(initialModels.length > 0 ? { initial_options: initialModels } : {}),
      },
    });
  }
  blocks.push(
    {
      type: "input",
      block_id: FIELD_BLOCKS.type,
      label: plain("Type"),
      element: {
        type: "static_select",
        action_id: "value",
        placeholder: plain("What happened?"),
        options: INCIDENT_TYPES.map((type) => option(type, label(type))),
      },
    },
    {
      type: "input",
      block_id: FIELD_BLOCKS.severity,
      label: plain("Severity"),
      element: {
        type: "static_select",
        action_id: "value",
        placeholder: plain("How bad is it?"),
        options: SEVERITIES.map((severity) => option(severity, severity, SEVERITY_MEANINGS[severity])),
      },
    },
    {
      type: "input",
      block_id: FIELD_BLOCKS.title,
      label: plain("Title"),
      element: {
        type: "plain_text_input",
        action_id: "value",
        max_length: 150,
        ...(defaults.title ? { initial_value: truncate(defaults.title, 150) } : {}),
      },
    },
    {
      type: "input",
      block_id: FIELD_BLOCKS.description,
      optional: true,
      label: plain("Description"),
      element: {
        type: "plain_text_input",
        action_id: "value",
        multiline: true,
        max_length: 3000,
        ...(defaults.description ? { initial_value: truncate(defaults.description, 3000) } : {}),
      },
    },
    {
      type: "input",
      block_id: FIELD_BLOCKS.startedAt,
      label: plain("Started at"),
      hint: plain("In your time zone; stored in UTC"),
      element: {
        type: "datetimepicker",
        action_id: "value",
        initial_date_time: Math.floor(defaults.startedAt.getTime() / 1000),
      },
    },
    {
      type: "input",
      block_id: FIELD_BLOCKS.impact,
      optional: true,
      label: plain("Impact notes"),
      element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 3000 },
    },
  );
  return {
    type: "modal",
    callback_id: INCIDENT_MODAL,
    title: plain("Log vendor incident"),
    submit: plain("Log incident"),
    close: plain("Cancel"),
    private_metadata: metadata,
    blocks,
  };
}

/** A Slack user as a mention; other actors (the CLI, a feed) as plain text. */
export function mention(actor: string): string {
  return /^[UW][A-Z0-9]+$/.test(actor) ? `<@${actor}>` : escapeText(actor);
}

/** A date Slack renders in each viewer's own time zone. */
function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${iso.replace("T", " ").slice(0, 16)} UTC>`;
}

const STATUS_EMOJI: Record<IncidentStatus, string> = {
  open: ":red_circle:",
  investigating: ":mag:",
  mitigated: ":large_yellow_circle:",
  resolved: ":white_check_mark:",
};

export interface CardContext {
  systems: System[];
  modelNames: Map<string, string>;
  lastUpdate: IncidentEvent | null;
}

/** The incident card posted in the thread; updated in place on every change. */
export function buildIncidentCard(incident: Incident, context: CardContext): { text: string; blocks: KnownBlock[] } {
  const models = incident.models.map((id) => context.modelNames.get(id) ?? id);
  const fields = [
    `*Vendor*\n${escapeText(incident.vendorName)}`,
    `*Models*\n${models.length > 0 ? escapeText(models.join(", ")) : "all of the vendor's"}`,
    `*Type*\n${label(incident.type)}`,
    `*Severity*\n${incident.severity}: ${SEVERITY_MEANINGS[incident.severity]}`,
    `*Status*\n${STATUS_EMOJI[incident.status]} ${incident.status}`,
    `*Reporter*\n${mention(incident.reporter)}`,
    `*Started*\n${slackDate(incident.startedAt)}`,
    `*Source*\n${incident.sourceUrl ? link(incident.sourceUrl, "original message") : incident.source}`,
  ];
  const systems =
    context.systems.length > 0
      ? context.systems
          .slice(0, 20)
          .map(
            (s) =>
              `• *${escapeText(s.name)}*${s.owner ? `, owner <@${s.owner}>` : ""}${s.channel ? ` in <#${s.channel}>` : ""}`,
          )
          .join("\n")
      : "None in the registry.";
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(`${incident.key} · ${incident.title}`, 150) } },
    { type: "section", fields: fields.map((text) => ({ type: "mrkdwn", text: truncate(text, 2000) })) },
    { type: "section", text: { type: "mrkdwn", text: truncate(`*Affected systems*\n${systems}`, 3000) } },
  ];
  if (incident.description) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: truncate(`*Description*\n${escapeText(incident.description)}`, 3000) },
    });
  }
  if (context.lastUpdate?.note && context.lastUpdate.kind !== "created") {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: truncate(
            `Latest update by ${mention(context.lastUpdate.actor)}: ${escapeText(context.lastUpdate.note)}`,
            3000,
          ),
        },
      ],
    });
  }
  const value = String(incident.id);
  blocks.push({
    type: "actions",
    block_id: "incident_actions",
    elements: [
      { type: "button", action_id: ADD_UPDATE_ACTION, text: plain("Add update"), value },
      { type: "button", action_id: CHANGE_STATUS_ACTION, text: plain("Change status"), value },
      { type: "button", action_id: CHANGE_SEVERITY_ACTION, text: plain("Change severity"), value },
      ...(incident.status === "resolved"
        ? []
        : [
            {
              type: "button" as const,
              action_id: RESOLVE_ACTION,
              text: plain("Resolve"),
              value,
              style: "primary" as const,
            },
          ]),
    ],
  });
  const text = `${incident.key} ${escapeText(incident.title)}: ${label(incident.type)}, ${incident.severity}, ${incident.status}`;
  return { text, blocks };
}

export function buildUpdateModal(incident: Incident): ModalView {
  return {
    type: "modal",
    callback_id: UPDATE_MODAL,
    title: plain(`Update ${incident.key}`),
    submit: plain("Add update"),
    close: plain("Cancel"),
    private_metadata: String(incident.id),
    blocks: [
      {
        type: "input",
        block_id: "note",
        label: plain("What changed?"),
        element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 3000 },
      },
    ],
  };
}

export function buildStatusModal(incident: Incident): ModalView {
  return {
    type: "modal",
    callback_id: STATUS_MODAL,
    title: plain(`Status of ${incident.key}`),
    submit: plain("Change status"),
    close: plain("Cancel"),
    private_metadata: String(incident.id),
    blocks: [
      {
        type: "input",
        block_id: "status",
        label: plain(`Now ${incident.status}; new status`),
        element: {
          type: "static_select",
          action_id: "value",
          options: INCIDENT_STATUSES.filter((s) => s !== incident.status).map((s) => option(s, s)),
        },
      },
      noteInput(),
    ],
  };
}

export function buildSeverityModal(incident: Incident): ModalView {
  return {
    type: "modal",
    callback_id: SEVERITY_MODAL,
    title: plain(`Severity of ${incident.key}`),
    submit: plain("Change severity"),
    close: plain("Cancel"),
    private_metadata: String(incident.id),
    blocks: [
      {
        type: "input",
        block_id: "severity",
        label: plain(`Now ${incident.severity}; new severity`),
        element: {
          type: "static_select",
          action_id: "value",
          options: SEVERITIES.filter((s) => s !== incident.severity).map((s: Severity) =>
            option(s, s, SEVERITY_MEANINGS[s]),
          ),
        },
      },
      noteInput(),
    ],
  };
}

function noteInput(): KnownBlock {
  return {
    type: "input",
    block_id: "note",
    optional: true,
    label: plain("Note"),
    element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 3000 },
  };
}

/** The reply offering to log a message as an incident; `value` names the message, sealed by the caller. */
export function buildLogItPrompt(value: string, text: string): { text: string; blocks: KnownBlock[] } {
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      {
        type: "actions",
        block_id: "incident_log_it",
        elements: [
          {
            type: "button",
            action_id: LOG_MESSAGE_ACTION,
            text: plain(":rotating_light: Log it"),
            value,
            style: "danger",
          },
        ],
      },
    ],
  };
}

/** What a list page shows, and what its Next button asks for. */
export interface IncidentListQuery {
  scope: "open" | "all";
  vendorId: string | null;
  /** Keyset cursor: incidents older than this id; null for the first page. */
  beforeId: number | null;
  /** How many earlier pages showed, to number this page's lines. */
  shown: number;
}

/** The Next button's value; the listener reads it back with `parseIncidentListQuery`. */
export function incidentListQueryValue(query: IncidentListQuery): string {
  return JSON.stringify(query);
}

export function parseIncidentListQuery(value: string | undefined): IncidentListQuery | null {
  try {
    const query = JSON.parse(value ?? "") as Partial<IncidentListQuery>;
    if (query.scope !== "open" && query.scope !== "all") return null;
    if (!Number.isInteger(query.beforeId) || !Number.isInteger(query.shown)) return null;
    return {
      scope: query.scope,
      vendorId: typeof query.vendorId === "string" ? query.vendorId : null,
      beforeId: query.beforeId as number,
      shown: query.shown as number,
    };
  } catch {
    return null;
  }
}

/**
 * One page of a list: the total, the page's incidents and, when more
 * follow, a Next button (or, where no button can answer, a pointer to the CLI).
 */
export function buildIncidentList(
  incidents: readonly Incident[],
  total: number,
  query: IncidentListQuery,
  options: { pager?: boolean } = {},
): { text: string; blocks: KnownBlock[] } {
  const scope = query.scope === "open" ? "open" : "logged";
  if (total === 0) {
    return {
      text: `No ${scope} incidents.`,
      blocks: [{ type: "section", text: { type: "mrkdwn", text: `No ${scope} incidents.` } }],
    };
  }
  const lines = incidents.map((incident) => {
    const key = link(incident.cardUrl ?? incident.sourceUrl, incident.key);
    return `• ${STATUS_EMOJI[incident.status]} *${key}* ${escapeText(incident.title)} · ${escapeText(incident.vendorName)}, ${label(incident.type)}, ${incident.severity}, ${incident.status}`;
  });
  const last = incidents[incidents.length - 1];
  const more = last !== undefined && query.shown + incidents.length < total;
  const heading = count(total, `${scope} incident`);
  const range = total > incidents.length ? ` (${query.shown + 1}–${query.shown + incidents.length}, newest first)` : "";
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: `*${heading}*${range}` } },
    { type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n") || " ", 3000) } },
  ];
  if (more && options.pager) {
    const next = incidentListQueryValue({ ...query, beforeId: last.id, shown: query.shown + incidents.length });
    blocks.push({
      type: "actions",
      block_id: "incident_list_pager",
      elements: [{ type: "button", action_id: NEXT_PAGE_ACTION, text: plain("Next"), value: next }],
    });
  } else if (more) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: "See them all with `/aigov incidents`, or `npx aigov incident list`." }],
    });
  }
  return { text: heading, blocks };
}
