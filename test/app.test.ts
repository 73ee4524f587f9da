import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { sharedFixture } from "./support/shared-fixtures.ts";
import { signSlackRequest, TEST_SIGNING_SECRET } from "./support/slack-requests.ts";
import { startTestApp, type TestApp } from "./support/test-app.ts";

describe("the Slack app over HTTP", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("answers a signed /aigov help with the help, ephemerally", async () => {
    const sent = await t.slack.slashCommand("help");
    assert.equal(sent.status, 200);
    const { body } = await t.fake.waitForResponse();
    assert.equal(body.response_type, "ephemeral");
    assert.match(body.text, /\/aigov help/);
  });

  it("answers an unknown subcommand with the help, naming what was typed", async () => {
    await t.slack.slashCommand("frobnicate now");
    const { body } = await t.fake.waitForResponse((r) => /frobnicate/.test(r.body.text));
    assert.equal(body.response_type, "ephemeral");
    assert.match(body.text, /I don't know `\/aigov frobnicate`/);
  });

  it("rejects a forged signature with 401 before any listener runs", async () => {
    const before = t.fake.responses.length;
    const sent = await t.slack.slashCommand("help", { signature: `v0=${"0".repeat(64)}` });
    assert.equal(sent.status, 401);
    assert.equal(await t.deps.followUps.settle(5_000), true, "no acknowledged work is left running");
    assert.equal(t.fake.responses.length, before);
  });

  it("rejects a correctly signed request older than five minutes with 401", async () => {
    const before = t.fake.responses.length;
    const sent = await t.slack.slashCommand("help", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    assert.equal(sent.status, 401);
    assert.equal(await t.deps.followUps.settle(5_000), true, "no acknowledged work is left running");
    assert.equal(t.fake.responses.length, before);
  });

  const vector = sharedFixture("slack/payloads/slash_command.signing-example.txt");
  it("signs exactly like Slack's documented test vector", { skip: vector.skip }, () => {
    const body = readFileSync(vector.path as string, "utf8");
    assert.equal(
      signSlackRequest("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, body),
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });

  it("reports the database and the Slack connection on /healthz", async () => {
    const response = await fetch(`${t.baseUrl}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      status: "ok",
      database: "ok",
      slack: "ok",
      mode: "http",
      followUps: { waiting: 0, inFlight: 0 },
    });
  });

  it("turns a listener failure into a short ephemeral reply whose error id leads to the logged details", async () => {
    t.fake.failNext("chat.postMessage", { error: "internal_error", channel: "C0FAILURE01" });
    await t.slack.event({
      type: "app_mention",
      user: "U0EMPLOYEE1",
      text: "<@U0AIGOVBOT> is gpt-5 approved?",
      channel: "C0FAILURE01",
      ts: "1769220600.000100",
    });
    const reply = await t.fake.waitForCall("chat.postEphemeral", (c) => c.args.channel === "C0FAILURE01");
    assert.equal(reply.args.user, "U0EMPLOYEE1");
    const errorId = reply.args.text.match(/error id: `([0-9a-f]{8})`/)?.[1];
    assert.ok(errorId, reply.args.text);
    assert.doesNotMatch(reply.args.text, /internal_error/);
    const logged = t.logs.find((line) => line.includes(errorId));
    assert.ok(logged);
    assert.match(logged, /internal_error/);
  });

  it("shows a user's mistake as is, without an error id", async () => {
    await t.slack.blockAction({ actionId: "answers_feedback_helpful", value: "999999" });
    const response = await t.fake.waitForResponse((r) => /did not come from me/.test(r.body.text ?? ""));
    assert.equal(response.body.response_type, "ephemeral");
    assert.doesNotMatch(response.body.text, /error id/);
  });

  it("never writes the bot token or signing secret to the log", () => {
    const log = t.logs.join("\n");
    assert.ok(t.logs.length > 0);
    assert.ok(!log.includes(t.fake.botToken));
    assert.ok(!log.includes(TEST_SIGNING_SECRET));
  });
});
