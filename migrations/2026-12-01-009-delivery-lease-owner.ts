import type { Kysely } from "kysely";

/**
 * Who holds a delivery's lease: every change a sender makes to a delivery it
 * claimed is conditional on still holding it, so a sender paused past its
 * lease (GC, SIGSTOP, a slow disk) can neither post nor overwrite what the
 * sender that took over has done.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notice_deliveries").addColumn("lease_owner", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notice_deliveries").dropColumn("lease_owner").execute();
}
