import type { KnownBlock } from "@slack/types";
import { count } from "../../plural.ts";
import { escapeText, truncate } from "../../slack/mrkdwn.ts";
import type { ModelSummary } from "../registry/registry.ts";

export const ACK_ACTION = "notice_ack";
export const POST_NOTICE_ACTION = "notice_post";
/** Slack message metadata type that marks a notice, carrying its delivery id. */
export const NOTICE_EVENT_TYPE = "aigov_notice";

const MAX_SYSTEM_SECTIONS = 20;

export interface NoticeSystemView {
  id: string;
  name: string;
  owner: string | null;
  dataClass: string;
  affectedModels: string[];
  alternatives: ModelSummary[];
  acknowledgedBy: string | null;
}

export interface NoticeView {
  noticeId: number;
  headline: string;
  /** mrkdwn: what happened, since when, the source. */
  what: string;
  systems: NoticeSystemView[];
  footer: string;
  leads: string[];
}

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

/** A notice to one audience: what happened, and per affected system what to switch to. */
export function buildNoticeMessage(view: NoticeView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(view.headline, 150) } },
    { type: "section", text: { type: "mrkdwn", text: truncate(view.what, 3000) } },
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
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncate(view.footer, 3000) }] });
  const names = view.systems.map((s) => s.name).join(", ");
  return {
    text: truncate(escapeText(`${view.headline}. Affected: ${names || "no registered system"}.`), 3000),
    blocks,
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
