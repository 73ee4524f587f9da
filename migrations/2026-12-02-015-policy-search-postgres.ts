import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Policy search on PostgreSQL: a tsvector of each section, headings weighing
 * more (A) than bodies (B), kept up to date by the database itself and
 * indexed with GIN. It replaces the placeholder table that 006's FTS5 index
 * became there. SQLite keeps its FTS5 index, so this changes nothing on it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  await db.schema.dropTable("policy_fts").execute();
  await sql`alter table policy_sections add column search tsvector generated always as (
      setweight(to_tsvector('english', heading), 'A') || setweight(to_tsvector('english', body), 'B')
    ) stored`.execute(db);
  await db.schema
    .createIndex("policy_sections_search_idx")
    .on("policy_sections")
    .using("gin")
    .column("search")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  await db.schema.dropIndex("policy_sections_search_idx").execute();
  await db.schema.alterTable("policy_sections").dropColumn("search").execute();
  await db.schema.createTable("policy_fts").addColumn("heading", "text").addColumn("body", "text").execute();
}

function onPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
