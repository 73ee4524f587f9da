import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../../src/config.ts";
import type { Deps } from "../../../src/deps.ts";
import { openDeps } from "../../../src/main.ts";
import { tempDir } from "../../support/test-app.ts";
import { testDatabaseEnv } from "../../support/test-database.ts";

const NOW = new Date("2027-06-30T03:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe("the nightly prune", () => {
  const { dir, cleanup } = tempDir();
  let deps: Deps;
  before(async () => {
    deps = await openDeps(loadConfig({ ...testDatabaseEnv(dir, "aigov.sqlite"), RETENTION_DAYS: "30" }), {
      now: () => NOW,
      writeLog: () => {},
    });
  });
  after(async () => {
    await deps.db.destroy();
    cleanup();
  });

  it("keeps qa_log for 180 days unless RETENTION_DAYS says otherwise", () => {
    assert.equal(loadConfig({}).retention.qaLogDays, 180);
    assert.equal(deps.config.retention.qaLogDays, 30);
    assert.throws(() => loadConfig({ RETENTION_DAYS: "0" }), /RETENTION_DAYS: expected a whole number of days/);
  });

  it("deletes only what is past its retention, in batches that let other work run between them", async () => {
    const qaRow = (askedAt: string) => ({
      asked_at: askedAt,
      surface: "command",
      question: "Is GPT-5 approved?",
      intent: "status",
      answer: "Yes.",
      path: "deterministic",
      latency_ms: 1,
    });
    const old = Array.from({ length: 2_500 }, (_, i) => qaRow(daysAgo(31 + (i % 400))));
    for (let i = 0; i < old.length; i += 500)
      await deps.db
        .insertInto("qa_log")
        .values(old.slice(i, i + 500))
        .execute();
    await deps.db
      .insertInto("qa_log")
      .values([qaRow(daysAgo(30)), qaRow(daysAgo(29)), qaRow(daysAgo(1))])
      .execute();
    const events = Array.from({ length: 1_200 }, (_, i) => ({ event_key: `id:Ev${i}`, received_at: daysAgo(8) }));
    for (let i = 0; i < events.length; i += 500) {
      await deps.db
        .insertInto("slack_events")
        .values(events.slice(i, i + 500))
        .execute();
    }
    await deps.db
      .insertInto("slack_events")
      .values({ event_key: "id:EvRecent", received_at: daysAgo(6) })
      .execute();
    const auditBefore = await count("audit_log");

    // Other work (an acknowledgement) gets its turn between batches.
    let turns = 0;
    let pruning = true;
    const otherWork = () => {
      turns++;
      if (pruning) setImmediate(otherWork);
    };
    setImmediate(otherWork);
    const pruned = await deps.retention.prune();
    pruning = false;

    assert.deepEqual(pruned, { qaLog: 2_500, slackEvents: 1_200 });
    assert.ok(turns >= 3, `other work ran between batches (${turns} turns)`);
    const kept = await deps.db.selectFrom("qa_log").select("asked_at").orderBy("asked_at").execute();
    assert.deepEqual(
      kept.map((row) => row.asked_at),
      [daysAgo(30), daysAgo(29), daysAgo(1)],
    );
    assert.deepEqual(
      (await deps.db.selectFrom("slack_events").select("event_key").execute()).map((row) => row.event_key),
      ["id:EvRecent"],
    );
    assert.equal(await count("audit_log"), auditBefore, "the audit log is evidence: kept");
    assert.deepEqual(await deps.retention.prune(), { qaLog: 0, slackEvents: 0 });
  });

  async function count(table: "audit_log") {
    const row = await deps.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
});
