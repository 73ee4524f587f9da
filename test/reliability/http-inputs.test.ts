import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FAKE_BOT_USER_ID } from "../support/fake-slack.ts";
import { SlackRequester, TEST_SIGNING_SECRET } from "../support/slack-requests.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

describe("hostile and repeated HTTP input", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /**
   * Nothing reached a listener: no reply, no answer logged, no incident. (The
   * bot's own background work, such as retirement reminders, may still call Slack.)
   */
  async function assertNothingHappened(): Promise<void> {
    assert.equal(await t.deps.followUps.settle(5_000), true, "no acknowledged work is left running");
    assert.equal(t.fake.responses.length, 0);
    assert.equal(t.fake.callsTo("chat.postEphemeral").length, 0);
    const logged = await t.deps.db.selectFrom("qa_log").select("id").execute();
    const incidents = await t.deps.db.selectFrom("incidents").select("id").execute();
    assert.deepEqual([logged.length, incidents.length], [0, 0]);
  }

  const cases: [string, () => Promise<{ status: number }>, number][] = [
    ["a forged signature", () => t.slack.slashCommand("ask is gpt-5 ok", { signature: `v0=${"a".repeat(64)}` }), 401],
    [
      "a signature made with another secret",
      () => new SlackRequester(t.slack.eventsUrl, t.fake, "x".repeat(32)).slashCommand("help"),
      401,
    ],
    ["a stale timestamp", () => t.slack.slashCommand("help", { timestamp: Math.floor(Date.now() / 1000) - 301 }), 401],
    ["a future timestamp", () => t.slack.slashCommand("help", { timestamp: Math.floor(Date.now() / 1000) + 600 }), 401],
    [
      "an oversized body",
      () => t.slack.send(`text=${"a".repeat(600 * 1024)}`, "application/x-www-form-urlencoded"),
      413,
    ],
    ["malformed JSON", () => t.slack.send('{"type": "event_callback", "event": {', "application/json"), 400],
    [
      "a malformed interactivity payload",
      () => t.slack.send("payload=%7B%22type%22%3A", "application/x-www-form-urlencoded"),
      400,
    ],
  ];
  for (const [what, send, expected] of cases) {
    it(`rejects ${what} and stores nothing`, async () => {
      const response = await send();
      assert.equal(response.status, expected);
      await assertNothingHappened();
    });
  }

  it("handles an event delivered three times with retry headers, and again under a new event id, once", async () => {
    const event = {
      type: "app_mention",
      user: "U0EMPLOYEE1",
      text: `<@${FAKE_BOT_USER_ID}> is glm 5 approved?`,
      channel: "C0DUPES0001",
      ts: "1769300000.000100",
    };
    await t.slack.event(event, { eventId: "Ev0DUPE00001" });
    await t.slack.event(event, { eventId: "Ev0DUPE00001", retryNum: 1, retryReason: "http_timeout" });
    await t.slack.event(event, { eventId: "Ev0DUPE00001", retryNum: 2, retryReason: "http_error" });
    await t.slack.event(event, { eventId: "Ev0DUPE00002" });
    await t.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "C0DUPES0001");
    // Every delivery was acknowledged above; once their follow-up work is done, a duplicate would have posted.
    assert.equal(await t.deps.followUps.settle(5_000), true);
    assert.equal(t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0DUPES0001").length, 1);
    const logged = await t.deps.db.selectFrom("qa_log").select("id").where("channel_id", "=", "C0DUPES0001").execute();
    assert.equal(logged.length, 1);
  });

  it("never writes a token or the signing secret to its logs", () => {
    const log = t.logs.join("\n");
    assert.ok(log.length > 0);
    for (const secret of [t.fake.botToken, TEST_SIGNING_SECRET]) assert.ok(!log.includes(secret));
    assert.doesNotMatch(log, /xox[bpa]-[A-Za-z0-9-]{6,}/);
  });
});
