import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildFailureSummary, renderDelivery } from "../../../src/features/notices/notice-blocks.ts";
import type { IncidentNoticeView } from "../../../src/features/notices/notice-view.ts";

const view: IncidentNoticeView = {
  kind: "incident",
  noticeId: 7,
  incidentKey: "INC-0042",
  title: "Suspended <everyone>",
  vendorName: "Anthropic",
  type: "suspension",
  severity: "sev1",
  status: "open",
  models: ["Claude Opus 5"],
  startedAt: "2026-06-13T00:50:43.835Z",
  sourceUrl: "https://status.example.com/incidents/1",
  cardUrl: null,
  systems: [],
  leads: ["U0LEAD"],
};

describe("rendering notice deliveries", () => {
  it("renders an incident notice from plain data, escaping what the vendor wrote", () => {
    const rendered = renderDelivery({ purpose: "notice", view });
    assert.equal(rendered.edit, null);
    assert.equal(rendered.threadTs, null);
    assert.match(JSON.stringify(rendered.blocks[0]), /:rotating_light: Suspended <everyone> · INC-0042/);
    assert.match(rendered.text, /Suspended &lt;everyone&gt;/);
    assert.match(JSON.stringify(rendered.blocks[1]), /\*Claude Opus 5\*, sev1\. Status: \*open\*/);
  });

  it("edits the posted notice and replies under it for a status update", () => {
    const rendered = renderDelivery({
      purpose: "status_update",
      view: { ...view, status: "resolved" },
      status: "resolved",
      parent: { channel: "C1", ts: "111.222" },
    });
    assert.equal(rendered.threadTs, "111.222");
    assert.equal(rendered.text, "Update: the incident is now resolved.");
    assert.equal(rendered.edit?.channel, "C1");
    assert.match(JSON.stringify(rendered.edit?.blocks[0]), /:white_check_mark: Resolved: /);
  });

  it("puts a reminder line above the notice", () => {
    const rendered = renderDelivery({ purpose: "reminder", view });
    assert.match(JSON.stringify(rendered.blocks[0]), /Reminder/);
    assert.match(rendered.text, /^Reminder: /);
  });

  it("names a retiring model and its date", () => {
    const rendered = renderDelivery({
      purpose: "notice",
      view: {
        kind: "retirement",
        noticeId: 8,
        modelName: "GPT-4o",
        modelId: "gpt-4o",
        retiresOn: "2026-09-01",
        thresholdDays: 30,
        systems: [],
        leads: [],
      },
    });
    assert.match(JSON.stringify(rendered.blocks[0]), /GPT-4o retires on 2026-09-01 \(30-day reminder\)/);
  });
});

describe("the failure summary", () => {
  it("lists each recipient given up on, escaping the error, and counts beyond fifty", () => {
    const failures = Array.from({ length: 52 }, (_, i) => ({
      targetKind: i === 0 ? ("owner" as const) : ("system_channel" as const),
      target: i === 0 ? "U0OWNER" : `C${i}`,
      attempts: 3,
      lastError: i === 0 ? "is_archived <&>" : null,
    }));
    const summary = buildFailureSummary(failures);
    assert.match(summary, /^:x: This notice could not be delivered to 52 recipients\./);
    assert.match(summary, /• <@U0OWNER> after 3 attempts: is_archived &lt;&amp;&gt;/);
    assert.match(summary, /• <#C1> after 3 attempts: unknown error/);
    assert.match(summary, /…and 2 more\.$/);
  });

  it("points to the CLI when the failures are already gone", () => {
    assert.match(renderDelivery({ purpose: "failure_report", failures: [] }).text, /aigov notify/);
  });
});
