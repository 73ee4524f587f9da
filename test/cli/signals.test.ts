import assert from "node:assert/strict";
import { Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { portRefuses, runBot } from "../support/bot-process.ts";
import { within } from "../support/eventually.ts";
import { FAKE_BOT_USER_ID, type FakeSlack, startFakeSlack } from "../support/fake-slack.ts";
import { SlackRequester } from "../support/slack-requests.ts";
import { tempDir } from "../support/test-app.ts";

describe("stopping the bot process with a signal", () => {
  let fake: FakeSlack;
  let dir: string;
  let cleanup: () => void;
  before(async () => {
    fake = await startFakeSlack();
    ({ dir, cleanup } = tempDir());
  });
  after(async () => {
    await fake.stop();
    cleanup();
  });

  const ways = [
    { how: "npm start", signal: "SIGTERM", command: "npm", args: ["start"] },
    {
      how: "node dist/src/cli/run.js start",
      signal: "SIGINT",
      command: process.execPath,
      args: ["dist/src/cli/run.js", "start"],
    },
  ] as const;
  for (const { how, signal, command, args } of ways) {
    it(`${signal} to ${how}: shutdown logged, port released, every process gone, exit 0`, {
      timeout: 30_000,
    }, async () => {
      const bot = runBot(command, [...args], fake, dir);
      try {
        const port = Number((await bot.logged(/listening on port (\d+)/))[1]);
        const signalledAt = Date.now();
        bot.child.kill(signal);
        // "close" waits for every holder of the output pipes: a bot left behind by npm would hold them open.
        const { code } = await within(bot.closed, 12_000, `the bot's exit after ${signal}\n${bot.stderr()}`);
        assert.ok(Date.now() - signalledAt < 10_000, "stopped within the 10 s bound");
        assert.equal(code, 0, bot.stderr());
        assert.match(bot.stderr(), new RegExp(`${signal} received: shutting down`));
        assert.match(bot.stderr(), /aigov stopped/);
        assert.equal(await portRefuses(port), true, "the port is released");
      } finally {
        bot.child.kill("SIGKILL");
      }
    });
  }

  it("exits at once, non-zero, on a second signal while acknowledged work is still running", {
    timeout: 30_000,
  }, async () => {
    fake.delayResponses("chat.postMessage", 60_000);
    const bot = runBot(process.execPath, ["bin/aigov.js", "start"], fake, dir);
    try {
      const port = Number((await bot.logged(/listening on port (\d+)/))[1]);
      const slack = new SlackRequester(`http://127.0.0.1:${port}/slack/events`, fake);
      const sent = await slack.event({
        type: "app_mention",
        user: "U0EMPLOYEE1",
        text: `<@${FAKE_BOT_USER_ID}> is gpt-5 approved?`,
        channel: "C0SLOWANSWER",
        ts: "1769600000.000100",
      });
      assert.equal(sent.status, 200);
      await fake.waitForCall("chat.postMessage", (call) => call.args.channel === "C0SLOWANSWER");

      bot.child.kill("SIGTERM");
      await bot.logged(/SIGTERM received: shutting down/);
      // Another signal than the first, so it cannot pass for a forwarded copy of it.
      bot.child.kill("SIGINT");
      // Well under the 10 s that a stop would give the answer held back by Slack.
      const { code } = await within(bot.closed, 5_000, "the exit on a second signal");
      assert.equal(code, 130, bot.stderr());
      assert.match(bot.stderr(), /SIGINT received again: exiting at once/);
      assert.doesNotMatch(bot.stderr(), /aigov stopped/);
    } finally {
      bot.child.kill("SIGKILL");
      fake.delayResponses("chat.postMessage", 0);
    }
  });

  it("SIGTERM while a client holds a request half-sent: its connection is cut and the bot exits within the bound", {
    timeout: 30_000,
  }, async () => {
    const bot = runBot(process.execPath, ["bin/aigov.js", "start"], fake, dir);
    const held = new Socket();
    try {
      const port = Number((await bot.logged(/listening on port (\d+)/))[1]);
      await new Promise<void>((resolve) => held.connect(port, "127.0.0.1", resolve));
      held.on("error", () => {});
      const cut = new Promise((resolve) => held.once("close", resolve));
      // The request line and one header, never the blank line that ends the headers.
      held.write("POST /slack/events HTTP/1.1\r\nHost: localhost\r\n");
      const signalledAt = Date.now();
      bot.child.kill("SIGTERM");
      const { code } = await within(bot.closed, 12_000, `the bot's exit after SIGTERM\n${bot.stderr()}`);
      const tookMs = Date.now() - signalledAt;
      // Under Node's 10 s header timeout: the stop itself cut the connection, after its 3 s grace.
      assert.ok(tookMs < 7_000, `exited ${tookMs} ms after SIGTERM`);
      assert.equal(code, 0, bot.stderr());
      await within(cut, 1_000, "the held connection's close");
    } finally {
      held.destroy();
      bot.child.kill("SIGKILL");
    }
  });
});
