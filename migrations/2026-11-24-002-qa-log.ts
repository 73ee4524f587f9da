import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("qa_log")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("asked_at", "text", (col) => col.notNull())
    .addColumn("user_id", "text")
    .addColumn("channel_id", "text")
    .addColumn("surface", "text", (col) => col.notNull())
    .addColumn("question", "text", (col) => col.notNull())
    .addColumn("intent", "text", (col) => col.notNull())
    .addColumn("verdict", "text")
    .addColumn("answer", "text", (col) => col.notNull())
    .addColumn("path", "text", (col) => col.notNull())
    .addColumn("latency_ms", "real", (col) => col.notNull())
    .addColumn("feedback", "text")
    .addColumn("feedback_by", "text")
    .addColumn("feedback_at", "text")
    .execute();
  await db.schema.createIndex("qa_log_asked_at_idx").on("qa_log").column("asked_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("qa_log").execute();
}
