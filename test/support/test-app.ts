import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Config, loadConfig } from "../../src/config.ts";
import type { Deps } from "../../src/deps.ts";
import { openDeps, type RunningAigov, startAigov } from "../../src/main.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { FakeSocketMode } from "./fake-socket-mode.ts";
import { SlackRequester, TEST_SIGNING_SECRET } from "./slack-requests.ts";
import { dropTestDatabase, testDatabaseEnv } from "./test-database.ts";

export const EXAMPLE_REGISTRY = fileURLToPath(new URL("../../registry.example.yml", import.meta.url));

export interface TestApp {
  aigov: RunningAigov;
  deps: Deps;
  fake: FakeSlack;
  slack: SlackRequester;
  baseUrl: string;
  /** Every log line the app wrote, to assert on (e.g. that no secret leaks). */
  logs: string[];
  /** Resolves with the first log line (already written or to come) that passes `test`. */
  waitForLog(test: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  registry?: string | null;
  env?: Record<string, string>;
  now?: () => Date;
  /** Adjust the fake Slack before the app connects (e.g. a Socket Mode URL). */
  beforeStart?: (fake: FakeSlack) => void;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "aigov-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The production settings, changed only in URLs, tokens and the database file. */
export function testConfig(fake: FakeSlack, dir: string, options: TestAppOptions = {}): Config {
  return loadConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: "0",
    ...testDatabaseEnv(dir),
    REGISTRY_PATH: options.registry === null ? "" : (options.registry ?? EXAMPLE_REGISTRY),
    LOG_LEVEL: "debug",
    FEEDS_POLL_MINUTES: "0",
    ...options.env,
  });
}

/** Boots the whole production app in HTTP mode against a fake Slack. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const fake = await startFakeSlack();
  options.beforeStart?.(fake);
  const { dir, cleanup } = tempDir();
  const logs: string[] = [];
  const logged = new EventEmitter();
  const aigov = await startAigov(testConfig(fake, dir, options), {
    writeLog: (line) => {
      logs.push(line);
      logged.emit("line", line);
    },
    ...(options.now ? { now: options.now } : {}),
  });
  const baseUrl = `http://127.0.0.1:${aigov.port}`;
  return {
    aigov,
    deps: aigov.deps,
    fake,
    slack: new SlackRequester(`${baseUrl}/slack/events`, fake),
    baseUrl,
    logs,
    waitForLog(test, timeoutMs = 5000) {
      const found = logs.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          logged.off("line", check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line`));
        }, timeoutMs);
        const check = (line: string) => {
          if (!test(line)) return;
          clearTimeout(timer);
          logged.off("line", check);
          resolve(line);
        };
        logged.on("line", check);
      });
    },
    async close() {
      await aigov.stop();
      await fake.stop();
      cleanup();
    },
  };
}

/**
 * Boots the app in Socket Mode, connected to a fake Socket Mode server; resolves
 * once the socket is open. `close` stops both.
 */
export async function startSocketModeTestApp(
  options: TestAppOptions & { appToken?: string } = {},
): Promise<{ t: TestApp; socket: FakeSocketMode; close(): Promise<void> }> {
  const socket = await new FakeSocketMode().start();
  const t = await startTestApp({
    ...options,
    env: {
      SLACK_APP_TOKEN: options.appToken ?? "xapp-1-A0AIGOVAPP1-fake-app-token",
      SLACK_SIGNING_SECRET: "",
      ...options.env,
    },
    beforeStart: (fake) => {
      fake.socketModeUrl = socket.url;
      options.beforeStart?.(fake);
    },
  });
  await socket.until(() => socket.connections === 1);
  return {
    t,
    socket,
    async close() {
      await t.close();
      await socket.stop();
    },
  };
}

/** Dependencies on a temporary database, without Slack, for service tests. */
export async function openTestDeps(
  options: { now?: () => Date; env?: Record<string, string> } = {},
): Promise<{ deps: Deps; close: () => Promise<void> }> {
  const { dir, cleanup } = tempDir();
  const database = testDatabaseEnv(dir);
  const config = loadConfig({ ...database, LOG_LEVEL: "error", ...options.env });
  const deps = await openDeps(config, {
    writeLog: () => {},
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    deps,
    close: async () => {
      await dropTestDatabase(deps.db, database);
      await deps.db.destroy();
      cleanup();
    },
  };
}
