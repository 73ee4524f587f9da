import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/types";
import { escapeText, link, truncate } from "../../slack/mrkdwn.ts";
import type { ModelSummary } from "../registry/registry.ts";
import type { Answer, SystemSummary, Verdict } from "./answer-engine.ts";
import type { ModelCard } from "./answer-service.ts";
import { hostingMarks } from "./answer-text.ts";

export const FEEDBACK_HELPFUL = "answers_feedback_helpful";
export const FEEDBACK_NOT_HELPFUL = "answers_feedback_not_helpful";
/** Buttons to pick one of several models carry their index after a colon. */
export const PICK_MODEL_PREFIX = "answers_pick_model";
export const PICK_MODEL_ACTION = new RegExp(`^${PICK_MODEL_PREFIX}:\\d+$`);

const BADGES: Record<Verdict, string> = {
  yes: ":white_check_mark:",
  conditional: ":warning:",
  no: ":no_entry:",
  unknown: ":question:",
};

const SECTION_LIMIT = 3000;
const MAX_LISTED = 25;

/**
 * What the answer's buttons carry, sealed by the caller so that a click can
 * be checked to name an answer the bot gave: `pick` gives the value of the
 * button choosing a model, by the model's id.
 */
export interface AnswerButtonValues {
  feedback: string;
  pick: (modelId: string) => string;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

function section(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncate(text, SECTION_LIMIT) } };
}

function bulletList<T>(items: readonly T[], line: (item: T) => string): string {
  const shown = items.slice(0, MAX_LISTED).map((item) => `• ${line(item)}`);
  if (items.length > MAX_LISTED) shown.push(`…and ${items.length - MAX_LISTED} more`);
  return shown.join("\n");
}

export function modelLine(model: ModelSummary, withStatus = false): string {
  const marks = hostingMarks(model);
  const details = [
    withStatus ? model.status.replace(/_/g, " ") : null,
    model.status === "restricted" && !withStatus ? "with conditions" : null,
    marks || null,
  ].filter(Boolean);
  const tag = model.open_weights || model.hosting === "self_hosted" ? " :unlock:" : "";
  return `*${escapeText(model.name)}* \`${model.id}\`${details.length ? ` (${details.join(", ")})` : ""}${tag}`;
}

function systemLine(system: SystemSummary): string {
  const owner = system.owner ? `, owner <@${system.owner}>` : "";
  const channel = system.channel ? ` in <#${system.channel}>` : "";
  return `*${escapeText(system.name)}* \`${system.id}\`${owner}${channel}`;
}

/**
 * The answer as Slack shows it: verdict, reason, conditions, lists, sources,
 * feedback. Without button values (an answer that was not logged) the
 * choices are listed and there is no feedback.
 */
export function buildAnswerMessage(answer: Answer, buttons: AnswerButtonValues | null): SlackMessage {
  const blocks: KnownBlock[] = [];
  const badge = answer.verdict ? `${BADGES[answer.verdict]} ` : "";
  blocks.push(section(`${badge}*${escapeText(answer.headline)}*`));
  if (answer.intent === "list" || answer.intent === "retiring") {
    if (answer.models.length > 0) {
      blocks.push(
        section(
          bulletList(answer.models, (m) =>
            answer.intent === "retiring" ? `${modelLine(m, true)}, retires *${m.retires_on}*` : modelLine(m, true),
          ),
        ),
      );
    }
  }
  // The reason may be an LLM's words: escaped like any text, so "<!channel>" or "<@U…>" in it stays text.
  if (answer.reason) blocks.push(section(escapeText(answer.reason)));
  if (answer.quotes.length > 0) {
    blocks.push(
      section(answer.quotes.map((quote) => `> *${escapeText(quote.heading)}*: ${escapeText(quote.text)}`).join("\n")),
    );
  }
  if (answer.conditions) blocks.push(section(`*Conditions:* ${escapeText(answer.conditions)}`));
  if (answer.alternatives.length > 0) {
    const title = answer.intent === "alternatives" ? "" : "*Approved alternatives:*\n";
    blocks.push(section(title + bulletList(answer.alternatives, (m) => modelLine(m))));
  }
  if (answer.systems.length > 0) {
    const title = answer.intent === "retiring" ? "*Systems that depend on them:*\n" : "";
    blocks.push(section(title + bulletList(answer.systems, systemLine)));
  }
  if (answer.choices.length > 0 && buttons !== null) {
    blocks.push({
      type: "actions",
      block_id: "answers_choices",
      elements: answer.choices.slice(0, 25).map(
        (choice, index): Button => ({
          type: "button",
          action_id: `${PICK_MODEL_PREFIX}:${index}`,
          text: { type: "plain_text", text: truncate(choice.name, 75) },
          value: buttons.pick(choice.id),
        }),
      ),
    });
  } else if (answer.choices.length > 0) {
    blocks.push(section(bulletList(answer.choices, (m) => modelLine(m))));
  }
  const context = [
    ...(answer.askLeads ? [askLeadsText(answer.askLeads)] : []),
    ...answer.notes.map(escapeText),
    ...answer.sources.map((source) =>
      source.url ? `:link: ${link(source.url, source.title)}` : `:books: ${escapeText(source.title)}`,
    ),
  ];
  if (context.length > 0) {
    // A context block takes 10 elements: the rest share the last one rather than vanish.
    const shown = context.length <= 10 ? context : [...context.slice(0, 9), context.slice(9).join("  ·  ")];
    blocks.push({
      type: "context",
      elements: shown.map((text) => ({ type: "mrkdwn", text: truncate(text, SECTION_LIMIT) })),
    });
  }
  if (buttons !== null) blocks.push(feedbackButtons(buttons.feedback));
  // The notification text is mrkdwn too, so it is escaped like the blocks.
  return { text: truncate(escapeText(answer.answer), 3000), blocks };
}

