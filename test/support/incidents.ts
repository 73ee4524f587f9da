import type { Incident, NewIncident } from "../../src/features/incidents/incident.ts";

/** A new incident as the CLI logs it: an Anthropic suspension, unless `fields` say otherwise. */
export function newIncident(fields: Partial<NewIncident> = {}): NewIncident {
  return {
    vendorId: "anthropic",
    vendorName: "Anthropic",
    models: ["anthropic/claude-mythos-5"],
    type: "suspension",
    severity: "sev2",
    title: "A test incident",
    description: null,
    impact: null,
    startedAt: new Date().toISOString(),
    reporter: "U0GOVLEAD1",
    source: "cli",
    sourceChannel: null,
    sourceTs: null,
    sourceUrl: null,
    ...fields,
  };
}

/** An incident as stored, INC-0042 with no card, unless `fields` say otherwise. */
export function storedIncident(fields: Partial<Incident> = {}): Incident {
  return {
    ...newIncident(),
    id: 42,
    key: "INC-0042",
    vendorName: "Anthropic",
    status: "open",
    cardChannel: null,
    cardTs: null,
    cardUrl: null,
    createdAt: "2026-06-13T01:00:00.000Z",
    updatedAt: "2026-06-13T01:00:00.000Z",
    resolvedAt: null,
    ...fields,
  };
}
