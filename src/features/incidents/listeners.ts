import { createHash, randomBytes } from "node:crypto";
import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockStaticSelectAction,
  MessageShortcut,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import type { Subcommand } from "../../slack/aigov-command.ts";
import { claimViewSubmission } from "../../slack/event-dedupe.ts";
import { escapeText, link } from "../../slack/mrkdwn.ts";
import { runListener } from "../../slack/run-listener.ts";
import type { ValueSealer } from "../../slack/signed-values.ts";
import type { Registrar } from "../../slack/slack-surface.ts";
import type { Incident, NewIncident } from "./incident.ts";
import {
  ADD_UPDATE_ACTION,
  buildIncidentList,
  buildIncidentModal,
  buildLogItPrompt,
  buildSeverityModal,
  buildStatusModal,
  buildUpdateModal,
  CHANGE_SEVERITY_ACTION,
  CHANGE_STATUS_ACTION,
  FIELD_BLOCKS,
  INCIDENT_MODAL,
  INCIDENT_PAGE_SIZE,
  type IncidentFormDefaults,
  type IncidentListQuery,
  LOG_MESSAGE_ACTION,
  LOG_SHORTCUT,
  NEXT_PAGE_ACTION,
  OTHER_VENDOR,
  parseIncidentListQuery,
  RESOLVE_ACTION,
  SEVERITY_MODAL,
  STATUS_MODAL,
  UPDATE_MODAL,
  VENDOR_SELECT_ACTION,
} from "./incident-blocks.ts";
import { incidentModalMetadataSchema, incidentStatusSchema, severitySchema } from "./incident-schemas.ts";
import type { IncidentService } from "./incident-service.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type ViewValues = ViewSubmitAction["view"]["state"]["values"];

/** A thread reply like "@aigov update: vendor confirms a fix". */
const THREAD_UPDATE = /^\s*update\s*:\s*([\s\S]+)$/i;
const MENTION = /<@[UW][A-Z0-9]+>/g;

interface SourceMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  text: string;
  /** What a shortcut payload claims about the message, to be checked at submission; null when the bot read it itself. */
  claimed: { author: string | null; textHash: string } | null;
}

const textHashOf = (text: string) => createHash("sha256").update(text).digest("base64url");

export function incidentSubcommands(deps: Pick<Deps, "incidents" | "now">, sealer: ValueSealer): Subcommand[] {
  return [
    {
      name: "incident",
      usage: "/aigov incident [summary]",
      summary: "log an AI vendor incident (opens a form)",
      run: async ({ command, client }, summary) => {
        await openIncidentForm({ ...deps, sealer }, client, {
          triggerId: command.trigger_id,
          user: command.user_id,
          source: null,
          title: summary || null,
        });
      },
    },
    {
      name: "incidents",
      usage: "/aigov incidents [open|all] [vendor]",
      summary: "list vendor incidents, with links",
      run: async ({ respond }, rest) => {
        const words = rest.split(/\s+/).filter(Boolean);
        const scope = words[0] === "all" || words[0] === "open" ? (words.shift() as string) : "open";
        const vendor = words.length > 0 ? await deps.incidents.vendorNamed(words.join(" ")) : null;
        const query: IncidentListQuery = {
          scope: scope === "open" ? "open" : "all",
          vendorId: vendor?.id ?? null,
          beforeId: null,
          shown: 0,
        };
        await respond({ response_type: "ephemeral", ...(await incidentListPage(deps.incidents, query)) });
      },
    },
    {
      name: "settings",
      usage: "/aigov settings suggest on|off",
      summary: "in this channel, offer to log messages that sound like vendor trouble (leads only)",
      run: async ({ command, respond }, rest) => {
        const match = rest.match(/^suggest\s+(on|off)$/i);
        if (!match) throw new AppError("usage", "Usage: `/aigov settings suggest on|off`");
        const on = match[1]?.toLowerCase() === "on";
        await deps.incidents.setSuggestions(command.channel_id, on, command.user_id);
        await respond({
          response_type: "ephemeral",
          text: on
            ? "I will offer to log messages that sound like AI vendor trouble in this channel."
            : "I will no longer offer to log incidents from messages in this channel.",
        });
      },
    },
  ];
}

