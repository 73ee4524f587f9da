import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { FAKE_BOT_USER_ID, type FakeSlack, startFakeSlack } from "../support/fake-slack.ts";
import { SlackRequester, TEST_SIGNING_SECRET } from "../support/slack-requests.ts";
import { tempDir } from "../support/test-app.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Bot {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves when the process and everything holding its output have exited. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of pattern in stderr, as it arrives. */
  logged(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** Runs the bot as people do, in HTTP mode against the fake Slack, with nothing from the machine's settings. */
function runBot(command: string, args: string[], fake: FakeSlack, dir: string): Bot {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
      HOME: process.env.HOME ?? "",
      npm_config_update_notifier: "false",
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      DATABASE_URL: join(dir, "aigov.sqlite"),
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const waiters: (() => void)[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stdout?.resume();
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    stderr: () => stderr,
    closed,
    logged(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = stderr.match(pattern);
          if (match) resolve(match);
          else waiters.push(check);
        };
        void closed.then(() => reject(new Error(`exited without logging ${pattern}:\n${stderr}`)));
        check();
      });
    },
  };
}

/** The promise's value, or a failure naming what did not happen in time. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

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
});
