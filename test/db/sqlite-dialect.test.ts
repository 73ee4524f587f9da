import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { Kysely } from "kysely";
import type { Db } from "../../src/db/connection.ts";
import { openDatabase } from "../../src/db/connection.ts";
import type { Database as Schema } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { CACHED_STATEMENTS, SharedFileSqliteDialect, withStatementCache } from "../../src/db/sqlite-dialect.ts";
import { claimSlackEvent } from "../../src/slack/slack-events-repository.ts";
import { tempDir } from "../support/test-app.ts";
import { sqliteOnly } from "../support/test-database.ts";

describe("SQLite shared by two connections", sqliteOnly("the SQLite dialect"), () => {
  let file: string;
  let cleanup: () => void;
  let first: Db;
  let second: Db;
  before(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    file = join(dir, "aigov.sqlite");
    first = await openDatabase({ kind: "sqlite", path: file });
    await migrateToLatest(first);
    second = await openDatabase({ kind: "sqlite", path: file });
  });
  after(async () => {
    await first.destroy();
    await second.destroy();
    cleanup();
  });

  it("runs read-then-write transactions from both at once without SQLITE_BUSY", async () => {
    // Each claim reads, then inserts: with deferred transactions the second writer's snapshot is stale.
    const claims = Array.from({ length: 200 }, (_, i) =>
      claimSlackEvent(i % 2 === 0 ? first : second, [`id:Ev${i}`], new Date()),
    );
    const outcomes = await Promise.allSettled(claims);
    const failures = outcomes.filter((outcome) => outcome.status === "rejected");
    assert.deepEqual(failures, []);
    const stored = await first.selectFrom("slack_events").select("event_key").execute();
    assert.equal(stored.length, 200);
  });

  it("waits for another process's write lock on a timer, then writes", async () => {
    const holder = new Database(file);
    holder.exec("begin immediate");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      const writing = claimSlackEvent(first, ["id:EvWaiting"], new Date());
      // The event loop keeps turning while the write waits.
      while (ticks < 10) await new Promise((resolve) => setImmediate(resolve));
      holder.exec("commit");
      assert.equal(await writing, true);
    } finally {
      clearInterval(ticker);
      holder.close();
    }
  });

  it("gives up with database_busy once the lock has been held longer than the bound", async () => {
    const bounded = new Kysely<Schema>({
      dialect: new SharedFileSqliteDialect(
        (() => {
          const sqlite = new Database(file);
          sqlite.pragma("busy_timeout = 5");
          return sqlite;
        })(),
        { maxWaitMs: 200 },
      ),
    });
    const holder = new Database(file);
    holder.exec("begin immediate");
    try {
      const started = Date.now();
      await assert.rejects(claimSlackEvent(bounded, ["id:EvTooLate"], new Date()), { code: "database_busy" });
      assert.ok(Date.now() - started >= 200);
    } finally {
      holder.exec("rollback");
      holder.close();
      await bounded.destroy();
    }
  });
});

describe("prepared statements", () => {
  it("prepares each SQL text once while it is among the recent ones, and a busy one afresh", () => {
    const sqlite = new Database(":memory:");
    let prepared = 0;
    const counting = new Proxy(sqlite, {
      get(target, property) {
        if (property === "prepare") {
          return (sql: string) => {
            prepared++;
            return target.prepare(sql);
          };
        }
        return Reflect.get(target, property);
      },
    });
    const database = withStatementCache(counting);
    const query = "SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2) WHERE value >= ?";
    assert.deepEqual(database.prepare(query).all([2]), [{ value: 2 }]);
    assert.deepEqual(database.prepare(query).all([1]), [{ value: 1 }, { value: 2 }]);
    assert.equal(prepared, 1);

    const iterating = database.prepare(query).iterate([1]);
    iterating.next();
    assert.deepEqual(database.prepare(query).all([2]), [{ value: 2 }], "a fresh statement while the first iterates");
    assert.equal(prepared, 2);
    iterating.return?.();

    for (let i = 0; i < CACHED_STATEMENTS; i++) database.prepare(`SELECT ${i}`);
    database.prepare(query);
    assert.equal(prepared, 3 + CACHED_STATEMENTS, "the least recently used statement made way");
    database.close();
    assert.equal(sqlite.open, false);
  });
});
