import { type Kysely, sql } from "kysely";

/**
 * When each page incident was last seen, so that after a status page moves
 * (and perhaps moves back) the newest record of an incident wins.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("feed_incidents").addColumn("last_seen_at", "text").execute();
  await db
    .updateTable("feed_incidents")
    .set({ last_seen_at: sql.ref("first_seen_at") })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("feed_incidents").dropColumn("last_seen_at").execute();
}
