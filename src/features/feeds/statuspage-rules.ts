import type { IncidentStatus, IncidentType, Severity } from "../incidents/incident.ts";
import type { StatusIncident } from "./feed-schemas.ts";

/** What the poller remembers of a status-page incident. */
export interface KnownFeedIncident {
  /** The page address it was last seen at. */
  feedUrl: string;
  externalId: string;
  incidentId: number | null;
  status: string;
  impact: string | null;
  name: string;
  seenUpdates: string[];
}

export interface FeedUpdate {
  id: string;
  status: string;
  body: string;
  at: string;
}

export type FeedAction =
  | { kind: "record"; external: StatusIncident }
  | {
      kind: "create";
      external: StatusIncident;
      models: string[];
      type: IncidentType;
      severity: Severity;
      status: IncidentStatus;
      updates: FeedUpdate[];
    }
  | {
      kind: "update";
      external: StatusIncident;
      incidentId: number;
      models: string[];
      /** The page moved to another stage of our lifecycle since the last poll: the status to follow, else null. */
      status: IncidentStatus | null;
      /** The page's impact changed (possibly with no new update): the severity to follow, else null. */
      severity: Severity | null;
      newUpdates: FeedUpdate[];
    };

const SUSPENSION =
  /\b(disabl(e|ed|ing)|suspend(s|ed|ing)?|unavailable|removed|remov(e|ing) access|export[- ]control|withdrawn|pulled)\b/i;
const DEGRADED = /\b(degraded|latency|slow(er|ness)?|elevated latency)\b/i;
const MAINTENANCE = /^(scheduled|in_progress|verifying|completed|maintenance_scheduled|maintenance_in_progress)$/;
const BOILERPLATE = /^\s*this incident has been resolved\.?\s*$/i;

/** Statuspage and incident.io status words, in our lifecycle. */
export function lifecycleStatus(status: string): IncidentStatus | null {
  if (MAINTENANCE.test(status)) return null;
  if (status === "resolved" || status === "postmortem") return "resolved";
  if (status === "monitoring") return "mitigated";
  return status === "investigating" || status === "identified" ? "investigating" : "open";
}

/** Impact to severity; incident.io's component words map the same way. */
export function severityOf(impact: string | null | undefined): Severity {
  switch (impact) {
    case "critical":
    case "full_outage":
      return "sev1";
    case "major":
    case "partial_outage":
      return "sev2";
    case "minor":
    case "degraded_performance":
      return "sev3";
    default:
      return "sev4";
  }
}

function updatesOldestFirst(incident: StatusIncident): FeedUpdate[] {
  return [...(incident.incident_updates ?? [])]
    .map((update) => ({
      id: update.id,
      status: update.status,
      body: (update.body ?? "").trim(),
      at: update.display_at ?? update.created_at ?? incident.created_at ?? "",
    }))
    .sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0));
}

/**
 * Real incident names are under 150 characters and updates a few paragraphs;
 * a page serving megabytes must not make model matching run for minutes.
 */
const MATCHED_NAME_CHARS = 300;
const MATCHED_UPDATE_CHARS = 2_000;

/** The name and the first updates: where models are named; never the resolved boilerplate. */
export function matchingText(incident: StatusIncident): string {
  const early = updatesOldestFirst(incident)
    .filter((update) => lifecycleStatus(update.status) !== "resolved" && !BOILERPLATE.test(update.body))
    .slice(0, 3)
    .map((update) => update.body.slice(0, MATCHED_UPDATE_CHARS));
  return [incident.name.slice(0, MATCHED_NAME_CHARS), ...early].join("\n");
}

export function classify(incident: StatusIncident, text: string): { type: IncidentType; severity: Severity } {
  const severity = severityOf(incident.impact);
  if (SUSPENSION.test(text)) return { type: "suspension", severity };
  if (DEGRADED.test(incident.name)) return { type: "degraded", severity };
  return { type: severity === "sev1" || severity === "sev2" ? "outage" : "degraded", severity };
}

/**
 * Decides what one poll of a status page means. The first poll of a page
 * only records what is there, except incidents still open; later, a new
 * incident is logged even if it opened and resolved between two polls.
 * A vendor-wide incident naming no model counts when its impact is major
 * or critical.
 */
export function interpretStatusPage(input: {
  incidents: readonly StatusIncident[];
  known: ReadonlyMap<string, KnownFeedIncident>;
  firstPoll: boolean;
  /** When the page was first polled; older resolved incidents are history. */
  watchingSince: string;
  /** Registry models named in an incident's matching text, and whether it names models the registry lacks. */
  matchModels: (incident: StatusIncident, text: string) => { models: string[]; namesOtherModels: boolean };
}): FeedAction[] {
  const actions: FeedAction[] = [];
  for (const external of input.incidents) {
    const status = lifecycleStatus(external.status);
    if (status === null) continue;
    const text = matchingText(external);
    const { models, namesOtherModels } = input.matchModels(external, text);
    const classified = classify(external, text);
    const { severity } = classified;
    // Only named models are suspended: a surface "unavailable" is an outage, never a vendor-wide suspension.
    const major = severity === "sev1" || severity === "sev2";
    const type =
      classified.type === "suspension" && models.length === 0 ? (major ? "outage" : "degraded") : classified.type;
    const vendorWide = models.length === 0 && !namesOtherModels && major;
    const relevant = models.length > 0 || vendorWide;
    const updates = updatesOldestFirst(external);
    const known = input.known.get(external.id);

    if (known?.incidentId) {
      const seen = new Set(known.seenUpdates);
      const newUpdates = updates.filter((update) => !seen.has(update.id));
      const changed =
        newUpdates.length > 0 ||
        known.status !== external.status ||
        known.name !== external.name ||
        known.impact !== (external.impact ?? null);
      if (changed) {
        const impactChanged = known.impact !== (external.impact ?? null);
        // Only a move on the page itself: a status a lead set by hand stands until the vendor's changes.
        const stageChanged = lifecycleStatus(known.status) !== status;
        actions.push({
          kind: "update",
          external,
          incidentId: known.incidentId,
          models,
          status: stageChanged ? status : null,
          severity: impactChanged ? severity : null,
          newUpdates,
        });
      }
      continue;
    }
    const startedAt = external.created_at ?? external.started_at ?? "";
    const isNew =
      !known &&
      (status !== "resolved" || (!input.firstPoll && Date.parse(startedAt) >= Date.parse(input.watchingSince)));
    const becameRelevant = known !== undefined && status !== "resolved";
    if (relevant && (isNew || becameRelevant) && !(input.firstPoll && status === "resolved")) {
      actions.push({ kind: "create", external, models, type, severity, status, updates });
    } else if (!known || known.status !== external.status || known.name !== external.name) {
      actions.push({ kind: "record", external });
    }
  }
  return actions;
}
