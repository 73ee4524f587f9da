import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runAigov, runCliInProcess } from "../support/run-cli.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../support/test-app.ts";
import { sqliteOnly, testDatabaseEnv } from "../support/test-database.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe("the aigov CLI", () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  before(() => {
    ({ dir, cleanup } = tempDir());
    env = { ...testDatabaseEnv(join(dir, "db")), LOG_LEVEL: "warn" };
  });
  after(() => cleanup());

  it("lists its commands with --help", async () => {
    const result = await runCliInProcess(["--help"], { env });
    assert.equal(result.code, 0);
    for (const command of ["start", "migrate", "registry validate", "registry import", "registry export"]) {
      assert.match(result.stdout, new RegExp(`aigov ${command}`));
    }
  });

  // The real executable: its exit code, and the .env file it reads from its working folder.
  it("rejects an unknown command on stderr with exit code 2", async () => {
    const result = await runAigov(["frobnicate"], { cwd: dir, env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command "frobnicate"/);
  });

  it("reads settings the environment lacks from .env in its working folder; the environment wins", async () => {
    const folder = join(dir, "with-dotenv");
    mkdirSync(folder);
    writeFileSync(join(folder, ".env"), "DATABASE_URL=./from-dotenv.sqlite\nLOG_LEVEL=loud\n");
    const result = await runAigov(["migrate"], { cwd: folder, env: { LOG_LEVEL: "warn" } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /database \.\/from-dotenv\.sqlite is up to date/);
    assert.equal(existsSync(join(folder, "from-dotenv.sqlite")), true);
  });

  it("validates a file, listing every problem with file and line, exit 1", async () => {
    const result = await runCliInProcess(["registry", "validate", fixture("registry-ten-mistakes.yml")], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /registry-ten-mistakes\.yml:20: models\[0\]\.vendor: unknown vendor "antropic"/);
    assert.match(result.stderr, /12 problems/);
    assert.equal(result.stdout, "");
  });

  it("imports, exports, and re-imports the export with no change", async () => {
    const imported = await runCliInProcess(["registry", "import", EXAMPLE_REGISTRY], { env });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /44 added, 1 changed, 0 removed/);
    assert.match(imported.stdout, /^\+ model anthropic\/claude-opus-5$/m);

    const exported = await runCliInProcess(["registry", "export"], { env });
    assert.equal(exported.code, 0, exported.stderr);
    const file = join(dir, "export.yml");
    writeFileSync(file, exported.stdout);
    const again = await runCliInProcess(["registry", "import", file], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /0 added, 0 changed, 0 removed/);
  });

  it("names a malformed setting and what it expects", async () => {
    const result = await runCliInProcess(["migrate"], { env: { ...env, PORT: "eighty" } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PORT: expected a port number from 0 to 65535 \(got "eighty"\)/);
  });

  it("refuses a registry file that does not exist", async () => {
    const result = await runCliInProcess(["registry", "import", join(dir, "nope.yml")], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot read registry file .*nope\.yml: no such file/);
  });

  it("will not start without Slack settings, and says how to get them", async () => {
    const database = join(dir, "never", "aigov.sqlite");
    const result = await runCliInProcess(["start"], { env: { DATABASE_URL: database } });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /missing SLACK_BOT_TOKEN and SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET/);
    assert.match(result.stderr, /manifest\.yml/);
    assert.match(result.stderr, /npx aigov --help/);
    assert.equal(existsSync(database), false);
  });

  it(
    "creates the database folder and keeps the file readable by its owner only",
    sqliteOnly("file permissions"),
    async () => {
      const result = await runCliInProcess(["migrate"], { env });
      assert.equal(result.code, 0, result.stderr);
      const { statSync } = await import("node:fs");
      assert.equal(statSync(env.DATABASE_URL as string).mode & 0o777, 0o600);
    },
  );
});

describe("aigov ask", () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  before(async () => {
    ({ dir, cleanup } = tempDir());
    env = { ...testDatabaseEnv(dir, "aigov.sqlite"), LOG_LEVEL: "warn" };
    const imported = await runCliInProcess(["registry", "import", EXAMPLE_REGISTRY], { env });
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => cleanup());

  it("answers one question as text", async () => {
    const result = await runCliInProcess(["ask", "Is Claude Opus 5 approved?"], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Yes, Claude Opus 5 is approved\./);
  });

  // The real executable end to end: a piped stdin, stdout and the exit code.
  it("answers questions from stdin as one JSON object per line, in order", async () => {
    const stdin = ["Is Grok 4 approved?", "", "Which systems use mythos?", "What retires in the next 90 days?"].join(
      "\n",
    );
    const result = await runAigov(["ask", "--json"], { cwd: dir, env, stdin });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, 3);
    assert.deepEqual(Object.keys(lines[0]), [
      "intent",
      "verdict",
      "models",
      "alternatives",
      "systems",
      "answer",
      "sources",
      "path",
    ]);
    assert.deepEqual(
      lines.map((line) => [line.intent, line.verdict]),
      [
        ["status", "no"],
        ["dependents", null],
        ["retiring", null],
      ],
    );
    assert.deepEqual(lines[0].models, [{ id: "xai/grok-4", name: "Grok 4", status: "suspended" }]);
    assert.deepEqual(lines[1].systems, [
      { id: "support-summarizer", name: "Support ticket summarizer", owner: "U0OWNER001" },
    ]);
    assert.equal(lines[0].path, "deterministic");
    assert.deepEqual(Object.keys(lines[0].sources[0]), ["title", "url"]);
  });
});