async function incidentListPage(incidents: IncidentService, query: IncidentListQuery) {
  const filter = { openOnly: query.scope === "open", ...(query.vendorId ? { vendorId: query.vendorId } : {}) };
  const [page, total] = await Promise.all([
    incidents.list({
      ...filter,
      limit: INCIDENT_PAGE_SIZE,
      ...(query.beforeId === null ? {} : { beforeId: query.beforeId }),
    }),
    incidents.count(filter),
  ]);
  return buildIncidentList(page, total, query, { pager: true });
}

async function openIncidentForm(
  deps: Pick<IncidentListenerDeps, "incidents" | "now" | "sealer">,
  client: WebClient,
  {
    triggerId,
    user,
    source,
    title,
  }: { triggerId: string; user: string; source: SourceMessage | null; title: string | null },
): Promise<void> {
  const registry = await deps.incidents.registry();
  const guess = source ? await deps.incidents.guessFromText(source.text) : { vendorId: null, modelIds: [] };
  const defaults: IncidentFormDefaults = {
    vendorId: guess.vendorId,
    modelIds: guess.modelIds,
    title,
    description: source?.text ?? null,
    startedAt: source ? new Date(Number(source.ts) * 1000) : deps.now(),
  };
  const form = randomBytes(12).toString("hex");
  const metadata = deps.sealer.seal({
    ...(source
      ? {
          source: "slack_message",
          channel: source.channel,
          ts: source.ts,
          threadTs: source.threadTs,
          author: source.claimed?.author ?? null,
          textHash: source.claimed?.textHash ?? null,
        }
      : { source: "command", channel: null, ts: null, threadTs: null }),
    user,
    form,
  });
  await client.views.open({
    trigger_id: triggerId,
    view: { ...buildIncidentModal(registry, defaults, metadata), external_id: formViewId(form) },
  });
}

/** The incident form's external_id: the bot updates a form by it, never by a view id from a payload. */
function formViewId(form: string): string {
  return `incident-form-${form}`;
}

/**
 * What the bot put in the incident form, if it did and the form is the
 * user's own; else the refusal. A payload signed by someone holding the
 * signing secret could otherwise send a card to any channel, or change
 * another user's form.
 */
function formMetadata(sealer: ValueSealer, privateMetadata: string, userId: string) {
  const parsed = incidentModalMetadataSchema.safeParse(sealer.open(privateMetadata));
  if (!parsed.success || parsed.data.user !== userId) {
    throw new AppError(
      "forbidden",
      "That form did not come from me for you, so I did nothing with it. Open a new one with `/aigov incident`.",
    );
  }
  return parsed.data;
}

async function replyInCardThread(client: WebClient, incident: Incident, text: string): Promise<void> {
  if (!incident.cardChannel || !incident.cardTs) return;
  await client.chat.postMessage({ channel: incident.cardChannel, thread_ts: incident.cardTs, text });
}

function readForm(
  values: ViewValues,
  metadata: { source: NewIncident["source"]; channel: string | null; ts: string | null },
  reporter: string,
): NewIncident {
  const field = (block: string, action = "value") => values[block]?.[action];
  const vendor = field(FIELD_BLOCKS.vendorId, VENDOR_SELECT_ACTION)?.selected_option?.value ?? null;
  const seconds = field(FIELD_BLOCKS.startedAt)?.selected_date_time;
  const text = (block: string) => {
    const value = field(block)?.value?.trim();
    return value ? value : null;
  };
  return {
    vendorId: vendor === OTHER_VENDOR ? null : vendor,
    vendorName: vendor === OTHER_VENDOR ? text(FIELD_BLOCKS.vendorName) : null,
    models: (field(FIELD_BLOCKS.models)?.selected_options ?? []).map((option) => option.value),
    type: (field(FIELD_BLOCKS.type)?.selected_option?.value ?? "") as NewIncident["type"],
    severity: (field(FIELD_BLOCKS.severity)?.selected_option?.value ?? "") as NewIncident["severity"],
    title: text(FIELD_BLOCKS.title) ?? "",
    description: text(FIELD_BLOCKS.description),
    impact: text(FIELD_BLOCKS.impact),
    startedAt: typeof seconds === "number" ? new Date(seconds * 1000).toISOString() : "",
    reporter,
    source: metadata.source,
    sourceChannel: metadata.channel,
    sourceTs: metadata.ts,
    sourceUrl: null,
  };
}

function incidentIdFrom(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new AppError("invalid_input", "That button does not name an incident.");
  return id;
}

