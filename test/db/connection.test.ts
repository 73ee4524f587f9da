import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadConfig } from "../../src/config.ts";
import { tempDir } from "../support/test-app.ts";
import { onPostgres, testDatabaseEnv } from "../support/test-database.ts";

const CONNECTION = fileURLToPath(new URL("../../src/db/connection.ts", import.meta.url));

/** Opens the database in a fresh process and lists the database drivers it loaded. */
async function driversLoadedFor(env: Record<string, string>): Promise<string[]> {
  const script = `
    import { createRequire } from "node:module";
    import { loadConfig } from ${JSON.stringify(fileURLToPath(new URL("../../src/config.ts", import.meta.url)))};
    import { openDatabase } from ${JSON.stringify(CONNECTION)};
    const db = await openDatabase(loadConfig(${JSON.stringify(env)}).database);
    await db.destroy();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(["better-sqlite3", "pg"].filter((name) => loaded.some((path) => path.includes("/node_modules/" + name + "/")))));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script]);
  return JSON.parse(stdout);
}

describe("opening the database", () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);

  it("loads better-sqlite3 and not pg for a SQLite file", async () => {
    assert.deepEqual(await driversLoadedFor({ DATABASE_URL: join(dir, "aigov.sqlite") }), ["better-sqlite3"]);
  });

  it("loads pg and not better-sqlite3 for a postgres:// URL", {
    skip: onPostgres ? false : "needs TEST_POSTGRES_URL",
  }, async () => {
    assert.deepEqual(await driversLoadedFor({ ...testDatabaseEnv(dir) }), ["pg"]);
  });

  it("names a server it cannot reach without its password", async () => {
    const { openDatabase } = await import("../../src/db/connection.ts");
    const settings = loadConfig({
      DATABASE_URL: "postgres://aigov:hunter2@127.0.0.1:1/aigov",
      DATABASE_SSL: "disable",
    }).database;
    await assert.rejects(openDatabase(settings), (error: Error & { code?: string }) => {
      assert.equal(error.code, "database_unavailable");
      assert.match(
        error.message,
        /^Cannot open the database postgres:\/\/aigov:\*\*\*@127\.0\.0\.1:1\/aigov \(DATABASE_URL\): /,
      );
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  });
});
