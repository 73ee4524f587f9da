import { createHash } from "node:crypto";
import { join } from "node:path";
import { sql } from "kysely";
import type { Config } from "../../src/config.ts";
import type { Db } from "../../src/db/connection.ts";

/**
 * Set (e.g. by `npm run test:postgres`) to run the suite on PostgreSQL: each
 * test database is then a schema of its own on that server, so test files
 * run in parallel without seeing each other's tables.
 */
const POSTGRES_URL = process.env.TEST_POSTGRES_URL?.trim() || null;

export const onPostgres = POSTGRES_URL !== null;

/** Prefix of every schema the tests make, so a run can drop what earlier runs left. */
export const TEST_SCHEMA_PREFIX = "aigov_test_";

/**
 * The settings of a fresh database named `file` in the temporary folder `dir`:
 * that SQLite file, or on PostgreSQL a schema named after both, so a process
 * started again with the same folder finds the same data.
 */
export function testDatabaseEnv(
  dir: string,
  file = "aigov.sqlite",
): { DATABASE_URL: string; DATABASE_SCHEMA?: string } {
  if (!POSTGRES_URL) return { DATABASE_URL: join(dir, file) };
  const hash = createHash("sha256").update(join(dir, file)).digest("hex").slice(0, 20);
  return { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: `${TEST_SCHEMA_PREFIX}${hash}` };
}

/** node:test options for a test or suite about SQLite itself, skipped with its reason on PostgreSQL. */
export function sqliteOnly(reason: string): { skip: string | false } {
  return { skip: onPostgres ? `SQLite only: ${reason}` : false };
}

/** Drops the test's schema (PostgreSQL) before closing; the SQLite file goes with its folder. */
export async function dropTestDatabase(db: Db, env: { DATABASE_URL: string; DATABASE_SCHEMA?: string }): Promise<void> {
  if (env.DATABASE_SCHEMA) await sql`drop schema if exists ${sql.id(env.DATABASE_SCHEMA)} cascade`.execute(db);
}

/** The SQLite file a config opens, for tests about the file itself (they are `sqliteOnly`). */
export function sqliteFile(config: Config): string {
  if (config.database.kind !== "sqlite") throw new Error("this test needs a SQLite database");
  return config.database.path;
}