/** Everything the incident listeners use; each handler takes only its part. */
export type IncidentListenerDeps = Pick<Deps, "incidents" | "notices" | "db" | "now" | "logger" | "config"> & {
  sealer: ValueSealer;
};
type Uses<K extends keyof IncidentListenerDeps> = Pick<IncidentListenerDeps, K>;
type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;
type SelectArgs = SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs;

/** The "Log as incident" message shortcut: the form, pre-filled from the message, unless it is logged already. */
export function logShortcutUsed(deps: Uses<"incidents" | "now" | "sealer">) {
  return async ({ shortcut, client, respond }: ShortcutArgs) => {
    const channel = shortcut.channel.id;
    const ts = shortcut.message.ts;
    const existing = await deps.incidents.findBySourceMessage(channel, ts);
    if (existing) {
      await respond({ response_type: "ephemeral", text: alreadyLogged(existing) });
      return;
    }
    const text = shortcut.message.text ?? "";
    const source = {
      channel,
      ts,
      threadTs: shortcut.message.thread_ts ?? null,
      text,
      claimed: { author: shortcut.message.user ?? null, textHash: textHashOf(text) },
    };
    await openIncidentForm(deps, client, {
      triggerId: shortcut.trigger_id,
      user: shortcut.user.id,
      source,
      title: null,
    });
  };
}

/** A vendor chosen in the incident form: the form again, with that vendor's models. */
export function vendorChosen({ incidents, sealer }: Uses<"incidents" | "sealer">) {
  return async ({ action, body, client }: SelectArgs) => {
    if (!body.view) return;
    const metadata = formMetadata(sealer, body.view.private_metadata, body.user.id);
    const registry = await incidents.registry();
    const values = body.view.state.values;
    const view = buildIncidentModal(
      registry,
      {
        vendorId: action.selected_option?.value ?? null,
        modelIds: [],
        title: values[FIELD_BLOCKS.title]?.value?.value ?? null,
        description: values[FIELD_BLOCKS.description]?.value?.value ?? null,
        startedAt: new Date(
          ((values[FIELD_BLOCKS.startedAt]?.value?.selected_date_time as number | undefined) ?? Date.now() / 1000) *
            1000,
        ),
      },
      body.view.private_metadata,
    );
    const externalId = formViewId(metadata.form);
    await client.views.update({
      external_id: externalId,
      hash: body.view.hash,
      view: { ...view, external_id: externalId },
    });
  };
}

/** The incident form submitted: field errors back in the form, else the incident, its card and a notice offer. */
export function incidentFormSubmitted(deps: Uses<"incidents" | "notices" | "db" | "now" | "logger" | "sealer">) {
  return async ({ ack, view, body, client }: ViewArgs) => {
    let metadata: ReturnType<typeof formMetadata>;
    try {
      metadata = formMetadata(deps.sealer, view.private_metadata, body.user.id);
    } catch (refusal) {
      await ack();
      throw refusal;
    }
    const input = readForm(view.state.values, metadata, body.user.id);
    const checked = await deps.incidents.validate(input);
    if (!checked.ok) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(checked.errors)) {
        const block = FIELD_BLOCKS[field as keyof typeof FIELD_BLOCKS] ?? FIELD_BLOCKS.title;
        errors[block] ??= message.charAt(0).toUpperCase() + message.slice(1);
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    if (!(await claimViewSubmission(deps.db, view.id, deps.now()))) {
      deps.logger.info(`ignoring a repeated submission of form ${view.id}`);
      return;
    }
    // After the acknowledgement, with no trigger to keep: a shortcut's message must be in its channel as claimed.
    const unconfirmed = !(await shortcutMessageConfirmed(client, metadata));
    const source = unconfirmed ? { source: "command" as const, sourceChannel: null, sourceTs: null } : {};
    const sourceUrl =
      metadata.channel && metadata.ts && !unconfirmed
        ? await client.chat
            .getPermalink({ channel: metadata.channel, message_ts: metadata.ts })
            .then((result) => result.permalink ?? null)
            .catch(() => null)
        : null;
    const { incident, created } = await deps.incidents.create({ ...checked.incident, ...source, sourceUrl });
    if (!created) {
      await tellUser(client, body.user.id, unconfirmed ? null : metadata.channel, alreadyLogged(incident));
      return;
    }
    const carded = await deps.incidents.publishCard(incident.id, unconfirmed ? null : metadata.threadTs);
    if (unconfirmed) await tellCardMoved(client, body.user.id, metadata.channel, carded);
    await deps.notices.offerNotice(incident.id, body.user.id);
  };
}

