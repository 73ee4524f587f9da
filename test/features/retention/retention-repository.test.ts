import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { deleteQaLogBefore } from "../../../src/features/retention/retention-repository.ts";
import { openTestDeps } from "../../support/test-app.ts";

const qaRow = (askedAt: string, question: string) => ({
  asked_at: askedAt,
  surface: "command",
  question,
  intent: "status",
  answer: "Yes.",
  path: "deterministic",
  latency_ms: 1,
});

describe("retention repository", async () => {
  const { deps, close } = await openTestDeps();
  const db = deps.db;
  after(() => close());

  it("deletes at most `limit` qa_log rows asked before the cutoff, never one asked at or after it", async () => {
    await db
      .insertInto("qa_log")
      .values([
        qaRow("2027-01-01T00:00:00.000Z", "old 1"),
        qaRow("2027-01-02T00:00:00.000Z", "old 2"),
        qaRow("2027-01-03T00:00:00.000Z", "old 3"),
        qaRow("2027-02-01T00:00:00.000Z", "at the cutoff"),
        qaRow("2027-03-01T00:00:00.000Z", "recent"),
      ])
      .execute();
    const remaining = async () =>
      (await db.selectFrom("qa_log").select("question").orderBy("asked_at").execute()).map((row) => row.question);

    assert.equal(await deleteQaLogBefore(db, "2027-02-01T00:00:00.000Z", 2), 2);
    assert.equal((await remaining()).length, 3);
    assert.equal(await deleteQaLogBefore(db, "2027-02-01T00:00:00.000Z", 2), 1);
    assert.deepEqual(await remaining(), ["at the cutoff", "recent"]);
    assert.equal(await deleteQaLogBefore(db, "2027-02-01T00:00:00.000Z", 2), 0);
  });
});
