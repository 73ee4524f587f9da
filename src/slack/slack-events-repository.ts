import type { Db } from "../db/connection.ts";

/**
 * Records that an event was handled. Returns false when any of its keys was
 * already seen: Slack retries deliver the same event again.
 */
export async function claimSlackEvent(db: Db, keys: readonly string[], at: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const seen = await trx
      .selectFrom("slack_events")
      .select("event_key")
      .where("event_key", "in", keys)
      .executeTakeFirst();
    if (seen) return false;
    // Two claims at once (a retry arriving on another PostgreSQL connection, or at another
    // replica) both find nothing; the second waits for the first's keys and inserts none.
    const inserted = await trx
      .insertInto("slack_events")
      .values(keys.map((event_key) => ({ event_key, received_at: at.toISOString() })))
      .onConflict((oc) => oc.column("event_key").doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === keys.length;
  });
}

/** Deletes up to `limit` claims older than the cutoff; returns how many went. */
export async function forgetSlackEventsBefore(db: Db, cutoff: Date, limit: number): Promise<number> {
  const result = await db
    .deleteFrom("slack_events")
    .where(
      "event_key",
      "in",
      db.selectFrom("slack_events").select("event_key").where("received_at", "<", cutoff.toISOString()).limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** True the first time a key is claimed, false ever after (until forgotten): one row, no read first. */
export async function claimSlackKey(db: Db, key: string, at: Date): Promise<boolean> {
  const result = await db
    .insertInto("slack_events")
    .values({ event_key: key, received_at: at.toISOString() })
    .onConflict((oc) => oc.column("event_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
