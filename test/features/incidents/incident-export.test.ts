import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  incidentsCsvHeader,
  incidentsToCsvRows,
  incidentToJson,
} from "../../../src/features/incidents/incident-export.ts";
import { storedIncident } from "../../support/incidents.ts";

describe("incident exports", () => {
  it("writes the stable JSON shape, with the timeline only when asked", () => {
    const json = incidentToJson(storedIncident());
    assert.equal(json.id, "INC-0042");
    assert.equal("timeline" in json, false);
    const withTimeline = incidentToJson(storedIncident(), [
      { id: 1, incidentId: 42, at: "t", actor: "cli", kind: "created", oldValue: null, newValue: null, note: null },
    ]);
    assert.deepEqual(withTimeline.timeline, [
      { at: "t", actor: "cli", kind: "created", old: null, new: null, note: null },
    ]);
  });

  it("writes CSV that spreadsheets open safely: BOM, CRLF, every field quoted, formulas defused", () => {
    assert.match(incidentsCsvHeader(), /^\uFEFF"id","vendor",.*"card_url"\r\n$/);
    const row = incidentsToCsvRows([
      storedIncident({ title: '=HYPERLINK("http://evil")', models: ["a", "b"], description: null }),
    ]);
    assert.match(row, /^"INC-0042","Anthropic",/);
    assert.match(row, /"'=HYPERLINK\(""http:\/\/evil""\)"/);
    assert.match(row, /"a; b"/);
    assert.ok(row.endsWith("\r\n"));
  });
});
