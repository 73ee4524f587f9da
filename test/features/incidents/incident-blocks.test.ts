import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildIncidentCard,
  incidentListQueryValue,
  mention,
  parseIncidentListQuery,
  RESOLVE_ACTION,
} from "../../../src/features/incidents/incident-blocks.ts";
import { storedIncident } from "../../support/incidents.ts";

const context = {
  systems: [{ id: "s", name: "Support <bot>", owner: "U0OWNER", channel: "C0SUP", data_class: "internal", models: [] }],
  modelNames: new Map([["anthropic/claude-mythos-5", "Claude Mythos 5"]]),
  lastUpdate: null,
};

describe("the incident card", () => {
  it("shows model names, the affected systems escaped, and a Resolve button while open", () => {
    const card = buildIncidentCard(storedIncident({ title: "Mythos <down>" }), context);
    const json = JSON.stringify(card.blocks);
    assert.equal((card.blocks[0] as { text: { text: string } }).text.text, "INC-0042 · Mythos <down>");
    assert.match(json, /Claude Mythos 5/);
    assert.match(json, /Support &lt;bot&gt;\*, owner <@U0OWNER> in <#C0SUP>/);
    assert.match(json, new RegExp(RESOLVE_ACTION));
    assert.match(card.text, /^INC-0042 Mythos &lt;down&gt;: /);
  });

  it("drops Resolve once resolved and shows the latest note, but not the creation's", () => {
    const note = { id: 2, incidentId: 42, at: "2026-06-13T02:00:00Z", oldValue: null, newValue: null };
    const resolved = buildIncidentCard(storedIncident({ status: "resolved" }), {
      ...context,
      lastUpdate: { ...note, actor: "feed:status.claude.com", kind: "update", note: "Fixed <now>" },
    });
    const json = JSON.stringify(resolved.blocks);
    assert.doesNotMatch(json, new RegExp(RESOLVE_ACTION));
    assert.match(json, /Latest update by feed:status.claude.com: Fixed &lt;now&gt;/);
    const created = buildIncidentCard(storedIncident(), {
      ...context,
      lastUpdate: { ...note, actor: "U1", kind: "created", note: "first" },
    });
    assert.doesNotMatch(JSON.stringify(created.blocks), /Latest update/);
  });

  it("mentions Slack users and writes other actors as text", () => {
    assert.equal(mention("U0GOVLEAD1"), "<@U0GOVLEAD1>");
    assert.equal(mention("cli:<ops>"), "cli:&lt;ops&gt;");
  });
});

describe("incident list pages", () => {
  it("reads back the Next button's value, and nothing forged or broken", () => {
    const query = { scope: "open" as const, vendorId: "openai", beforeId: 120, shown: 20 };
    assert.deepEqual(parseIncidentListQuery(incidentListQueryValue(query)), query);
    assert.equal(parseIncidentListQuery('{"scope":"mine","beforeId":1,"shown":0}'), null);
    assert.equal(parseIncidentListQuery('{"scope":"all","beforeId":"1","shown":0}'), null);
    assert.equal(parseIncidentListQuery("{"), null);
    assert.equal(parseIncidentListQuery(undefined), null);
  });
});
