import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("text from Slack users, on its way back to Slack", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("pre-fills the form with a long message cut between emoji, without NUL bytes, and refuses an invisible title", async () => {
    // The form's description holds 3,000 characters: the cut falls inside the emoji run.
    const text = `OpenAI\u0000 is down ${"x".repeat(2980)}${"😀".repeat(20)}`;
    const message = { ts: "1764100000.000100", text, user: "U0EMPLOYEE1" };
    t.fake.seedMessage("C0TEXT00001", message);
    await t.slack.messageShortcut({ callbackId: "log_vendor_incident", channel: "C0TEXT00001", message });
    const opened = await t.fake.waitForCall("views.open", (c) => c.args.view.callback_id === "incident_create");
    const view = opened.args.view;
    const description = view.blocks.find((b: any) => b.block_id === "description").element.initial_value as string;
    assert.ok(description.length <= 3000);
    assert.doesNotMatch(description, LONE_SURROGATE);
    assert.ok(!description.includes("\u0000"));
    assert.match(description, /^OpenAI is down x+(😀)+…$/u);

    const submitted = await t.slack.viewSubmission(view, {
      vendor: "openai",
      type: "outage",
      severity: "sev2",
      title: "\u200b\u200b\u200b\u200d",
    });
    assert.equal(submitted.status, 200);
    assert.deepEqual(submitted.json(), {
      response_action: "errors",
      errors: { title: "Must have visible text, not only blank or invisible characters" },
    });
    const stored = await t.deps.db.selectFrom("incidents").select("id").execute();
    assert.equal(stored.length, 0);
  });
});
