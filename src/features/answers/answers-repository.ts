import type { Db } from "../../db/connection.ts";

export interface QaLogEntry {
  askedAt: string;
  userId: string | null;
  channelId: string | null;
  surface: string;
  question: string;
  intent: string;
  verdict: string | null;
  answer: string;
  path: string;
  latencyMs: number;
}

export async function insertQaLog(db: Db, entry: QaLogEntry): Promise<number> {
  const row = await db
    .insertInto("qa_log")
    .values({
      asked_at: entry.askedAt,
      user_id: entry.userId,
      channel_id: entry.channelId,
      surface: entry.surface,
      question: entry.question,
      intent: entry.intent,
      verdict: entry.verdict,
      answer: entry.answer,
      path: entry.path,
      latency_ms: entry.latencyMs,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findQaLog(db: Db, id: number) {
  return db.selectFrom("qa_log").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Returns false when no such entry exists. */
export async function recordFeedback(
  db: Db,
  id: number,
  feedback: { value: "helpful" | "not_helpful"; by: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable("qa_log")
    .set({ feedback: feedback.value, feedback_by: feedback.by, feedback_at: feedback.at })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
