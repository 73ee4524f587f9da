import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FAKE_BOT_USER_ID } from "../support/fake-slack.ts";
import type { FakeSocketMode } from "../support/fake-socket-mode.ts";
import { eventEnvelope } from "../support/slack-requests.ts";
import { startSocketModeTestApp, type TestApp } from "../support/test-app.ts";

const mention = (eventId: string, ts: string, text: string) =>
  eventEnvelope(
    { type: "app_mention", user: "U0EMPLOYEE1", text: `<@${FAKE_BOT_USER_ID}> ${text}`, channel: "C0SOCKET001", ts },
    eventId,
  );

describe("Socket Mode", () => {
  let socket: FakeSocketMode;
  let t: TestApp;
  let close: () => Promise<void>;
  before(async () => {
    ({ t, socket, close } = await startSocketModeTestApp());
  });
  after(() => close());

  const posts = () => t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0SOCKET001");

  it("answers events over the socket, through a refresh_requested reconnect, each exactly once", async () => {
    await socket.sendEvent("env-1", mention("Ev0SOCKET001", "1769500000.000100", "is glm 5 approved?"));
    await t.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "C0SOCKET001");

    await socket.refresh();
    assert.equal(socket.connections, 2);

    // Slack redelivers an unacknowledged event after a reconnect: handled once.
    await socket.sendEvent("env-1-retry", mention("Ev0SOCKET001", "1769500000.000100", "is glm 5 approved?"), 1);
    await socket.sendEvent("env-2", mention("Ev0SOCKET002", "1769500000.000200", "is grok approved?"));
    await t.fake.waitForCall("chat.postMessage", () => posts().length >= 2);
    // All three envelopes are acknowledged (checked below); once their work is done, a duplicate would have posted.
    assert.equal(await t.deps.followUps.settle(5_000), true);

    assert.deepEqual(
      posts().map((c) => c.args.thread_ts),
      ["1769500000.000100", "1769500000.000200"],
    );
    assert.deepEqual(socket.acks, ["env-1", "env-1-retry", "env-2"]);
    const opens = t.fake.callsTo("apps.connections.open");
    assert.equal(opens.length, 2, "one connection, then one after the refresh");
    assert.ok(opens.every((call) => call.token?.startsWith("xapp-")));
  });
});
