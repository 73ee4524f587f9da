import type { HomeView, KnownBlock, SectionBlock } from "@slack/types";
import { count } from "../../plural.ts";
import { escapeText, link, truncate } from "../../slack/mrkdwn.ts";
import type { HomeOverview } from "../answers/answer-service.ts";
import type { Incident } from "../incidents/incident.ts";
import type { IncidentStats } from "../incidents/incident-service.ts";
import type { LockInRow } from "../notices/notice-service.ts";
import type { ModelSummary } from "../registry/registry.ts";

/** Everything App Home shows, as plain data, each part read from its feature's service. */
export interface HomeData {
  models: HomeOverview;
  incidents: {
    /** The newest open incidents, at most OPEN_INCIDENTS_SHOWN. */
    open: readonly Incident[];
    openTotal: number;
    stats: IncidentStats;
  };
  lockIn: readonly LockInRow[];
}

/** How many open incidents App Home lists; the rest are a command away. */
export const OPEN_INCIDENTS_SHOWN = 20;

const MAX_HOME_BLOCKS = 100;
const SECTION_LIMIT = 3000;
/** Use cases, models per use case, retirements and locked-in systems shown: together well within 100 blocks. */
const MAX_USE_CASES = 40;
const MAX_MODELS_PER_USE_CASE = 30;
const MAX_LINES = 25;

function section(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncate(text, SECTION_LIMIT) } };
}

function header(text: string): KnownBlock {
  return { type: "header", text: { type: "plain_text", text } };
}

function context(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: truncate(text, SECTION_LIMIT) }] };
}

/** At most MAX_LINES bullets, then how many more there are. */
function bullets<T>(items: readonly T[], line: (item: T) => string): string {
  const shown = items.slice(0, MAX_LINES).map((item) => `• ${line(item)}`);
  if (items.length > MAX_LINES) shown.push(`…and ${items.length - MAX_LINES} more`);
  return shown.join("\n");
}

const words = (value: string) => value.replace(/_/g, " ");

/** :unlock: marks a model that can be run without the vendor. */
function unlockMark(model: ModelSummary): string {
  return model.open_weights || model.hosting === "self_hosted" ? " :unlock:" : "";
}

/** How to ask, the approved models by use case, and what retires soon. */
function modelsSection(models: HomeOverview): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header("AI models at work"),
    section(
      `Ask me in a direct message, mention me in a channel, or use \`/aigov ask\`. For example:\n${models.exampleQuestions
        .map((example) => `• _${escapeText(example)}_`)
        .join("\n")}`,
    ),
    { type: "divider" },
    header("Approved models by use case"),
  ];
  for (const group of models.approvedByUseCase.slice(0, MAX_USE_CASES)) {
    const names = group.models
      .slice(0, MAX_MODELS_PER_USE_CASE)
      .map((m) => `${escapeText(m.name)}${m.status === "restricted" ? " (conditions)" : ""}${unlockMark(m)}`);
    const more =
      group.models.length > MAX_MODELS_PER_USE_CASE
        ? `, and ${group.models.length - MAX_MODELS_PER_USE_CASE} more`
        : "";
    blocks.push(section(`*${escapeText(group.useCase)}*: ${names.join(", ") || "_none approved_"}${more}`));
  }
  if (models.approvedByUseCase.length > MAX_USE_CASES) {
    blocks.push(context(`…and ${models.approvedByUseCase.length - MAX_USE_CASES} more use cases.`));
  }
  blocks.push({ type: "divider" }, header("Retiring in the next 90 days"));
  blocks.push(
    section(
      models.retiring.length > 0
        ? bullets(
            models.retiring,
            (m) => `*${escapeText(m.name)}* (${words(m.status)})${unlockMark(m)}, retires *${m.retires_on}*`,
          )
        : "Nothing retires in the next 90 days.",
    ),
  );
  if (models.leads.length > 0) {
    blocks.push(context(`Questions about the policy? Ask ${models.leads.map((id) => `<@${id}>`).join(", ")}.`));
  }
  return blocks;
}

/** The open incidents, newest first, and what was logged over the last days. */
function incidentsSection({ open, openTotal, stats }: HomeData["incidents"]): KnownBlock[] {
  const blocks: KnownBlock[] = [header("Vendor incidents")];
  if (openTotal === 0) {
    blocks.push(section("No open incidents."));
  } else {
    const lines = open.map(
      (incident) =>
        `• *${link(incident.cardUrl ?? incident.sourceUrl, incident.key)}* ${escapeText(incident.title)} · ${escapeText(incident.vendorName)}, ${incident.severity}, ${incident.status}`,
    );
    const shown = openTotal > open.length ? `, the newest ${open.length} shown` : "";
    blocks.push(section(`*${count(openTotal, "open incident")}*${shown}\n${lines.join("\n")}`));
    if (openTotal > open.length) blocks.push(context("See them all with `/aigov incidents`."));
  }
  const tally = (rows: readonly { name: string; count: number }[]) =>
    rows.length > 0 ? rows.map((row) => `${row.name}: ${row.count}`).join(", ") : "none";
  const byVendor = tally(stats.byVendor.map((row) => ({ name: escapeText(row.vendor), count: row.count })));
  const byType = tally(stats.byType.map((row) => ({ name: words(row.type), count: row.count })));
  blocks.push(context(`Last ${stats.days} days, by vendor: ${byVendor}. By type: ${byType}.`));
  return blocks;
}

/** Systems that could not switch away from their vendor. */
function lockInSection(rows: readonly LockInRow[]): KnownBlock[] {
  if (rows.length === 0) {
    return [header("Vendor lock-in"), section("No system is locked in to one vendor.")];
  }
  const line = (row: LockInRow) => {
    const owner = row.owner ? ` (<@${row.owner}>)` : "";
    const why = [
      row.singleVendor ? `one vendor, ${escapeText(row.vendors.join(", "))}` : null,
      row.hasAlternative ? null : "no approved alternative",
    ].filter(Boolean);
    return `*${escapeText(row.system)}*${owner}: ${why.join("; ")}`;
  };
  return [
    header("Vendor lock-in"),
    section(`*${count(rows.length, "system")} locked in*\n${bullets(rows, line)}`),
    context("The full report: `/aigov report lock-in`."),
  ];
}

/** Every user's App Home: the sections joined by dividers, within Slack's 100-block limit for a Home tab. */
export function buildHomeView(data: HomeData): HomeView {
  const sections = [modelsSection(data.models), incidentsSection(data.incidents), lockInSection(data.lockIn)];
  const blocks = sections.flatMap((blocks, index) => (index > 0 ? [{ type: "divider" } as const, ...blocks] : blocks));
  return { type: "home", blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}
