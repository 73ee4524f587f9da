import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { requestLogContext } from "../../src/slack/request-log-context.ts";
import { FakeOpenAI } from "../support/fake-openai.ts";
import { FAKE_BOT_USER_ID, FAKE_TEAM_ID } from "../support/fake-slack.ts";
import type { FakeSocketMode } from "../support/fake-socket-mode.ts";
import { eventEnvelope } from "../support/slack-requests.ts";
import { startSocketModeTestApp, startTestApp, type TestApp } from "../support/test-app.ts";

describe("a Slack request's log context", () => {
  it("names an event by its id and type, with its team, channel and user", () => {
    const body = eventEnvelope(
      { type: "app_mention", user: "U0ASKER0001", channel: "C0ASKING001", text: "hi", ts: "1.2" },
      "Ev0NAMED0001",
    );
    assert.deepEqual(requestLogContext(body), {
      eventId: "Ev0NAMED0001",
      eventType: "app_mention",
      command: undefined,
      actionId: undefined,
      callbackId: undefined,
      viewId: undefined,
      triggerId: undefined,
      team: FAKE_TEAM_ID,
      channel: "C0ASKING001",
      user: "U0ASKER0001",
    });
  });

  it("finds the channel of a reaction in its item, and the user of a user_change in its object", () => {
    const reaction = eventEnvelope({ type: "reaction_added", user: "U0REACTOR01", item: { channel: "C0REACTED01" } });
    assert.equal(requestLogContext(reaction).channel, "C0REACTED01");
    const change = eventEnvelope({ type: "user_change", user: { id: "U0CHANGED01", name: "x" } });
    assert.equal(requestLogContext(change).user, "U0CHANGED01");
  });

  it("names a slash command by its command and trigger id", () => {
    const context = requestLogContext({
      command: "/aigov",
      text: "ask is gpt-5 approved?",
      team_id: FAKE_TEAM_ID,
      channel_id: "C0COMMAND01",
      user_id: "U0COMMAND01",
      trigger_id: "1.2.abc",
    });
    assert.deepEqual(
      [context.command, context.triggerId, context.team, context.channel, context.user],
      ["/aigov", "1.2.abc", FAKE_TEAM_ID, "C0COMMAND01", "U0COMMAND01"],
    );
  });

  it("names a click by its action, a form by its view and callback, a shortcut by its callback", () => {
    const click = requestLogContext({
      type: "block_actions",
      team: { id: FAKE_TEAM_ID },
      user: { id: "U0CLICKER01", team_id: FAKE_TEAM_ID },
      container: { channel_id: "C0CLICKED01" },
      actions: [{ action_id: "answers_feedback_helpful" }],
      trigger_id: "3.4.def",
    });
    assert.deepEqual(
      [click.actionId, click.team, click.channel, click.user, click.triggerId],
      ["answers_feedback_helpful", FAKE_TEAM_ID, "C0CLICKED01", "U0CLICKER01", "3.4.def"],
    );
    const form = requestLogContext({
      type: "view_submission",
      user: { id: "U0SUBMITS01", team_id: FAKE_TEAM_ID },
      view: { id: "V0VIEW0001", callback_id: "incident_form" },
    });
    assert.deepEqual(
      [form.viewId, form.callbackId, form.team, form.user],
      ["V0VIEW0001", "incident_form", FAKE_TEAM_ID, "U0SUBMITS01"],
    );
    const shortcut = requestLogContext({
      type: "message_action",
      callback_id: "log_incident",
      channel: { id: "C0SHORT0001" },
    });
    assert.deepEqual([shortcut.callbackId, shortcut.channel], ["log_incident", "C0SHORT0001"]);
  });

  it("leaves out what a body does not have, whatever its shape", () => {
    for (const body of [null, undefined, "text", 42, [], { event: "not an object", user: 7, team: { id: 8 } }]) {
      assert.deepEqual(Object.values(requestLogContext(body)).filter(Boolean), []);
    }
  });
});

