import type { Kysely } from "kysely";
import type { DatabaseSettings } from "../config.ts";
import type { Database } from "./database.ts";

export type Db = Kysely<Database>;

/**
 * Opens the configured database. Each driver is imported only when used, so
 * a PostgreSQL deployment never loads better-sqlite3's native module, and
 * the embedded default never loads pg.
 */
export async function openDatabase(settings: DatabaseSettings): Promise<Db> {
  if (settings.kind === "sqlite") {
    const { openSqliteDatabase } = await import("./sqlite-connection.ts");
    return openSqliteDatabase(settings.path);
  }
  const { openPostgresDatabase } = await import("./postgres-connection.ts");
  return openPostgresDatabase(settings);
}
