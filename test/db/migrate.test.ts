import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path, { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { FileMigrationProvider, Migrator } from "kysely/migration";
import { openDatabase } from "../../src/db/connection.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { tempDir } from "../support/test-app.ts";

const MIGRATIONS = fileURLToPath(new URL("../../migrations", import.meta.url));

describe("database migrations", () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);

  /** A database as a build that stopped at the 005 feeds migration left it. */
  async function databaseAtFeeds(name: string, withImpact: boolean) {
    const db = openDatabase(join(dir, name));
    const migrator = new Migrator({
      db,
      provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS }),
    });
    const { error } = await migrator.migrateTo("2026-11-24-005-feeds");
    assert.ifError(error);
    // An early build shipped 005 with this column already in it.
    if (withImpact) await sql`ALTER TABLE feed_incidents ADD COLUMN impact text`.execute(db);
    return db;
  }

  for (const withImpact of [false, true]) {
    it(`brings a database from 005 ${withImpact ? "with" : "without"} the impact column to the latest schema`, async () => {
      const db = await databaseAtFeeds(`at-005-${withImpact}.sqlite`, withImpact);
      try {
        await migrateToLatest(db);
        const columns = (await db.introspection.getTables())
          .find((table) => table.name === "feed_incidents")
          ?.columns.map((column) => column.name);
        assert.ok(columns?.includes("impact"));
        assert.ok(columns?.includes("last_seen_at"));
        assert.deepEqual(await migrateToLatest(db), [], "nothing left to apply");
      } finally {
        await db.destroy();
      }
    });
  }
});
