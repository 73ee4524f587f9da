import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { WRITE_CHECK_TTL_MS } from "../../src/ops/probes.ts";
import { FAKE_BOT_USER_ID } from "../support/fake-slack.ts";
import { runAigov, runCliInProcess } from "../support/run-cli.ts";
import { startTestApp, type TestApp, tempDir } from "../support/test-app.ts";
import { onPostgres, sqliteFile } from "../support/test-database.ts";

/**
 * A small tmpfs is a disk that really fills up, for root as for anyone
 * (chmod stops no root, and SQLite's own read-only switches would need a
 * test hook in the app). Mounting needs CAP_SYS_ADMIN: elsewhere the suite
 * skips, saying why.
 */
function mountSmallDisk(folder: string, size: string): string | null {
  mkdirSync(folder, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", folder], { stdio: "pipe" });
    return null;
  } catch (error) {
    return `cannot mount a small tmpfs here (${String((error as { stderr?: unknown }).stderr ?? error).trim()})`;
  }
}

function unmount(folder: string): void {
  execFileSync("umount", [folder], { stdio: "pipe" });
}

/** Writes until the disk refuses: ENOSPC. */
function fillDisk(file: string): void {
  try {
    writeFileSync(file, Buffer.alloc(64 * 1024 * 1024));
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, "ENOSPC");
    return;
  }
  assert.fail("the small disk took 64 MiB");
}

interface ProbeAnswer {
  status: number;
  body: { checks?: { database: string }; database?: string };
}

async function probe(t: TestApp, path: string): Promise<ProbeAnswer> {
  const response = await fetch(`${t.baseUrl}${path}`);
  return { status: response.status, body: (await response.json()) as ProbeAnswer["body"] };
}

const { dir: root, cleanup } = tempDir();
const disk = join(root, "disk");
// On PostgreSQL there is no SQLite file to starve: nothing is mounted, and both suites skip.
const cannotMount = onPostgres ? "SQLite only: disk faults under the SQLite file" : mountSmallDisk(disk, "4m");
after(() => cleanup());

describe("a full disk", { skip: cannotMount ?? false }, () => {
  let t: TestApp;
  /** The app's clock runs ahead of real time by this much, so the write check's cache can be outlived at once. */
  let shiftMs = 0;
  before(async () => {
    t = await startTestApp({
      env: { DATABASE_URL: join(disk, "aigov.sqlite"), LOG_LEVEL: "info" },
      now: () => new Date(Date.now() + shiftMs),
    });
  });
  after(async () => {
    await t?.close();
    unmount(disk);
  });

  it("fails readiness, still answers mentions and /aigov ask, and recovers when space comes back", async () => {
    assert.equal((await probe(t, "/readyz")).body.checks?.database, "ok");
    // An empty WAL: the next write must grow a file, as it does once the WAL's space is used up.
    const other = new Database(sqliteFile(t.deps.config));
    other.pragma("wal_checkpoint(TRUNCATE)");
    other.close();
    const filler = join(disk, "filler");
    fillDisk(filler);
    shiftMs += WRITE_CHECK_TTL_MS;

    const ready = await probe(t, "/readyz");
    assert.equal(ready.status, 503);
    assert.equal(ready.body.checks?.database, "unavailable");
    const health = await probe(t, "/healthz");
    assert.equal(health.status, 503);
    assert.equal(health.body.database, "unavailable");
    await t.waitForLog((line) => /database write check failed/.test(line) && /SQLITE_FULL/.test(line));

    await t.slack.event({
      type: "app_mention",
      user: "U0EMPLOYEE1",
      text: `<@${FAKE_BOT_USER_ID}> is claude opus 5 approved?`,
      channel: "C0FULLDISK1",
      ts: "1769700000.000001",
    });
    const reply = await t.fake.waitForCall(
      "chat.postMessage",
      (call) => call.args.channel === "C0FULLDISK1" && call.args.thread_ts === "1769700000.000001",
    );
    assert.match(JSON.stringify(reply.args), /Claude Opus 5/, "the mention gets its answer, not silence");

    await t.slack.slashCommand("ask is claude opus 5 approved?");
    const answer = await t.fake.waitForResponse(() => true);
    assert.match(JSON.stringify(answer.body), /Claude Opus 5/, "the computed answer, not an error id");
    assert.doesNotMatch(JSON.stringify(answer.body), /Something went wrong/);
    await t.waitForLog((line) => /could not log the answer to qa_log/.test(line));

    rmSync(filler);
    const recovered = await probe(t, "/readyz");
    assert.equal(recovered.body.checks?.database, "ok");
    assert.equal(recovered.status, 200);
  });
});

describe("a read-only database", { skip: cannotMount ?? false }, () => {
  const readOnly = join(root, "read-only");
  let mounted = false;
  before(() => {
    const reason = mountSmallDisk(readOnly, "4m");
    assert.equal(reason, null);
    mounted = true;
  });
  after(() => {
    if (mounted) unmount(readOnly);
  });

  it("stops the bot at start with one line saying so, not a stack", async () => {
    const env = {
      DATABASE_URL: join(readOnly, "aigov.sqlite"),
      SLACK_BOT_TOKEN: "xoxb-unused",
      SLACK_SIGNING_SECRET: "unused",
    };
    assert.equal((await runCliInProcess(["migrate"], { env })).code, 0);
    execFileSync("mount", ["-o", "remount,ro", readOnly], { stdio: "pipe" });
    const started = await runAigov(["start"], { cwd: root, env });
    assert.equal(started.code, 1);
    assert.equal(started.stderr.trim().split("\n").length, 1, started.stderr);
    assert.match(started.stderr, /^aigov: Cannot open the database .*aigov\.sqlite.*is read-only \(EROFS\)/);
  });
});
