import type { ModelSummary } from "../registry/registry.ts";
import type { Answer } from "./answer-engine.ts";

/** "open weights, self-hosted": how a model can be run, for the lists. */
export function hostingMarks(model: ModelSummary): string {
  const marks = [model.open_weights ? "open weights" : null, model.hosting === "self_hosted" ? "self-hosted" : null];
  return marks.filter(Boolean).join(", ");
}

/** Who to ask, as plain text: user ids as they are, since no markup renders here. */
export function leadsSentence(leads: readonly string[]): string {
  return leads.length > 0 ? `Ask the governance leads: ${leads.join(", ")}.` : "Ask your AI governance team.";
}

/**
 * The whole answer as plain text, with no Slack markup: the `answer` field of
 * the JSON and the log, and with `sources`, what `aigov ask` prints.
 */
export function renderAnswerText(answer: Answer, options: { sources?: boolean } = {}): string {
  const lines = [answer.headline];
  const listed = answer.intent === "list" || answer.intent === "retiring" ? answer.models : [];
  for (const model of listed) {
    const marks = hostingMarks(model);
    const retires = answer.intent === "retiring" && model.retires_on ? ` retires ${model.retires_on}` : "";
    lines.push(`• ${model.name} (${model.id}, ${model.status}${marks ? `, ${marks}` : ""})${retires}`);
  }
  // Who to ask follows the reason it is asked for.
  const leads = answer.askLeads ? leadsSentence(answer.askLeads) : null;
  if (answer.reason) lines.push(leads ? `${answer.reason} ${leads}` : answer.reason);
  else if (leads) lines.push(leads);
  for (const quote of answer.quotes) lines.push(`“${quote.heading}”: ${quote.text}`);
  if (answer.conditions) lines.push(`Conditions: ${answer.conditions}`);
  if (answer.alternatives.length > 0) {
    if (answer.intent !== "alternatives") lines.push("Approved alternatives:");
    for (const model of answer.alternatives) {
      const marks = hostingMarks(model);
      lines.push(
        `• ${model.name} (${model.id}${marks ? `, ${marks}` : ""}${model.status === "restricted" ? ", with conditions" : ""})`,
      );
    }
  }
  for (const system of answer.systems) {
    lines.push(`• ${system.name} (${system.id})${system.owner ? `, owner ${system.owner}` : ""}`);
  }
  for (const choice of answer.choices) lines.push(`• ${choice.name} (${choice.id})`);
  lines.push(...answer.notes);
  if (options.sources && answer.sources.length > 0) {
    lines.push("Sources:");
    for (const source of answer.sources) lines.push(`- ${source.title}${source.url ? `: ${source.url}` : ""}`);
  }
  return lines.join("\n");
}
