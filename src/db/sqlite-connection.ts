import { accessSync, chmodSync, constants, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely } from "kysely";
import { AppError, messageOf } from "../errors.ts";
import type { Db } from "./connection.ts";
import type { Database } from "./database.ts";
import { SharedFileSqliteDialect } from "./sqlite-dialect.ts";

/**
 * SQLite's own wait for a lock, which blocks the event loop: a few
 * milliseconds absorb a commit in passing; longer waits are the dialect's,
 * on a timer.
 */
const BLOCKING_BUSY_TIMEOUT_MS = 5;
/** How long a statement waits for another process's write lock, e.g. a large `aigov registry import`. */
const BUSY_WAIT_MS = 10_000;

/**
 * Opens the SQLite file with the settings a long-running bot needs: WAL so
 * readers never block the writer, foreign keys on, and immediate
 * transactions with non-blocking waits for locks so the CLI and the bot can
 * share the file (see sqlite-dialect.ts).
 */
export function openSqliteDatabase(path: string): Db {
  let sqlite: SqliteDatabase.Database | null = null;
  try {
    if (path !== ":memory:") {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      requireWritable(path);
    }
    sqlite = new SqliteDatabase(path);
    // The first write: a read-only file or folder fails here rather than in the middle of some later command.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma(`busy_timeout = ${BLOCKING_BUSY_TIMEOUT_MS}`);
    sqlite.pragma("synchronous = NORMAL");
    restrictToOwner(path);
  } catch (error) {
    sqlite?.close();
    // A folder that is not writable or a file where a folder should be is a setting to fix, not a bug.
    throw new AppError("database_unavailable", `Cannot open the database ${path} (DATABASE_URL): ${messageOf(error)}`);
  }
  return new Kysely<Database>({ dialect: new SharedFileSqliteDialect(sqlite, { maxWaitMs: BUSY_WAIT_MS }) });
}

/**
 * SQLite opens a file it may not write read-only without a word, and the
 * bot would then fail at its first write (or at chmod, with EPERM): say so
 * before opening. The folder too, which gets the -wal and -shm files. Root
 * passes permission checks, but not a read-only mount or an immutable file.
 */
function requireWritable(path: string): void {
  for (const target of existsSync(path) ? [dirname(path), path] : [dirname(path)]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      throw new Error(`${target} is read-only (${(error as NodeJS.ErrnoException).code}); aigov needs to write to it`);
    }
  }
}

/** Registry, incidents and the Q&A log are company-internal: owner-only. */
function restrictToOwner(path: string): void {
  if (path === ":memory:") return;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
