import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("policy_sections")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("source_path", "text", (col) => col.notNull())
    .addColumn("source_url", "text")
    .addColumn("heading", "text", (col) => col.notNull())
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("imported_at", "text", (col) => col.notNull())
    .execute();
  // SQLite's full-text index; a Postgres dialect would use tsvector behind the same repository.
  await sql`CREATE VIRTUAL TABLE policy_fts USING fts5(heading, body, tokenize = 'porter unicode61')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE policy_fts`.execute(db);
  await db.schema.dropTable("policy_sections").execute();
}
