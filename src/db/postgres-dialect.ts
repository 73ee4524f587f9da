import {
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Kysely,
  PostgresDialect,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from "kysely";
import { AppError } from "../errors.ts";

/**
 * Kysely's PostgreSQL dialect, except that introspection sees only the
 * current schema (the first on the search_path). Kysely's own lists the
 * tables of every schema, so a migration asking whether a table or column
 * exists (2026-11-25-008) would find another deployment's, or another test
 * file's, sharing the server.
 */
export class SchemaScopedPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db, super.createIntrospector(db));
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<any>;
  readonly #inner: DatabaseIntrospector;

  constructor(db: Kysely<any>, inner: DatabaseIntrospector) {
    this.#db = db;
    this.#inner = inner;
  }

  getSchemas(): Promise<SchemaMetadata[]> {
    return this.#inner.getSchemas();
  }

  async getTables(options?: DatabaseMetadataOptions): Promise<TableMetadata[]> {
    const schema = await currentSchema(this.#db);
    return (await this.#inner.getTables(options)).filter((table) => table.schema === schema);
  }
}

/** The schema unqualified names are created in. */
export async function currentSchema(db: Kysely<any>): Promise<string> {
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