describe("the log lines of concurrent requests to the real app", () => {
  /** The key an LLM gateway echoes back in its error, a shape no pattern knows: only the settings name it. */
  const LLM_KEY = "gw-test-5d1c9e7a3b";
  let llm: FakeOpenAI;
  let t: TestApp;
  before(async () => {
    // Each provider failure names the question it was for, so a line can be traced to its request by content.
    llm = await new FakeOpenAI((request) => ({
      status: 500,
      error: `overloaded while answering ${request.messages[1]?.content?.includes("gpt-5") ? "alpha" : "beta"}; key ${LLM_KEY}`,
    })).start();
    // Both requests are waiting on the LLM at once, so their lines interleave.
    llm.delayMs = 200;
    t = await startTestApp({
      // Months before any retirement reminder is due: no background delivery logs while the requests run.
      now: () => new Date("2026-05-01T09:00:00Z"),
      env: { LLM_BASE_URL: llm.baseUrl, LLM_MODEL: "fake-model", LLM_API_KEY: LLM_KEY, LLM_TIMEOUT_MS: "5000" },
    });
  });
  after(async () => {
    await t.close();
    await llm.stop();
  });

  it("gives every line logged while handling a request that request's context, and the error id it showed", async () => {
    const alpha = { eventId: "Ev0ALPHA0001", team: FAKE_TEAM_ID, channel: "C0ALPHA0001", user: "U0ALPHA0001" };
    const beta = { eventId: "Ev0BETA00001", team: FAKE_TEAM_ID, channel: "C0BETA00001", user: "U0BETA00001" };
    // Alpha's answer cannot be posted, so the listener wrapper logs the failure and shows alpha an error id.
    t.fake.failNext("chat.postMessage", { error: "internal_error", channel: alpha.channel });
    const first = t.logs.length;
    await Promise.all([
      t.slack.event(
        {
          type: "app_mention",
          user: alpha.user,
          channel: alpha.channel,
          text: `<@${FAKE_BOT_USER_ID}> is gpt-5 approved?`,
          ts: "1769500000.000100",
        },
        { eventId: alpha.eventId },
      ),
      t.slack.event(
        {
          type: "app_mention",
          user: beta.user,
          channel: beta.channel,
          text: `<@${FAKE_BOT_USER_ID}> is claude opus 5 approved?`,
          ts: "1769500000.000200",
        },
        { eventId: beta.eventId },
      ),
    ]);
    const shown = await t.fake.waitForCall("chat.postEphemeral", (call) => call.args.channel === alpha.channel);
    await t.fake.waitForCall("chat.postMessage", (call) => call.args.channel === beta.channel);
    // Nothing is in flight once both requests' middleware chains have returned: they have logged all they will.
    assert.equal(await t.deps.followUps.settle(5000), true);
    const errorId = shown.args.text.match(/error id: `([0-9a-f]{8})`/)?.[1];
    assert.ok(errorId, shown.args.text);

    const lines = t.logs.slice(first).map((line) => JSON.parse(line));
    const ofRequest = (line: any) =>
      line.eventId === alpha.eventId ? alpha : line.eventId === beta.eventId ? beta : null;
    for (const line of lines) {
      const request = ofRequest(line);
      assert.ok(request, `a line without its request's context: ${JSON.stringify(line)}`);
      assert.deepEqual([line.team, line.channel, line.user], [request.team, request.channel, request.user], line.msg);
      assert.equal(line.eventType, "app_mention");
    }

    // Lines from our code, from the LLM failure, from Bolt and from the Web API client, each traced by content.
    const find = (what: string, test: (line: any) => boolean) => {
      const found = lines.filter(test);
      assert.ok(found.length > 0, `no line for ${what}`);
      return found;
    };
    for (const line of find("alpha's LLM failure", (l) => /LLM provider .* failed.*alpha/.test(l.msg))) {
      assert.equal(line.eventId, alpha.eventId);
    }
    for (const line of find("beta's LLM failure", (l) => /LLM provider .* failed.*beta/.test(l.msg))) {
      assert.equal(line.eventId, beta.eventId);
    }
    find("Bolt's ack", (l) => /^ack\(\) call begins/.test(l.msg));
    for (const line of find("the answers' Web API calls", (l) =>
      /^http request body: .*"channel":"C0(ALPHA|BETA)/.test(l.msg),
    )) {
      assert.ok(line.msg.includes(`"channel":"${line.channel}"`), `a call for another request's channel: ${line.msg}`);
    }
    const alphaLines = lines.filter((line) => line.eventId === alpha.eventId);
    const betaLines = lines.filter((line) => line.eventId === beta.eventId);
    assert.ok(lines.indexOf(betaLines[0]) < lines.indexOf(alphaLines.at(-1)), "the two requests ran concurrently");

    // The error id: on the failure line and on everything alpha logged after it, never on beta's lines.
    const failure = find("the listener failure", (l) => l.msg === "listener failed")[0];
    assert.equal(failure.eventId, alpha.eventId);
    assert.equal(failure.errorId, errorId);
    assert.equal(failure.err.data.error, "internal_error");
    assert.match(failure.err.stack, /internal_error/);
    const afterFailure = alphaLines.slice(alphaLines.indexOf(failure));
    assert.ok(
      afterFailure.some((line) => /chat\.postEphemeral/.test(line.msg)),
      "the error reply's own API call",
    );
    for (const line of afterFailure) assert.equal(line.errorId, errorId, line.msg);
    for (const line of betaLines) assert.equal(line.errorId, undefined, line.msg);

    // The key the gateway echoed back is in no line.
    const text = t.logs.join("\n");
    assert.ok(!text.includes(LLM_KEY));
    assert.match(text, /key \[redacted\]/);
  });

  it("keeps a Web API call that waited in the client's queue behind a rate limit in its own request's context", async () => {
    const held = { eventId: "Ev0HELD00001", channel: "C0HELD00001", user: "U0HELD00001" };
    const queued = { eventId: "Ev0QUEUED001", channel: "C0QUEUED001", user: "U0QUEUED001" };
    t.fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 1, channel: held.channel });
    const first = t.logs.length;
    const ask = (request: typeof held, ts: string) =>
      t.slack.event(
        {
          type: "app_mention",
          user: request.user,
          channel: request.channel,
          text: `<@${FAKE_BOT_USER_ID}> is gpt-5 approved?`,
          ts,
        },
        { eventId: request.eventId },
      );
    await ask(held, "1769600000.000100");
    // The client pauses its queue as it logs this, so the next request's call waits in that queue.
    await t.waitForLog((line) => line.includes(held.eventId) && line.includes("API Call failed due to rate limiting"));
    await ask(queued, "1769600000.000200");
    // The fake records only the calls it accepts: the held request's is its retry.
    await t.fake.waitForCall("chat.postMessage", (call) => call.args.channel === queued.channel);
    await t.fake.waitForCall("chat.postMessage", (call) => call.args.channel === held.channel);
    assert.equal(await t.deps.followUps.settle(5000), true);

    const lines = t.logs.slice(first).map((line) => JSON.parse(line));
    const pausedAt = lines.findIndex((line) => /rate limiting/.test(line.msg));
    const queuedCall = lines.findIndex(
      (line) => line.msg.startsWith("http request body:") && line.msg.includes(queued.channel),
    );
    assert.ok(pausedAt >= 0 && queuedCall > pausedAt, "the queued request's call went out after the pause");
    for (const line of lines) {
      const request = line.eventId === held.eventId ? held : line.eventId === queued.eventId ? queued : null;
      assert.ok(request, `a line without its request's context: ${JSON.stringify(line)}`);
      if (/^http request (url|body|headers)/.test(line.msg)) {
        const body = line.msg.match(/"channel":"(C0[A-Z0-9]+)"/)?.[1];
        if (body) assert.equal(body, request.channel, `a call logged in another request's context: ${line.msg}`);
      }
    }
    assert.equal(lines[queuedCall].eventId, queued.eventId);
  });
});

