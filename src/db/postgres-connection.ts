import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import { Kysely, sql } from "kysely";
import type { DatabaseSettings } from "../config.ts";
import { AppError, messageOf } from "../errors.ts";
import type { Db } from "./connection.ts";
import type { Database } from "./database.ts";
import { SchemaScopedPostgresDialect } from "./postgres-dialect.ts";

type PostgresSettings = Extract<DatabaseSettings, { kind: "postgres" }>;

/** pg's type id for bigint, which `count(*)` returns. */
const INT8_OID = 20;

/**
 * A pool of connections to PostgreSQL, every one with the configured
 * schema first on its search_path and the statement timeout set, so
 * unqualified names in queries and migrations mean that schema's tables.
 */
export async function openPostgresDatabase(settings: PostgresSettings): Promise<Db> {
  const { default: pg } = await import("pg");
  const ssl = tlsOptions(settings);
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize,
    ...(settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}),
    ...(settings.schema ? { options: `-c search_path=${settings.schema}` } : {}),
    ...(ssl === undefined ? {} : { ssl }),
    types: {
      // Counts are bigint, which pg hands over as text; every count aigov keeps fits a JS number.
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closed (a restart, a failover) is dropped by the pool and
  // replaced at the next query; unhandled, the pool's error event would end the process.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  try {
    if (settings.schema) await sql`create schema if not exists ${sql.id(settings.schema)}`.execute(db);
    else await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new AppError(
      "database_unavailable",
      `Cannot open the database ${settings.redactedUrl} (DATABASE_URL): ${messageOf(error)}`,
    );
  }
  return db;
}

/** DATABASE_SSL's choice; undefined leaves it to the URL's sslmode. */
function tlsOptions(settings: PostgresSettings): false | ConnectionOptions | undefined {
  if (!settings.ssl) return undefined;
  if (settings.ssl.mode === "disable") return false;
  if (settings.ssl.mode === "require") return { rejectUnauthorized: false };
  const ca = settings.ssl.caFile ? readCa(settings.ssl.caFile) : undefined;
  return { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
}

function readCa(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new AppError("database_unavailable", `Cannot read DATABASE_SSL_CA ${path}: ${messageOf(error)}`);
  }
}
