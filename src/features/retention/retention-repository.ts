import type { Db } from "../../db/connection.ts";

/** Deletes up to `limit` qa_log rows asked before the cutoff; returns how many went. */
export async function deleteQaLogBefore(db: Db, cutoff: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom("qa_log")
    .where("id", "in", db.selectFrom("qa_log").select("id").where("asked_at", "<", cutoff).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
