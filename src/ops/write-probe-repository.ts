import type { Db } from "../db/connection.ts";

/** A real write to the file, as small as one can be: fails when the disk is full or the database read-only. */
export async function recordWriteProbe(db: Db, at: Date): Promise<void> {
  await db
    .insertInto("write_probe")
    .values({ id: 1, probed_at: at.toISOString() })
    .onConflict((conflict) => conflict.column("id").doUpdateSet({ probed_at: at.toISOString() }))
    .execute();
}
