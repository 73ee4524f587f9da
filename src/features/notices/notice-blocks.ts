import type { KnownBlock } from "@slack/types";
import { count } from "../../plural.ts";
import { escapeText, link, truncate } from "../../slack/mrkdwn.ts";
import type { ModelSummary } from "../registry/registry.ts";
import type { DeliveryContent, FailedDeliveryView, NoticeSystemView, NoticeView } from "./notice-view.ts";

export const ACK_ACTION = "notice_ack";
export const POST_NOTICE_ACTION = "notice_post";
/** Slack message metadata type that marks a notice, carrying its delivery id. */
export const NOTICE_EVENT_TYPE = "aigov_notice";

const MAX_SYSTEM_SECTIONS = 20;

/** A delivery ready to send: where, what, and for a status update the message it edits. */
export interface RenderedDelivery {
  text: string;
  blocks: KnownBlock[];
  threadTs: string | null;
  edit: { channel: string; ts: string; text: string; blocks: KnownBlock[] } | null;
}

/** Failures listed in one summary; the rest are counted. */
const MAX_FAILURES_LISTED = 50;

function alternativeLine(model: ModelSummary): string {
  const marks = [model.open_weights ? "open weights" : null, model.hosting === "self_hosted" ? "self-hosted" : null]
    .filter(Boolean)
    .join(", ");
  const unlock = model.open_weights || model.hosting === "self_hosted" ? " :unlock:" : "";
  const conditions = model.status === "restricted" ? " (with conditions)" : "";
  return `• ${escapeText(model.name)} \`${model.id}\`${marks ? ` (${marks})` : ""}${conditions}${unlock}`;
}

function systemSection(view: NoticeView, system: NoticeSystemView): KnownBlock {
  const owner = system.owner ? `, owner <@${system.owner}>` : "";
  const uses = `uses ${escapeText(system.affectedModels.join(", "))} with ${escapeText(system.dataClass)} data`;
  const fallback =
    system.alternatives.length > 0
      ? `Approved alternatives for ${escapeText(system.dataClass)} data:\n${system.alternatives.map(alternativeLine).join("\n")}`
      : `:warning: *NO APPROVED ALTERNATIVE fits ${escapeText(system.dataClass)} data.* ${
          view.leads.length > 0
            ? `Talk to ${view.leads.map((id) => `<@${id}>`).join(", ")} now.`
            : "Talk to the AI governance team now."
        }`;
  const acknowledged = system.acknowledgedBy ? `\n:white_check_mark: Acknowledged by <@${system.acknowledgedBy}>` : "";
  return {
    type: "section",
    block_id: truncate(`system:${system.id}`, 255),
    text: {
      type: "mrkdwn",
      text: truncate(`*${escapeText(system.name)}*${owner} ${uses}.\n${fallback}${acknowledged}`, 3000),
    },
    ...(system.acknowledgedBy
      ? {}
      : {
          accessory: {
            type: "button",
            action_id: ACK_ACTION,
            text: { type: "plain_text", text: "Acknowledge" },
            value: `${view.noticeId}:${system.id}`,
          },
        }),
  };
}

/** The headline, what happened (mrkdwn) and the footer of a notice. */
function noticeWording(view: NoticeView): { headline: string; what: string; footer: string } {
  if (view.kind === "retirement") {
    return {
      headline: `:hourglass: ${view.modelName} retires on ${view.retiresOn ?? "?"} (${view.thresholdDays}-day reminder)`,
      what: `*${escapeText(view.modelName)}* \`${view.modelId}\` retires on *${view.retiresOn}*. Systems that depend on it must move before then.`,
      footer: "aigov retirement reminder. Acknowledge for each of your systems once the move is planned.",
    };
  }
  const what = [
    `*${escapeText(view.vendorName)}*: ${view.type.replace(/_/g, " ")} of ${
      view.models.length > 0 ? `*${escapeText(view.models.join(", "))}*` : `all ${escapeText(view.vendorName)} models`
    }, ${view.severity}. Status: *${view.status}*.`,
    `Since <!date^${Math.floor(Date.parse(view.startedAt) / 1000)}^{date_short_pretty} {time}|${view.startedAt}>.${
      view.sourceUrl ? ` ${link(view.sourceUrl, "Source")}.` : ""
    }${view.cardUrl ? ` ${link(view.cardUrl, view.incidentKey)}` : ""}`,
  ].join("\n");
  return {
    headline: `${view.status === "resolved" ? ":white_check_mark: Resolved: " : ":rotating_light: "}${view.title} · ${view.incidentKey}`,
    what,
    footer: `aigov notice for ${view.incidentKey}. Acknowledge for each of your systems once you have a plan.`,
  };
}

