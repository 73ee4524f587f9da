import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeSlack } from "./fake-slack.ts";
import { TEST_SIGNING_SECRET } from "./slack-requests.ts";
import { testDatabaseEnv } from "./test-database.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Bot {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves when the process and everything holding its output have exited. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of pattern in stderr, as it arrives. */
  logged(pattern: RegExp): Promise<RegExpMatchArray>;
}

/**
 * Runs the bot as people do (the compiled build: run `npm run build` first),
 * in HTTP mode against the fake Slack, with nothing from the machine's settings.
 */
export function runBot(
  command: string,
  args: string[],
  fake: FakeSlack,
  dir: string,
  env: Record<string, string> = {},
): Bot {
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
      ...testDatabaseEnv(dir),
      LOG_LEVEL: "info",
      ...env,
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

export function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}
