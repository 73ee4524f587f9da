import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { AppError } from "../errors.ts";
import type { Database } from "./database.ts";

export type Db = Kysely<Database>;

/**
 * Opens the SQLite file with the settings a long-running bot needs: WAL so
 * readers never block the writer, foreign keys on, and a busy timeout so the
 * CLI and the bot can share the file.
 */
export function openDatabase(path: string): Db {
  let sqlite: SqliteDatabase.Database | null = null;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    sqlite = new SqliteDatabase(path);
    // The first write: a read-only file or folder fails here rather than in the middle of some later command.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    restrictToOwner(path);
  } catch (error) {
    sqlite?.close();
    // A folder that is not writable or a file where a folder should be is a setting to fix, not a bug.
    throw new AppError(
      "database_unavailable",
      `Cannot open the database ${path} (DATABASE_URL): ${(error as Error).message}`,
    );
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Registry, incidents and the Q&A log are company-internal: owner-only. */
function restrictToOwner(path: string): void {
  if (path === ":memory:") return;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
