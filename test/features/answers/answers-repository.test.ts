import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import {
  findQaLog,
  insertQaLog,
  type QaLogEntry,
  recordFeedback,
} from "../../../src/features/answers/answers-repository.ts";
import { openTestDeps } from "../../support/test-app.ts";

const entry = (fields: Partial<QaLogEntry> = {}): QaLogEntry => ({
  askedAt: "2026-12-01T09:00:00.000Z",
  userId: "U0ASKER1",
  channelId: "C0CHAN1",
  surface: "mention",
  question: "Can I use Modèle Ünö with customer data? 模型一",
  intent: "can_use",
  verdict: "no",
  answer: "No: it is prohibited.",
  path: "rules",
  latencyMs: 12.5,
  ...fields,
});

describe("the answers repository", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps());
  });
  afterEach(() => close());

  it("stores a question and its answer and reads every field back, unicode and fractions included", async () => {
    const stored = entry();
    const id = await insertQaLog(deps.db, stored);
    const row = await findQaLog(deps.db, id);
    assert.ok(row);
    const column = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    const expected = Object.fromEntries(Object.entries(stored).map(([field, value]) => [column(field), value]));
    assert.deepEqual(row, { ...expected, id, feedback: null, feedback_by: null, feedback_at: null });
  });

  it("keeps the unknowns of a question asked from the CLI as nulls", async () => {
    const id = await insertQaLog(deps.db, entry({ userId: null, channelId: null, verdict: null, surface: "cli" }));
    const row = await findQaLog(deps.db, id);
    assert.deepEqual([row?.user_id, row?.channel_id, row?.verdict], [null, null, null]);
  });

  it("gives each entry its own id and finds nothing for an unknown one", async () => {
    const first = await insertQaLog(deps.db, entry({ question: "first" }));
    const second = await insertQaLog(deps.db, entry({ question: "second" }));
    assert.notEqual(first, second);
    assert.equal((await findQaLog(deps.db, first))?.question, "first");
    assert.equal((await findQaLog(deps.db, second))?.question, "second");
    assert.equal(await findQaLog(deps.db, second + 1), undefined);
  });

  it("records feedback on the entry it names only, and the latest feedback wins", async () => {
    const rated = await insertQaLog(deps.db, entry());
    const other = await insertQaLog(deps.db, entry());
    assert.equal(
      await recordFeedback(deps.db, rated, { value: "helpful", by: "U0RATER1", at: "2026-12-01T09:01:00.000Z" }),
      true,
    );
    assert.equal(
      await recordFeedback(deps.db, rated, { value: "not_helpful", by: "U0RATER2", at: "2026-12-01T09:02:00.000Z" }),
      true,
    );
    const row = await findQaLog(deps.db, rated);
    assert.deepEqual(
      [row?.feedback, row?.feedback_by, row?.feedback_at],
      ["not_helpful", "U0RATER2", "2026-12-01T09:02:00.000Z"],
    );
    assert.equal((await findQaLog(deps.db, other))?.feedback, null);
  });

  it("says so when feedback names no entry, and writes nothing", async () => {
    const id = await insertQaLog(deps.db, entry());
    assert.equal(await recordFeedback(deps.db, id + 100, { value: "helpful", by: "U0RATER1", at: "now" }), false);
    const rated = await deps.db.selectFrom("qa_log").select("id").where("feedback", "is not", null).execute();
    assert.deepEqual(rated, []);
  });
});
