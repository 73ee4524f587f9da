import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.ts";
import { FeedServer } from "../support/feed-server.ts";
import { type CliResult, runCliInProcess } from "../support/run-cli.ts";
import { TEST_SIGNING_SECRET } from "../support/slack-requests.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../support/test-app.ts";
import { testDatabaseEnv } from "../support/test-database.ts";

/** One in-process CLI run with only these settings. */
const cli = (argv: string[], env: Record<string, string>) => runCliInProcess(argv, { env });

/** A person's mistake gets one line naming it: no stack trace, no "unexpected error". */
function assertOneLine(outcome: CliResult, pattern: RegExp): void {
  assert.match(outcome.stderr, pattern);
  assert.doesNotMatch(outcome.stderr, /unexpected error|\n\s+at /);
  assert.equal(
    outcome.stderr.trim().split("\n").length <= 2,
    true,
    `at most the error and the usage:\n${outcome.stderr}`,
  );
}

describe("CLI mistakes and failures", () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  before(async () => {
    ({ dir, cleanup } = tempDir());
    env = { ...testDatabaseEnv(dir, "aigov.sqlite"), LOG_LEVEL: "error" };
    assert.equal((await cli(["registry", "import", EXAMPLE_REGISTRY], env)).code, 0);
  });
  after(() => cleanup());

  const create = ["incident", "create", "--vendor", "anthropic", "--type", "outage", "--title", "Opus errors"];
  const usageMistakes: { what: string; argv: string[]; says: RegExp }[] = [
    {
      what: "a start time in words",
      argv: [...create, "--severity", "sev2", "--started-at", "yesterday"],
      says: /--started-at: expected a date or time such as 2026-08-17T14:20Z, got "yesterday"/,
    },
    {
      what: "an impossible date",
      argv: [...create, "--severity", "sev2", "--started-at", "2026-13-45"],
      says: /--started-at: expected a date/,
    },
    { what: "an unknown severity", argv: [...create, "--severity", "sev9"], says: /--severity: expected one of sev1/ },
    {
      what: "an unknown status",
      argv: ["incident", "update", "INC-0001", "--status", "done"],
      says: /--status: /,
    },
    {
      what: "an impossible --since",
      argv: ["incident", "export", "--format", "csv", "--since", "2026-02-31x"],
      says: /--since: expected a date such as 2026-01-31/,
    },
    { what: "an unknown flag", argv: ["incident", "list", "--bogus"], says: /Unknown option '--bogus'/ },
    { what: "a stray argument", argv: ["migrate", "now"], says: /usage: aigov migrate/ },
    { what: "a missing value", argv: ["incident", "create", "--vendor"], says: /--vendor/ },
  ];
  for (const { what, argv, says } of usageMistakes) {
    it(`exits 2 on ${what}: ${argv.slice(0, 2).join(" ")}`, async () => {
      const outcome = await cli(argv, env);
      assert.equal(outcome.code, 2, outcome.stderr);
      assertOneLine(outcome, says);
    });
  }

  it("feeds check --once: exits 1 and reports a failed poll on stderr", async () => {
    const feed = await new FeedServer().start();
    try {
      feed.serve("/api/v2/incidents.json", { status: 503, body: "{}" });
      const registry = join(dir, "feeds-registry.yml");
      const text = readFileSync(EXAMPLE_REGISTRY, "utf8").replace(/status_page: \S+/g, `status_page: ${feed.url()}`);
      writeFileSync(registry, text);
      const feedEnv = { ...env, ...testDatabaseEnv(dir, "feeds.sqlite") };
      assert.equal((await cli(["registry", "import", registry], feedEnv)).code, 0);
      const outcome = await cli(["feeds", "check", "--once"], feedEnv);
      assert.equal(outcome.code, 1);
      assert.match(outcome.stderr, /^error\s+Anthropic: HTTP 503/m);
      assert.doesNotMatch(outcome.stdout, /HTTP 503/);

      feed.serve("/api/v2/incidents.json", { body: JSON.stringify({ page: { id: "p" }, incidents: [] }) });
      const healthy = await cli(["feeds", "check", "--once"], feedEnv);
      assert.equal(healthy.code, 0, healthy.stderr);
    } finally {
      await feed.stop();
    }
  });

  it("exits 1 with one line when the database cannot be opened", async () => {
    const notAFolder = join(dir, "a-file");
    writeFileSync(notAFolder, "");
    const outcome = await cli(["incident", "list"], { ...env, DATABASE_URL: join(notAFolder, "aigov.sqlite") });
    assert.equal(outcome.code, 1);
    assertOneLine(outcome, /^aigov: Cannot open the database .*a-file\/aigov\.sqlite \(DATABASE_URL\): /);
  });

  it("exits 1 with one line when the database folder is read-only", {
    skip: process.getuid?.() === 0 ? "root writes through permissions" : false,
  }, async () => {
    const readOnly = join(dir, "read-only");
    mkdirSync(readOnly, { mode: 0o500 });
    const outcome = await cli(["migrate"], { ...env, DATABASE_URL: join(readOnly, "aigov.sqlite") });
    assert.equal(outcome.code, 1);
    assertOneLine(outcome, /Cannot open the database .*read-only\/aigov\.sqlite/);
  });

  describe("aigov start", () => {
    let fake: FakeSlack;
    before(async () => {
      fake = await startFakeSlack();
    });
    after(() => fake.stop());

    it("exits 1 with one line when PORT is taken", async () => {
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, resolve));
      const port = (holder.address() as AddressInfo).port;
      try {
        const outcome = await cli(["start"], {
          ...env,
          SLACK_BOT_TOKEN: fake.botToken,
          SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
          SLACK_API_URL: fake.apiUrl,
          PORT: String(port),
          FEEDS_POLL_MINUTES: "0",
        });
        assert.equal(outcome.code, 1);
        assertOneLine(outcome, new RegExp(`^aigov: PORT ${port} is already in use`));
      } finally {
        holder.close();
      }
    });

    it("exits 2 when given arguments it does not take", async () => {
      const outcome = await cli(["start", "--now"], env);
      assert.equal(outcome.code, 2);
    });
  });
});
