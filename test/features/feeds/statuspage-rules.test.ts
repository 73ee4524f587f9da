import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lifecycleStatus, matchingText, severityOf } from "../../../src/features/feeds/statuspage-rules.ts";

describe("status page words in our lifecycle", () => {
  it("maps Statuspage and incident.io statuses, and leaves maintenance out", () => {
    assert.equal(lifecycleStatus("investigating"), "investigating");
    assert.equal(lifecycleStatus("identified"), "investigating");
    assert.equal(lifecycleStatus("monitoring"), "mitigated");
    assert.equal(lifecycleStatus("postmortem"), "resolved");
    assert.equal(lifecycleStatus("something_new"), "open");
    assert.equal(lifecycleStatus("maintenance_in_progress"), null);
  });

  it("maps impact to severity, incident.io's component words too", () => {
    assert.deepEqual(
      ["critical", "full_outage", "major", "partial_outage", "minor", "degraded_performance", "none", null].map(
        severityOf,
      ),
      ["sev1", "sev1", "sev2", "sev2", "sev3", "sev3", "sev4", "sev4"],
    );
  });

  it("matches models in the name and the first updates, oldest first, never the resolved boilerplate", () => {
    const text = matchingText({
      id: "x",
      name: "Errors on Claude",
      status: "resolved",
      created_at: "2026-06-13T00:00:00Z",
      incident_updates: [
        { id: "3", status: "resolved", body: "This incident has been resolved.", created_at: "2026-06-13T03:00:00Z" },
        { id: "2", status: "identified", body: "Opus 5 only.", created_at: "2026-06-13T02:00:00Z" },
        { id: "1", status: "investigating", body: "Looking into Sonnet 5.", created_at: "2026-06-13T01:00:00Z" },
      ],
    } as never);
    assert.equal(text, "Errors on Claude\nLooking into Sonnet 5.\nOpus 5 only.");
  });
});
