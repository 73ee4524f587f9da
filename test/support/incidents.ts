import type { NewIncident } from "../../src/features/incidents/incident.ts";

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
