import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type IncidentEvent,
  incidentKey,
  isSeveritySetByPerson,
  parseIncidentKey,
} from "../../../src/features/incidents/incident.ts";

describe("incident keys", () => {
  it("writes INC- and four digits at least, and reads the ways people type them", () => {
    assert.equal(incidentKey(42), "INC-0042");
    assert.equal(incidentKey(123456), "INC-123456");
    for (const typed of ["INC-0042", "inc-42", "inc42", " 42 ", "0042"]) assert.equal(parseIncidentKey(typed), 42);
    for (const typed of ["", "INC-", "42a", "INC-1234567890", "-42"]) assert.equal(parseIncidentKey(typed), null);
  });
});

describe("who set the severity", () => {
  const event = (actor: string, kind: IncidentEvent["kind"]): IncidentEvent => ({
    id: 1,
    incidentId: 1,
    at: "2026-06-13T01:00:00Z",
    actor,
    kind,
    oldValue: null,
    newValue: null,
    note: null,
  });

  it("counts only a person's severity change, not a feed's nor a person's other changes", () => {
    assert.equal(isSeveritySetByPerson([event("feed:status.claude.com", "severity"), event("U1", "status")]), false);
    assert.equal(isSeveritySetByPerson([event("feed:status.claude.com", "severity"), event("U1", "severity")]), true);
    assert.equal(isSeveritySetByPerson([event("cli", "severity")]), true);
  });
});