/**
 * Whether the message a shortcut named is in its channel, by the author and
 * with the text the payload claimed. Someone holding the signing secret can
 * send a shortcut naming any channel, and the card would go there. Slack
 * is asked for that one message (the bot reads history anyway); a message it
 * cannot find, or cannot be asked about, is not confirmed. True for forms
 * whose message the bot read itself, or that came from no message.
 */
async function shortcutMessageConfirmed(
  client: WebClient,
  metadata: ReturnType<typeof formMetadata>,
): Promise<boolean> {
  const { channel, ts, textHash } = metadata;
  if (textHash === null || !channel || !ts) return true;
  const found = await client.conversations
    .replies({ channel, ts: metadata.threadTs ?? ts, oldest: ts, latest: ts, inclusive: true })
    .then((result) => result.messages?.find((message) => message.ts === ts) ?? null)
    .catch(() => null);
  return found !== null && (found.user ?? null) === metadata.author && textHashOf(found.text ?? "") === textHash;
}

/** The reporter, by direct message: their card is not where the message they logged claimed to be. */
async function tellCardMoved(client: WebClient, user: string, claimed: string | null, incident: Incident) {
  const where =
    incident.cardChannel === null
      ? "it has no card yet"
      : incident.cardChannel === user
        ? "its card is here, in our direct messages"
        : `its card is in <#${incident.cardChannel}>`;
  // The channel id came from the payload: shown as a channel only when it is shaped like one.
  const named = claimed && /^[CG][A-Z0-9]+$/.test(claimed) ? `<#${claimed}>` : "its channel";
  const text = `I could not find the message you logged in ${named} as the shortcut described it, so I did not post ${link(incident.cardUrl, incident.key)} there and did not link it to that message: ${where}.`;
  await client.chat.postMessage({ channel: user, text });
}

/** "Add update" on a card: the update form. */
export function addUpdateClicked({ incidents }: Uses<"incidents">) {
  return async ({ action, body, client }: ButtonArgs) => {
    const incident = await incidents.get(incidentIdFrom(action.value));
    await client.views.open({ trigger_id: body.trigger_id, view: buildUpdateModal(incident) });
  };
}

/** "Change status" or "Change severity" on a card: refused to non-leads before the form appears. */
export function triageClicked(field: "status" | "severity", { incidents }: Uses<"incidents">) {
  return async ({ action, body, client }: ButtonArgs) => {
    await incidents.assertLead(body.user.id, `change an incident's ${field}`);
    const incident = await incidents.get(incidentIdFrom(action.value));
    const view = field === "status" ? buildStatusModal(incident) : buildSeverityModal(incident);
    await client.views.open({ trigger_id: body.trigger_id, view });
  };
}

/** "Resolve" on a card: leads only; the card is refreshed and the thread told. */
export function resolveClicked({ incidents }: Uses<"incidents">) {
  return async ({ action, body, client }: ButtonArgs) => {
    const resolved = await incidents.changeStatus(incidentIdFrom(action.value), "resolved", {
      id: body.user.id,
      requireLead: true,
    });
    const incident = await incidents.publishCard(resolved.id);
    await replyInCardThread(client, incident, `:white_check_mark: <@${body.user.id}> resolved ${incident.key}.`);
  };
}

/** The update form submitted: the note in the timeline, the card refreshed, the thread told. */
export function updateFormSubmitted({ incidents, db, now }: Uses<"incidents" | "db" | "now">) {
  return async ({ view, body, client }: ViewArgs) => {
    if (!(await claimViewSubmission(db, view.id, now()))) return;
    const note = view.state.values.note?.value?.value ?? "";
    const updated = await incidents.addUpdate(incidentIdFrom(view.private_metadata), body.user.id, note);
    const incident = await incidents.publishCard(updated.id);
    await replyInCardThread(client, incident, `:memo: Update from <@${body.user.id}>: ${escapeText(note)}`);
  };
}

