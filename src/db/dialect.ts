import { PostgresAdapter, type QueryExecutorProvider } from "kysely";

/**
 * Whether the database is PostgreSQL rather than SQLite, for the few queries
 * whose SQL differs (full-text search, JSON, change detection); repositories
 * keep the difference behind their functions.
 */
export function isPostgres(db: QueryExecutorProvider): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