/** A notice to one audience: what happened, and per affected system what to switch to. */
export function buildNoticeMessage(view: NoticeView): { text: string; blocks: KnownBlock[] } {
  const { headline, what, footer } = noticeWording(view);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(headline, 150) } },
    { type: "section", text: { type: "mrkdwn", text: truncate(what, 3000) } },
  ];
  if (view.systems.length === 0) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "No system in the registry depends on the affected models." },
    });
  }
  for (const system of view.systems.slice(0, MAX_SYSTEM_SECTIONS)) blocks.push(systemSection(view, system));
  if (view.systems.length > MAX_SYSTEM_SECTIONS) {
    const rest = view.systems.slice(MAX_SYSTEM_SECTIONS).map((s) => escapeText(s.name));
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`…and ${count(rest.length, "more affected system")}: ${rest.join(", ")}`, 3000),
      },
    });
  }
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncate(footer, 3000) }] });
  const names = view.systems.map((s) => s.name).join(", ");
  return {
    text: truncate(escapeText(`${headline}. Affected: ${names || "no registered system"}.`), 3000),
    blocks,
  };
}

/** The notice channel's summary of every delivery of a notice that was given up on. */
export function buildFailureSummary(failures: readonly FailedDeliveryView[]): string {
  if (failures.length === 0) return "A notice could not be delivered everywhere; see `aigov notify` for details.";
  const where = (d: FailedDeliveryView) => (d.targetKind === "owner" ? `<@${d.target}>` : `<#${d.target}>`);
  const lines = failures
    .slice(0, MAX_FAILURES_LISTED)
    .map((d) => `• ${where(d)} after ${count(d.attempts, "attempt")}: ${escapeText(d.lastError ?? "unknown error")}`);
  if (failures.length > MAX_FAILURES_LISTED) lines.push(`…and ${failures.length - MAX_FAILURES_LISTED} more.`);
  return truncate(
    [
      `:x: This notice could not be delivered to ${count(failures.length, "recipient")}. Please tell them directly.`,
      ...lines,
    ].join("\n"),
    3000,
  );
}

/** A delivery as the Slack message to post, or the post to edit and the reply under it. */
export function renderDelivery(content: DeliveryContent): RenderedDelivery {
  if (content.purpose === "failure_report") {
    return { text: buildFailureSummary(content.failures), blocks: [], threadTs: null, edit: null };
  }
  const message = buildNoticeMessage(content.view);
  if (content.purpose === "notice") return { ...message, threadTs: null, edit: null };
  if (content.purpose === "reminder") {
    return {
      text: `Reminder: please acknowledge this notice for your systems. ${message.text}`,
      blocks: [
        {
          type: "section",
          text: { type: "mrkdwn", text: ":bell: *Reminder:* please acknowledge this notice for your systems." },
        },
        ...message.blocks,
      ],
      threadTs: null,
      edit: null,
    };
  }
  return {
    text: `Update: the incident is now ${content.status}.`,
    blocks: [],
    threadTs: content.parent.ts,
    edit: { ...content.parent, ...message },
  };
}

/** What a lead sees before posting: who will be told, where. */
export function buildNoticePreview(
  incidentId: number,
  incidentKey: string,
  audience: { channels: string[]; owners: string[]; systems: string[] },
): { text: string; blocks: KnownBlock[] } {
  const lines = [
    `*A notice is due for ${incidentKey}.* Posting it tells:`,
    `• Channels: ${audience.channels.length > 0 ? audience.channels.map((c) => `<#${c}>`).join(", ") : "none"}`,
    `• Owners, directly: ${audience.owners.length > 0 ? audience.owners.map((u) => `<@${u}>`).join(", ") : "none"}`,
    `• Affected systems: ${audience.systems.length > 0 ? escapeText(audience.systems.join(", ")) : "none in the registry"}`,
  ];
  return {
    text: `A notice is due for ${incidentKey}.`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), 3000) } },
      {
        type: "actions",
        block_id: "notice_preview",
        elements: [
          {
            type: "button",
            action_id: POST_NOTICE_ACTION,
            text: { type: "plain_text", text: "Post notice" },
            style: "primary",
            value: String(incidentId),
          },
        ],
      },
    ],
  };
}

export function buildLockInReport(
  rows: { system: string; owner: string | null; vendors: string[]; singleVendor: boolean; hasAlternative: boolean }[],
): { text: string; blocks: KnownBlock[] } {
  if (rows.length === 0) {
    const text = "No lock-in: every system can switch vendors and has an approved alternative for its data.";
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  const lines = rows.slice(0, 40).map((row) => {
    const reasons = [
      row.singleVendor ? `all its models are from ${escapeText(row.vendors.join(", "))}` : null,
      row.hasAlternative ? null : "*no approved alternative for its data class*",
    ].filter(Boolean);
    return `• *${escapeText(row.system)}*${row.owner ? ` (<@${row.owner}>)` : ""}: ${reasons.join("; ")}`;
  });
  if (rows.length > 40) lines.push(`…and ${rows.length - 40} more`);
  return {
    text: `${count(rows.length, "system")} ${rows.length === 1 ? "is" : "are"} locked in`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Vendor lock-in" } },
      { type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), 3000) } },
    ],
  };
}
