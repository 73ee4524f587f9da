import {
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  PostgresDialect,
  type QueryExecutorProvider,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from "kysely";
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE } from "kysely/migration";
import { AppError } from "../errors.ts";

/**
 * Kysely's PostgreSQL dialect, except that introspection sees only the
 * current schema (the first on the search_path). Kysely's own lists the
 * tables of every schema, so a migration asking whether a table or column
 * exists (2026-11-25-008), or the migrator asking whether its own tables
 * exist, would find another deployment's, or another test file's, sharing
 * the server.
 */
export class SchemaScopedPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Parameters<PostgresDialect["createIntrospector"]>[0]): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db, super.createIntrospector(db));
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: QueryExecutorProvider;
  readonly #inner: DatabaseIntrospector;

  constructor(db: QueryExecutorProvider, inner: DatabaseIntrospector) {
    this.#db = db;
    this.#inner = inner;
  }

  getSchemas(): Promise<SchemaMetadata[]> {
    return this.#inner.getSchemas();
  }

  /**
   * Read from information_schema for the current schema alone: Kysely's
   * query resolves every schema's sequences by name, and fails when another
   * schema is dropped while it runs.
   */
  async getTables(options?: DatabaseMetadataOptions): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.udt_schema,
             c.is_nullable, c.column_default, c.is_identity
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema()
      order by c.table_name, c.ordinal_position`.execute(this.#db);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows) {
      if (!options?.withInternalKyselyTables && KYSELY_TABLES.has(row.table_name)) continue;
      const table = tables.get(row.table_name) ?? {
        name: row.table_name,
        schema: row.table_schema,
        isView: row.table_type === "VIEW",
        isForeign: row.table_type === "FOREIGN",
        columns: [],
      };
      tables.set(row.table_name, table);
      (table.columns as ColumnMetadata[]).push({
        name: row.column_name,
        dataType: row.data_type,
        dataTypeSchema: row.udt_schema,
        isNullable: row.is_nullable === "YES",
        isAutoIncrementing: row.is_identity === "YES" || /^nextval\(/.test(row.column_default ?? ""),
        hasDefaultValue: row.column_default !== null || row.is_identity === "YES",
      });
    }
    return [...tables.values()];
  }
}

const KYSELY_TABLES = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);

interface ColumnRow {
  table_schema: string;
  table_name: string;
  table_type: string;
  column_name: string;
  data_type: string;
  udt_schema: string;
  is_nullable: "YES" | "NO";
  column_default: string | null;
  is_identity: "YES" | "NO";
}

/** The schema unqualified names are created in. */
export async function currentSchema(db: QueryExecutorProvider): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new AppError(
      "database_unavailable",
      "No schema on the PostgreSQL search_path exists: create one, or set DATABASE_SCHEMA to have aigov create it",
    );
  }
  return schema;
}
