import type { Kysely } from "kysely";

/**
 * The SHA-256 of the registry file content last imported at start-up:
 * an unchanged file is then neither parsed nor validated again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("registry_state").addColumn("file_hash", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("registry_state").dropColumn("file_hash").execute();
}
