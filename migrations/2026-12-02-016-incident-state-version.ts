import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * A counter that every committed change to incidents (or their models) bumps,
 * whoever writes: the cache of open suspensions compares it to notice writes
 * by other processes. SQLite has this built in (PRAGMA data_version); on
 * PostgreSQL statement-level triggers keep it. Nothing changes on SQLite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  await db.schema
    .createTable("state_versions")
    .addColumn("name", "text", (col) => col.primaryKey())
    .addColumn("version", "bigint", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.insertInto("state_versions").values({ name: "incidents", version: 0 }).execute();
  await sql`create function bump_incidents_version() returns trigger language plpgsql as $$
    begin
      update state_versions set version = version + 1 where name = 'incidents';
      return null;
    end $$`.execute(db);
  for (const table of ["incidents", "incident_models"]) {
    await sql`create trigger ${sql.id(`${table}_version`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function bump_incidents_version()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  for (const table of ["incidents", "incident_models"]) {
    await sql`drop trigger ${sql.id(`${table}_version`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function bump_incidents_version()`.execute(db);
  await db.schema.dropTable("state_versions").execute();
}

function onPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
