import { type Kysely, sql } from "kysely";

/**
 * One row that the readiness probe rewrites: `select 1` and a file that is
 * still there say nothing about whether a write would succeed (a full disk,
 * an I/O error).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("write_probe")
    .addColumn("id", "integer", (column) => column.primaryKey().check(sql`id = 1`))
    .addColumn("probed_at", "text", (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("write_probe").execute();
}
