/** Vendor incidents as the rest of the app sees them. */

export const INCIDENT_TYPES = [
  "outage",
  "degraded",
  "suspension",
  "deprecation",
  "security",
  "data_exposure",
  "policy_change",
  "pricing",
  "quality_regression",
  "other",
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_MEANINGS: Record<Severity, string> = {
  sev1: "Critical: production is down or data is at risk",
  sev2: "Major: a model or key feature is unavailable",
  sev3: "Minor: degraded, with a workaround",
  sev4: "Low: informational, no impact yet",
};

export const INCIDENT_STATUSES = ["open", "investigating", "mitigated", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
/** Every status but resolved, named rather than negated so that reads can use the status index. */
export const OPEN_STATUSES = INCIDENT_STATUSES.filter((status) => status !== "resolved");

export const INCIDENT_SOURCES = ["slack_message", "command", "cli", "feed"] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export type { Incident, NewIncident } from "./incident-schemas.ts";

/** Actors that are status pages or model lists rather than people: `feed:<host>`. */
export const FEED_ACTOR_PREFIX = "feed:";

/** Whether a person (not a feed) has set the severity, from an incident's timeline. */
export function isSeveritySetByPerson(events: readonly IncidentEvent[]): boolean {
  return events.some((event) => event.kind === "severity" && !event.actor.startsWith(FEED_ACTOR_PREFIX));
}

export interface IncidentEvent {
  id: number;
  incidentId: number;
  at: string;
  actor: string;
  kind: "created" | "status" | "severity" | "update" | "models" | "title";
  oldValue: string | null;
  newValue: string | null;
  note: string | null;
}

export function incidentKey(id: number): string {
  return `INC-${String(id).padStart(4, "0")}`;
}

/** Accepts "INC-0042", "inc-42" or "42". */
export function parseIncidentKey(text: string): number | null {
  const match = text.trim().match(/^(?:inc-?)?0*(\d{1,9})$/i);
  return match ? Number(match[1]) : null;
}
