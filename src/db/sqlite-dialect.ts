import type SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
  type TransactionSettings,
} from "kysely";
import { AppError, messageOf } from "../errors.ts";

export interface BusyRetry {
  /** The longest a statement waits for another process's write lock before it fails with `database_busy`. */
  maxWaitMs: number;
}

/** First pause after SQLITE_BUSY, doubled at each attempt up to the cap. */
const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 100;

/**
 * Kysely's SQLite dialect with two changes for a file shared by processes
 * (the bot and the CLI):
 *
 * - Every transaction starts with BEGIN IMMEDIATE. A deferred transaction
 *   that reads and then writes gets SQLITE_BUSY at once when another
 *   process wrote in between: SQLite cannot upgrade its read snapshot, and
 *   busy_timeout does not help. Every transaction in aigov writes, so taking
 *   the write lock up front costs nothing.
 * - A statement that finds the database locked (SQLITE_BUSY) is retried
 *   after a timer, not inside SQLite's busy handler: better-sqlite3 is
 *   synchronous, so waiting there would freeze the event loop, and with it
 *   every acknowledgement to Slack, for as long as the other process holds
 *   the lock. The connection opens with a busy_timeout of a few
 *   milliseconds for that reason.
 *
 * Kysely serialises every use of the single connection, so a statement
 * waiting here also holds back the ones queued behind it.
 *
 * And prepared statements are kept (the most recently used, by their SQL)
 * rather than prepared anew for each query: Kysely's driver prepares one per
 * query, and better-sqlite3 frees its native memory only when V8 collects
 * the statement object, which V8 does not count; a million-incident export
 * prepared 30,000 of them.
 */
export class SharedFileSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase.Database;
  readonly #retry: BusyRetry;

  constructor(database: SqliteDatabase.Database, retry: BusyRetry) {
    super({ database: withStatementCache(database) });
    this.#database = database;
    this.#retry = retry;
  }

  override createDriver(): Driver {
    return new SharedFileSqliteDriver(super.createDriver(), this.#database, this.#retry);
  }
}

/** How many prepared statements are kept: more than the distinct queries aigov makes in any one task. */
export const CACHED_STATEMENTS = 100;

/** The database as Kysely's driver uses it, preparing each SQL text once while it stays among the recent ones. */
export function withStatementCache(database: SqliteDatabase.Database): SqliteDialectDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      // A statement still iterating (a streamed query) cannot run again until it finishes.
      if (cached && !cached.busy) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (cached) return statement;
      statements.set(sql, statement);
      if (statements.size > CACHED_STATEMENTS) statements.delete(statements.keys().next().value as string);
      return statement;
    },
  };
}

class SharedFileSqliteDriver implements Driver {
  readonly #inner: Driver;
  readonly #database: SqliteDatabase.Database;
  readonly #retry: BusyRetry;
  /** One wrapper for the one connection, so Kysely recognises it on every use. */
  #connection: RetryingConnection | null = null;

  constructor(inner: Driver, database: SqliteDatabase.Database, retry: BusyRetry) {
    this.#inner = inner;
    this.#database = database;
    this.#retry = retry;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    this.#connection ??= new RetryingConnection(connection, this.#retry);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite ends the transaction itself on some errors (a full disk, an I/O error); a second
    // rollback would fail and hide the error that caused it.
    if (this.#database.inTransaction) await this.#inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    await this.#inner.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    await this.#inner.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    await this.#inner.releaseSavepoint?.(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection((connection as RetryingConnection).inner);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

class RetryingConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly retry: BusyRetry;

  constructor(inner: DatabaseConnection, retry: BusyRetry) {
    this.inner = inner;
    this.retry = retry;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const started = Date.now();
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (error) {
        if (!isBusy(error)) throw error;
        const waited = Date.now() - started;
        if (waited >= this.retry.maxWaitMs) {
          throw new AppError(
            "database_busy",
            `The database stayed locked by another process for ${waited} ms: ${messageOf(error)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, this.retry.maxWaitMs - waited)));
        pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Locked by another connection. Not SQLITE_BUSY_SNAPSHOT: that one means a
 * deferred transaction's snapshot went stale, which a retry cannot mend
 * (and which immediate transactions never meet).
 */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY") && code !== "SQLITE_BUSY_SNAPSHOT";
}
