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
    await trx
      .insertInto("slack_events")
      .values(keys.map((event_key) => ({ event_key, received_at: at.toISOString() })))
      .execute();
    return true;
  });
}

/** Slack stops retrying after about an hour; a day of history is plenty. */
export async function forgetSlackEventsBefore(db: Db, cutoff: Date): Promise<void> {
  await db.deleteFrom("slack_events").where("received_at", "<", cutoff.toISOString()).execute();
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
