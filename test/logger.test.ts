import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { AppError } from "../src/errors.ts";
import { withLogContext } from "../src/log-context.ts";
import { createLogger, type LoggerOptions } from "../src/logger.ts";

const BOT_TOKEN = "xoxb-1111111111-2222222222-abcdefghijklmnop";
const APP_TOKEN = "xapp-1-A0AIGOVAPP1-3333333333-0123456789abcdef";
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
/** Shapes no pattern knows: only the configured list catches these. */
const LLM_KEY = "gw-live-7c1e5a9d3b2f";
const QUOTED_KEY = 'gw"quoted\\key-42';

/** A logger whose lines are parsed as they are written, one JSON object each. */
function capture(options: Partial<LoggerOptions> = {}) {
  const raw: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => raw.push(line), ...options });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, any>) };
}

describe("the logger", () => {
  it("writes one JSON object per line, with level, ISO time, name and message", () => {
    const { logger, raw, lines } = capture();
    logger.info("registry imported:", 3, { added: ["a"] });
    logger.setName("web-api:WebClient:0");
    logger.warn("100% done, %s stays as typed");
    assert.equal(raw.length, 2);
    assert.ok(raw.every((line) => !line.includes("\n")));
    const [first, second] = lines();
    assert.equal(first?.level, "info");
    assert.equal(first?.name, "aigov");
    assert.equal(first?.msg, 'registry imported: 3 {"added":["a"]}');
    assert.equal(new Date(first?.time).toISOString(), first?.time);
    assert.equal(second?.name, "web-api:WebClient:0");
    assert.equal(second?.msg, "100% done, %s stays as typed");
  });

  it("drops lines below its level, and takes only the levels it knows", () => {
    const { logger, lines } = capture({ level: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    assert.deepEqual(
      lines().map((line) => line.level),
      ["warn", "error"],
    );
    logger.setLevel("debug");
    assert.equal(logger.getLevel(), "debug");
    logger.setLevel("verbose");
    logger.setLevel("fatal");
    assert.equal(logger.getLevel(), "debug");
    logger.debug("now shown");
    assert.equal(lines().at(-1)?.msg, "now shown");
  });

  it("writes an error as structured fields: type, message, code, stack, and its cause", () => {
    const { logger, lines } = capture();
    const cause = new Error("socket hang up");
    logger.error("listener failed", new AppError("not_found", "no incident INC-0042"), "while posting");
    logger.error(Object.assign(new Error("platform error", { cause }), { code: "slack_webapi_platform_error" }));
    const [appError, alone] = lines();
    assert.equal(appError?.msg, "listener failed while posting");
    assert.equal(appError?.err.type, "AppError");
    assert.equal(appError?.err.message, "no incident INC-0042");
    assert.equal(appError?.err.code, "not_found");
    assert.match(appError?.err.stack, /^AppError: no incident INC-0042\n\s+at /);
    assert.equal(alone?.msg, "platform error", "an error alone gives the line its message");
    assert.equal(alone?.err.code, "slack_webapi_platform_error");
    assert.match(alone?.err.message, /socket hang up/);
    assert.match(alone?.err.stack, /caused by: Error: socket hang up/);
  });

  it("adds the context it is logged in to the line", () => {
    const { logger, lines } = capture();
    withLogContext({ eventId: "Ev0CONTEXT01", team: "T0FAKETEAM1" }, () => logger.info("inside"));
    logger.info("outside");
    const [inside, outside] = lines();
    assert.equal(inside?.eventId, "Ev0CONTEXT01");
    assert.equal(inside?.team, "T0FAKETEAM1");
    assert.equal(outside?.eventId, undefined);
  });

  describe("redaction", () => {
    const secrets = [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, LLM_KEY, QUOTED_KEY, null];

    it("removes every configured secret from messages, nested fields, errors and context", () => {
      const { logger, raw, lines } = capture({ secrets });
      logger.info(`connecting with ${BOT_TOKEN} and ${APP_TOKEN}`);
      logger.debug("request", { headers: { authorization: `Bearer ${LLM_KEY}` }, form: [{ secret: SIGNING_SECRET }] });
      const error = Object.assign(new Error(`provider said: bad key ${LLM_KEY}`), {
        data: { echoed: { token: BOT_TOKEN, secret: SIGNING_SECRET } },
      });
      logger.error("call failed", error);
      withLogContext({ user: APP_TOKEN, channel: QUOTED_KEY }, () => logger.warn(`key ${QUOTED_KEY}`));
      const text = raw.join("\n");
      for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, LLM_KEY, JSON.stringify(QUOTED_KEY).slice(1, -1)]) {
        assert.ok(!text.includes(secret), `${secret} leaked`);
      }
      const [info, debug, failure, warning] = lines();
      assert.equal(info?.msg, "connecting with [redacted] and [redacted]");
      assert.match(debug?.msg, /"authorization":"Bearer \[redacted\]"/);
      assert.match(failure?.err.message, /bad key \[redacted\]$/);
      assert.match(failure?.err.stack, /bad key \[redacted\]\n/);
      assert.deepEqual(failure?.err.data, { echoed: { token: "[redacted]", secret: "[redacted]" } });
      assert.deepEqual([warning?.user, warning?.channel, warning?.msg], ["[redacted]", "[redacted]", "key [redacted]"]);
    });

    it("removes token shapes nobody configured, even right after a newline, and leaves look-alike words", () => {
      const { logger, raw, lines } = capture();
      const stray = [
        "xoxb-9999999999-8888888888-strayBotToken",
        "xoxp-1234-5678-strayUserToken",
        "xapp-1-A123-456-strayAppToken",
        "sk-proj-AbCdEf0123456789_-xyz",
      ];
      logger.error("first line", new Error(`line one\n${stray[0]}\n${stray[1]}`));
      logger.info({ nested: { deeper: [stray[2]] } }, `key=${stray[3]}`);
      logger.info("risk-assessment, task-management and desk-booking use cases");
      const text = raw.join("\n");
      for (const token of stray) assert.ok(!text.includes(token), `${token} leaked`);
      assert.doesNotMatch(text, /xox[a-z]-|xapp-|sk-proj/);
      assert.equal(lines().at(-1)?.msg, "risk-assessment, task-management and desk-booking use cases");
    });
  });

  it("writes to stderr synchronously: no line is lost when the process is killed right after logging it", () => {
    const script = [
      `import { createLogger } from ${JSON.stringify(fileURLToPath(new URL("../src/logger.ts", import.meta.url)))};`,
      `const logger = createLogger({ level: "info", secrets: [${JSON.stringify(BOT_TOKEN)}] });`,
      `for (let i = 0; i < 200; i++) logger.info("line " + i + " ${BOT_TOKEN}");`,
      `logger.error("last words");`,
      'process.kill(process.pid, "SIGKILL");',
    ].join("\n");
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    assert.equal(child.signal, "SIGKILL", child.stderr);
    assert.equal(child.stdout, "");
    const lines = child.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 201);
    assert.equal(JSON.parse(lines.at(-1) as string).msg, "last words");
    assert.equal(JSON.parse(lines[0] as string).msg, "line 0 [redacted]");
  });
});
