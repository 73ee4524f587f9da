import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FAKE_BOT_USER_ID } from "../support/fake-slack.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const MENTIONS = 120;
const COMMANDS = 60;

describe("a burst of requests", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: "warn" } });
  });
  after(() => t.close());

  it("acknowledges every request, then answers each exactly once as the queue drains", async () => {
    // Slack is slow to take the answers, so follow-up work piles up behind the acknowledgements.
    t.fake.delayResponses("chat.postMessage", 50);
    const mentions = Array.from({ length: MENTIONS }, (_, i) =>
      t.slack.event({
        type: "app_mention",
        user: "U0EMPLOYEE1",
        text: `<@${FAKE_BOT_USER_ID}> is gpt-5 approved?`,
        channel: "C0BURST0001",
        ts: `1769500000.${String(i).padStart(6, "0")}`,
      }),
    );
    const commands = Array.from({ length: COMMANDS }, () => t.slack.slashCommand("ask is claude opus 5 approved?"));
    const statuses = (await Promise.all([...mentions, ...commands])).map((sent) => sent.status);
    assert.deepEqual(new Set(statuses), new Set([200]));

    assert.equal(await t.deps.followUps.settle(30_000), true, "the follow-up work finishes");
    const threads = t.fake
      .callsTo("chat.postMessage")
      .filter((call) => call.args.channel === "C0BURST0001")
      .map((call) => String(call.args.thread_ts));
    assert.equal(threads.length, MENTIONS, "one answer per mention");
    assert.equal(new Set(threads).size, MENTIONS, "no mention answered twice");
    assert.equal(t.fake.responses.length, COMMANDS, "one answer per command");
    assert.ok(t.fake.responses.every((response) => /Claude Opus 5/.test(JSON.stringify(response.body))));
    const logged = await t.deps.db.selectFrom("qa_log").select("id").execute();
    assert.equal(logged.length, MENTIONS + COMMANDS);
    assert.deepEqual(t.deps.followUps.stats(), { waiting: 0, inFlight: 0 });
  });
});