/** Mentions made here, from registry user ids, never from answer text. */
function askLeadsText(leads: readonly string[]): string {
  return leads.length > 0
    ? `Ask the governance leads: ${leads.map((id) => `<@${id}>`).join(", ")}.`
    : "Ask your AI governance team.";
}

function feedbackButtons(value: string): ActionsBlock {
  return {
    type: "actions",
    block_id: "answers_feedback",
    elements: [
      {
        type: "button",
        action_id: FEEDBACK_HELPFUL,
        text: { type: "plain_text", text: ":thumbsup: Helpful", emoji: true },
        value,
      },
      {
        type: "button",
        action_id: FEEDBACK_NOT_HELPFUL,
        text: { type: "plain_text", text: ":thumbsdown: Not helpful", emoji: true },
        value,
      },
    ],
  };
}

export interface OpenIncidentLink {
  key: string;
  title: string;
  url: string | null;
}

export function buildModelCard(card: ModelCard, openIncidents: readonly OpenIncidentLink[] = []): SlackMessage {
  const { model } = card;
  const fields = [
    `*Status*\n${model.status.replace(/_/g, " ")}`,
    `*Vendor*\n${escapeText(model.vendor)}`,
    `*Data classes*\n${escapeText(card.dataClasses.join(", ") || "none")}`,
    `*Use cases*\n${escapeText(card.useCases === null ? "any" : card.useCases.join(", ") || "none")}`,
    `*Hosting*\n${model.hosting.replace(/_/g, " ")}`,
    `*Open weights*\n${model.open_weights ? "yes" : "no"}`,
    `*Retires on*\n${model.retires_on ?? "not planned"}`,
    `*Last review*\n${card.reviewedOn ?? "unknown"}`,
  ];
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(model.name, 150) } },
    {
      type: "section",
      text: { type: "mrkdwn", text: `\`${model.id}\`` },
      fields: fields.map((text) => ({ type: "mrkdwn", text })),
    },
  ];
  if (card.conditions) blocks.push(section(`*Conditions:* ${escapeText(card.conditions)}`));
  blocks.push(
    section(
      card.alternatives.length > 0
        ? `*Approved alternatives:*\n${bulletList(card.alternatives, (m) => modelLine(m))}`
        : "*Approved alternatives:* none in the registry",
    ),
  );
  blocks.push(
    section(
      card.systems.length > 0
        ? `*Systems that depend on it:*\n${bulletList(card.systems, systemLine)}`
        : "*Systems that depend on it:* none",
    ),
  );
  blocks.push(
    section(
      openIncidents.length > 0
        ? `*Open incidents:*\n${bulletList(openIncidents, (i) => `${link(i.url, i.key)} ${escapeText(i.title)}`)}`
        : "*Open incidents:* none",
    ),
  );
  if (card.policyUrl) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `:link: ${link(card.policyUrl, "Policy page")}` }],
    });
  }
  const text = `${model.name} (${model.id}): ${model.status.replace(/_/g, " ")}`;
  return { text, blocks };
}
