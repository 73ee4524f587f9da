import type { Kysely } from "kysely";

/**
 * The page's impact of each incident, to follow it into severity. An early
 * build added this column inside 005 after 005 had shipped; databases made
 * by that build have it already, so it is added only where it is missing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const tables = await db.introspection.getTables();
  const feedIncidents = tables.find((table) => table.name === "feed_incidents");
  if (feedIncidents?.columns.some((column) => column.name === "impact")) return;
  await db.schema.alterTable("feed_incidents").addColumn("impact", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("feed_incidents").dropColumn("impact").execute();
}