/** Status and severity forms submitted: leads only, then the card, a thread reply and a notice offer. */
export function triageFormSubmitted(
  field: "status" | "severity",
  { incidents, notices, db, now }: Uses<"incidents" | "notices" | "db" | "now">,
) {
  return async ({ view, body, client }: ViewArgs) => {
    if (!(await claimViewSubmission(db, view.id, now()))) return;
    const chosen = view.state.values[field]?.value?.selected_option?.value;
    const note = view.state.values.note?.value?.value ?? null;
    const actor = { id: body.user.id, requireLead: true };
    const before = await incidents.get(incidentIdFrom(view.private_metadata));
    const changed =
      field === "status"
        ? await incidents.changeStatus(before.id, incidentStatusSchema.parse(chosen), actor, note)
        : await incidents.changeSeverity(before.id, severitySchema.parse(chosen), actor, note);
    const incident = await incidents.publishCard(changed.id);
    await replyInCardThread(
      client,
      incident,
      `<@${body.user.id}> changed the ${field} of ${incident.key}: ${before[field]} → ${incident[field]}${note ? `. ${escapeText(note)}` : ""}`,
    );
    await notices.offerNotice(incident.id, body.user.id);
  };
}

/** "Log it" under a flagged or matched message: the form, pre-filled from that message. */
export function logMessageClicked(deps: Uses<"incidents" | "now" | "sealer">) {
  return async ({ action, body, client, respond }: ButtonArgs) => {
    // A forged value could otherwise open a form showing a message from a channel the clicker cannot see.
    const target = deps.sealer.open(action.value);
    if (typeof target?.channel !== "string" || typeof target.ts !== "string") {
      throw new AppError("forbidden", "That button did not come from me, so I did nothing with it.");
    }
    const existing = await deps.incidents.findBySourceMessage(target.channel, target.ts);
    if (existing) {
      await respond({ response_type: "ephemeral", replace_original: false, text: alreadyLogged(existing) });
      return;
    }
    const message = await client.conversations
      .replies({ channel: target.channel, ts: target.ts, limit: 1, inclusive: true })
      .then((result) => result.messages?.find((m) => m.ts === target.ts) ?? null)
      .catch(() => null);
    const source = {
      channel: target.channel,
      ts: target.ts,
      threadTs: message?.thread_ts ?? null,
      text: message?.text ?? "",
      claimed: null,
    };
    await openIncidentForm(deps, client, { triggerId: body.trigger_id, user: body.user.id, source, title: null });
  };
}

/** "Next page" under an incident list. */
export function nextPageClicked({ incidents }: Uses<"incidents">) {
  return async ({ action, respond }: ButtonArgs) => {
    const query = parseIncidentListQuery(action.value);
    if (!query) throw new AppError("invalid_input", "That button does not name a page of incidents.");
    await respond({
      response_type: "ephemeral",
      replace_original: true,
      ...(await incidentListPage(incidents, query)),
    });
  };
}

/** The incident reaction on a message: a prompt to log it, in its thread. */
export function reactionAdded({ incidents, config, sealer }: Uses<"incidents" | "config" | "sealer">) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"reaction_added"> & AllMiddlewareArgs) => {
    if (event.reaction !== config.incidentReaction || event.item.type !== "message") return;
    const { channel, ts } = event.item;
    const existing = await incidents.findBySourceMessage(channel, ts);
    const prompt = existing
      ? { text: `This message is already logged as ${existing.key}.` }
      : buildLogItPrompt(
          sealer.seal({ channel, ts }),
          `<@${event.user}> flagged this message. Is it an AI vendor incident?`,
        );
    await client.chat.postMessage({ channel, thread_ts: ts, ...prompt });
  };
}

/** A channel message that sounds like vendor trouble: a private offer to log it, once per thread. */
export function channelMessagePosted(
  channelType: "channel" | "group",
  { incidents, logger, sealer }: Uses<"incidents" | "logger" | "sealer">,
) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs) => {
    if (event.channel_type !== channelType || event.subtype !== undefined || ("bot_id" in event && event.bot_id))
      return;
    if (!("text" in event) || !event.text || !event.user) return;
    if (context.botUserId && event.text.includes(`<@${context.botUserId}>`)) return;
    // Before the matching, which costs every message time: most channels may have switched it off.
    if (!(await incidents.suggestionsOn(event.channel))) {
      logger.debug(`suggestions are off in ${event.channel}; message not matched`);
      return;
    }
    if (!(await incidents.soundsLikeTrouble(event.text))) return;
    if (!(await incidents.claimSuggestion(event.channel, event.thread_ts ?? event.ts))) return;
    await client.chat.postEphemeral({
      channel: event.channel,
      user: event.user,
      ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      ...buildLogItPrompt(
        sealer.seal({ channel: event.channel, ts: event.ts }),
        "This sounds like trouble with an AI vendor. Log it as an incident?",
      ),
    });
  };
}

