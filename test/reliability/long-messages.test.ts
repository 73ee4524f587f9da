import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const LEAD = "U0GOVLEAD1";
const EMPLOYEE = "U0EMPLOYEE1";
/** Slack's longest message: vendor and model names with words of trouble, all the way through. */
const LONG_TROUBLE = "OpenAI is down again and GPT-5 keeps returning 500s, Claude Opus 5 is rate limited too. "
  .repeat(500)
  .slice(0, 40_000);

describe("40,000-character channel messages", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    // The registry's name index is built on first use, and code compiled: not what is measured here.
    assert.equal((await t.slack.slashCommand("help")).status, 200);
    await t.slack.event({
      type: "message",
      channel_type: "channel",
      channel: "C0WARMUP001",
      user: EMPLOYEE,
      text: "OpenAI is down",
      ts: "1769699999.000100",
    });
    await t.fake.waitForCall("chat.postEphemeral", (c) => c.args.channel === "C0WARMUP001");
  });
  after(() => t.close());

  const message = (channel: string, ts: string) =>
    t.slack.event({ type: "message", channel_type: "channel", channel, user: EMPLOYEE, text: LONG_TROUBLE, ts });

  it("do not hold up another user's slash command", { timeout: 60_000 }, async () => {
    const messages = Promise.all(
      Array.from({ length: 5 }, (_, i) => message(`C0LONG${String(i).padStart(5, "0")}`, `1769700000.${i + 100}`)),
    );
    // Commands one after another while the messages arrive and are worked through.
    const latencies: number[] = [];
    for (let i = 0; i < 8; i++) {
      const startedAt = performance.now();
      const command = await t.slack.slashCommand("help", { user: "U0EMPLOYEE2" });
      latencies.push(performance.now() - startedAt);
      assert.equal(command.status, 200);
    }
    assert.ok((await messages).every((response) => response.status === 200));
    const slowest = Math.max(...latencies);
    // Slack's own limit; before the matching was bounded, 15 s on a busy machine.
    assert.ok(slowest < 3_000, `the slowest slash command was acknowledged after ${Math.round(slowest)} ms`);
    // The offers still come: the start of a message is enough to tell trouble.
    await t.fake.waitForCall("chat.postEphemeral", (c) => c.args.channel === "C0LONG00004", 30_000);
    assert.equal(await t.deps.followUps.settle(30_000), true);
  });

  it("are not matched at all in a channel where suggestions are off", async () => {
    const channel = "C0QUIET0001";
    await t.slack.slashCommand("settings suggest off", { user: LEAD, channel });
    await t.fake.waitForResponse((r) => /no longer offer/.test(r.body.text ?? ""));
    await message(channel, "1769700001.000100");
    await t.waitForLog((line) => line.includes(`suggestions are off in ${channel}; message not matched`));
    assert.equal(await t.deps.followUps.settle(10_000), true);
    assert.equal(t.fake.callsTo("chat.postEphemeral").filter((c) => c.args.channel === channel).length, 0);
  });
});
