import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { generateRegistry } from "../../bench/generated-registry.ts";
import { eventually } from "../support/eventually.ts";
import { FAKE_BOT_USER_ID } from "../support/fake-slack.ts";
import { runAigov } from "../support/run-cli.ts";
import { EXAMPLE_REGISTRY, startTestApp, type TestApp, tempDir } from "../support/test-app.ts";
import { sqliteFile, sqliteOnly } from "../support/test-database.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Another process holding SQLite's write lock until its stdin closes: what
 * a long `aigov registry import` does to the bot.
 */
function holdWriteLock(file: string): { child: ChildProcessWithoutNullStreams; locked: Promise<void> } {
  const script = `
    const db = new (require("better-sqlite3"))(process.argv[1]);
    db.exec("begin immediate");
    process.stdout.write("locked\\n");
    process.stdin.resume();
    process.stdin.on("end", () => { db.exec("commit"); db.close(); });
  `;
  const child = spawn(process.execPath, ["-e", script, file], { cwd: ROOT, stdio: "pipe" });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
  });
  return { child, locked };
}

describe("two processes on one SQLite file", sqliteOnly("two processes on one file"), () => {
  let t: TestApp;
  let dir: string;
  let cleanup: () => void;
  let database: string;
  before(async () => {
    ({ dir, cleanup } = tempDir());
    t = await startTestApp({ env: { LOG_LEVEL: "warn" } });
    database = sqliteFile(t.deps.config);
  });
  after(async () => {
    await t.close();
    cleanup();
  });

  it("answers every mention while the CLI imports registries into the same file, and every import succeeds", async () => {
    const big = join(dir, "big.yml");
    writeFileSync(big, stringify(generateRegistry(500, 50)));
    const env = { DATABASE_URL: database, LOG_LEVEL: "warn" };
    let importing = true;
    const imports = (async () => {
      const results = [];
      for (const file of [big, EXAMPLE_REGISTRY]) {
        results.push(await runAigov(["registry", "import", file], { cwd: dir, env }));
      }
      importing = false;
      return results;
    })();

    // Waves of mentions while the imports run, each mention's transaction meeting theirs; at most 600, so that
    // on a loaded machine, where the imports run long, the answers still owed stay a bounded amount of work.
    let sent = 0;
    while ((importing && sent < 600) || sent < 200) {
      const wave = Array.from({ length: 20 }, () => {
        const ts = `1769600000.${String(sent++).padStart(6, "0")}`;
        return t.slack.event({
          type: "app_mention",
          user: "U0EMPLOYEE1",
          text: `<@${FAKE_BOT_USER_ID}> is gpt-5 approved?`,
          channel: "C0SHARED001",
          ts,
        });
      });
      assert.deepEqual(new Set((await Promise.all(wave)).map((response) => response.status)), new Set([200]));
    }

    for (const result of await imports) assert.equal(result.code, 0, `registry import failed: ${result.stderr}`);
    assert.equal(await t.deps.followUps.settle(60_000), true, "the follow-up work finishes");
    const threads = t.fake
      .callsTo("chat.postMessage")
      .filter((call) => call.args.channel === "C0SHARED001")
      .map((call) => String(call.args.thread_ts));
    assert.equal(new Set(threads).size, sent, `every one of the ${sent} mentions is answered`);
    assert.equal(threads.length, sent, "none twice");
    assert.deepEqual(
      t.logs.filter((line) => /"level":(40|50)/.test(line)),
      [],
      "no warning or error: nothing had to be retried by hand or dropped",
    );
  });

  it("acknowledges at once while another process holds the write lock, and answers once it lets go", async () => {
    const holder = holdWriteLock(database);
    await holder.locked;
    const lockedAt = Date.now();
    const acks: number[] = [];
    try {
      // Each command's answer waits for the lock to write its qa_log row; the next ack must not. Paced, so
      // that a fast machine does not queue hundreds of answers for a loaded one to catch up with.
      while (Date.now() - lockedAt < 3_000) {
        const sent = Date.now();
        const response = await t.slack.slashCommand("ask is claude opus 5 approved?");
        assert.equal(response.status, 200);
        acks.push(Date.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(t.fake.responses.length, 0, "no answer can be logged while the lock is held");
    } finally {
      holder.child.stdin.end();
      await once(holder.child, "exit");
    }
    assert.ok(
      acks.every((ms) => ms < 1_500),
      `every acknowledgement within 1.5 s while the lock is held: ${acks.join(", ")} ms`,
    );
    assert.ok(acks.length >= 3, `${acks.length} commands sent in 3 s`);
    await eventually(() => t.fake.responses.length === acks.length, "an answer to every command", 30_000);
    assert.ok(t.fake.responses.every((response) => /Claude Opus 5/.test(JSON.stringify(response.body))));
  });
});