/** "@aigov update: …" in an incident's thread: the note in its timeline. */
export function appMentioned({ incidents }: Uses<"incidents">) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs) => {
    const match = event.text.replace(MENTION, " ").match(THREAD_UPDATE);
    if (!event.thread_ts || !match || !event.user) return;
    const incident = await incidents.findByThread(event.channel, event.thread_ts);
    if (!incident) {
      await client.chat.postEphemeral({
        channel: event.channel,
        user: event.user,
        thread_ts: event.thread_ts,
        text: "There is no incident in this thread. Log one first with the message shortcut or `/aigov incident`.",
      });
      return;
    }
    const updated = await incidents.addUpdate(incident.id, event.user, (match[1] ?? "").trim());
    await incidents.publishCard(updated.id);
    await client.chat.postMessage({
      channel: event.channel,
      thread_ts: event.thread_ts,
      text: `:memo: Added to ${updated.key}'s timeline.`,
    });
  };
}

/** Wires the incident handlers, each wrapped in `runListener`. */
export function registerIncidentListeners(
  registrar: Registrar,
  deps: Pick<Deps, "incidents" | "notices" | "db" | "now" | "logger" | "config" | "followUps">,
  sealer: ValueSealer,
): void {
  const uses: IncidentListenerDeps = { ...deps, sealer };
  registrar.shortcut<MessageShortcut>(LOG_SHORTCUT, runListener(deps, logShortcutUsed(uses)));
  registrar.action<BlockStaticSelectAction>(VENDOR_SELECT_ACTION, runListener(deps, vendorChosen(uses)));
  registrar.view<ViewSubmitAction>(INCIDENT_MODAL, runListener(deps, incidentFormSubmitted(uses), { ack: "manual" }));
  registrar.action<BlockButtonAction>(ADD_UPDATE_ACTION, runListener(deps, addUpdateClicked(uses)));
  registrar.action<BlockButtonAction>(CHANGE_STATUS_ACTION, runListener(deps, triageClicked("status", uses)));
  registrar.action<BlockButtonAction>(CHANGE_SEVERITY_ACTION, runListener(deps, triageClicked("severity", uses)));
  registrar.action<BlockButtonAction>(RESOLVE_ACTION, runListener(deps, resolveClicked(uses)));
  registrar.view<ViewSubmitAction>(UPDATE_MODAL, runListener(deps, updateFormSubmitted(uses)));
  registrar.view<ViewSubmitAction>(STATUS_MODAL, runListener(deps, triageFormSubmitted("status", uses)));
  registrar.view<ViewSubmitAction>(SEVERITY_MODAL, runListener(deps, triageFormSubmitted("severity", uses)));
  registrar.action<BlockButtonAction>(LOG_MESSAGE_ACTION, runListener(deps, logMessageClicked(uses)));
  registrar.action<BlockButtonAction>(NEXT_PAGE_ACTION, runListener(deps, nextPageClicked(uses)));
  registrar.event("reaction_added", "reaction_added", runListener(deps, reactionAdded(uses)));
  // Public and private channels alike: each subscription's listener takes its own channel type.
  registrar.event("message.channels", "message", runListener(deps, channelMessagePosted("channel", uses)));
  registrar.event("message.groups", "message", runListener(deps, channelMessagePosted("group", uses)));
  registrar.event("app_mention", "app_mention", runListener(deps, appMentioned(uses)));
}

function alreadyLogged(incident: Incident): string {
  return `This message is already logged as ${link(incident.cardUrl ?? incident.sourceUrl, incident.key)}: ${escapeText(incident.title)}.`;
}

async function tellUser(client: WebClient, user: string, channel: string | null, text: string): Promise<void> {
  if (channel) {
    await client.chat
      .postEphemeral({ channel, user, text })
      .catch(() => client.chat.postMessage({ channel: user, text }));
  } else {
    await client.chat.postMessage({ channel: user, text });
  }
}
