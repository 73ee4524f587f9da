import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, Migrator } from "kysely/migration";
import { AppError, messageOf } from "../errors.ts";
import type { Db } from "./connection.ts";
import { isPostgres } from "./dialect.ts";
import { currentSchema } from "./postgres-dialect.ts";
import { PostgresMigrationPlugin } from "./postgres-migration-plugin.ts";

const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await (await createMigrator(db)).migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    const reason = messageOf(error ?? "unknown error");
    throw new AppError("migration_failed", `Database migration ${failed?.migrationName ?? ""} failed: ${reason}`);
  }
  return (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName);
}

/**
 * The migrator over migrations/. On
 * PostgreSQL the migrations pass through PostgresMigrationPlugin, and
 * Kysely's own tables (the applied list and its lock) live in the schema
 * in use, beside the tables they describe.
 */
export async function createMigrator(db: Db): Promise<Migrator> {
  const provider = new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_FOLDER });
  if (!isPostgres(db)) return new Migrator({ db, provider });
  return new Migrator({
    db: db.withPlugin(new PostgresMigrationPlugin()),
    provider,
    migrationTableSchema: await currentSchema(db),
  });
}
