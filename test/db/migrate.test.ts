import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/connection.ts";
import { createMigrator, migrateToLatest } from "../../src/db/migrate.ts";
import { tempDir } from "../support/test-app.ts";
import { dropTestDatabase, testDatabaseEnv } from "../support/test-database.ts";

describe("database migrations", () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);

  /** A database as a build that stopped at the 005 feeds migration left it. */
  async function databaseAtFeeds(name: string, withImpact: boolean) {
    const db = await openDatabase(loadConfig(testDatabaseEnv(dir, name)).database);
    const { error } = await (await createMigrator(db)).migrateTo("2026-11-24-005-feeds");
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
        await dropTestDatabase(db, testDatabaseEnv(dir, `at-005-${withImpact}.sqlite`));
        await db.destroy();
      }
    });
  }
});
