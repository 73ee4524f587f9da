/**
 * Drops every schema earlier test runs left on TEST_POSTGRES_URL (tests that
 * spawn the CLI or the bot cannot drop theirs), before `npm run test:postgres`.
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { TEST_SCHEMA_PREFIX } from "./test-database.ts";

const url = process.env.TEST_POSTGRES_URL;
if (!url) throw new Error("TEST_POSTGRES_URL is not set");
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
try {
  const { rows } = await sql<{
    name: string;
  }>`select nspname as name from pg_namespace where starts_with(nspname, ${TEST_SCHEMA_PREFIX})`.execute(db);
  for (const { name } of rows) await sql`drop schema ${sql.id(name)} cascade`.execute(db);
  console.log(`dropped ${rows.length} test schemas`);
} finally {
  await db.destroy();
}