describe("the log lines of a request over Socket Mode", () => {
  const APP_TOKEN = "xapp-1-A0AIGOVAPP1-4444444444-socketlogs";
  let socket: FakeSocketMode;
  let t: TestApp;
  let close: () => Promise<void>;
  before(async () => {
    ({ t, socket, close } = await startSocketModeTestApp({
      appToken: APP_TOKEN,
      now: () => new Date("2026-05-01T09:00:00Z"),
    }));
  });
  after(() => close());

  it("carries the event's context too, and never the app token", async () => {
    const first = t.logs.length;
    await socket.sendEvent(
      "env-logs-1",
      eventEnvelope(
        {
          type: "app_mention",
          user: "U0SOCKETLOG",
          channel: "C0SOCKETLOG",
          text: `<@${FAKE_BOT_USER_ID}> is gpt-5 approved?`,
          ts: "1769700000.000100",
        },
        "Ev0SOCKETLOG",
      ),
    );
    await t.fake.waitForCall("chat.postMessage", (call) => call.args.channel === "C0SOCKETLOG");
    assert.equal(await t.deps.followUps.settle(5000), true);
    const lines = t.logs.slice(first).map((line) => JSON.parse(line));
    const answer = lines.find((line) => /^http request body: .*"channel":"C0SOCKETLOG"/.test(line.msg));
    assert.ok(answer, "the answer's Web API call was logged");
    assert.deepEqual(
      [answer.eventId, answer.team, answer.channel, answer.user],
      ["Ev0SOCKETLOG", FAKE_TEAM_ID, "C0SOCKETLOG", "U0SOCKETLOG"],
    );
    assert.ok(!t.logs.join("\n").includes(APP_TOKEN));
  });
});
