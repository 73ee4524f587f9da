import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/connection.ts";
import type { Deps } from "../../src/deps.ts";
import { findDataVersion } from "../../src/features/incidents/incidents-repository.ts";
import { replacePolicySections, searchPolicySections } from "../../src/features/policy/policy-repository.ts";
import { loadRegistry } from "../../src/features/registry/registry-repository.ts";
import { openDeps } from "../../src/main.ts";
import { newIncident } from "../support/incidents.ts";
import { smallRegistry, testModel } from "../support/small-registry.ts";
import { tempDir } from "../support/test-app.ts";
import { dropTestDatabase, onPostgres, testDatabaseEnv } from "../support/test-database.ts";

/** The queries whose SQL differs between the databases, each run on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL. */
const dialects = [
  { name: "SQLite", env: (dir: string) => ({ DATABASE_URL: `${dir}/aigov.sqlite` }) },
  ...(onPostgres ? [{ name: "PostgreSQL", env: (dir: string) => testDatabaseEnv(dir) }] : []),
];

for (const dialect of dialects) {
  describe(`portable queries on ${dialect.name}`, () => {
    const { dir, cleanup } = tempDir();
    const env = dialect.env(dir);
    let deps: Deps;
    before(async () => {
      deps = await openDeps(loadConfig({ ...env, LOG_LEVEL: "error" }), { writeLog: () => {} });
    });
    after(async () => {
      await dropTestDatabase(deps.db, env);
      await deps.db.destroy();
      cleanup();
    });

    it("imports a registry through the batched JSON upsert, then updates and removes rows", async () => {
      const first = smallRegistry([
        testModel("acme/a", "Model A", { aliases: ["alpha"] }),
        testModel("acme/b", "Model B"),
      ]);
      await deps.registry.importRegistry(first, "cli:test");
      const second = smallRegistry([testModel("acme/a", "Model A2", { open_weights: true, retires_on: "2027-01-31" })]);
      await deps.registry.importRegistry(second, "cli:test");
      const stored = await loadRegistry(deps.db);
      assert.deepEqual(
        stored.models.map((model) => [model.id, model.name, model.aliases, model.open_weights, model.retires_on]),
        [["acme/a", "Model A2", [], true, "2027-01-31"]],
      );
    });

    it("ranks policy sections with a heading match first and reads typed syntax as words", async () => {
      await replacePolicySections(
        deps.db,
        [
          { sourcePath: "a.md", sourceUrl: null, heading: "Travel", body: "Recruiting trips are booked by HR." },
          { sourcePath: "a.md", sourceUrl: null, heading: "Recruiting", body: "AI must not screen applicants." },
        ],
        "2026-12-02T00:00:00.000Z",
      );
      const hits = await searchPolicySections(deps.db, ["recruiting", "NEAR(", "'", "a & b | !c"], 5);
      assert.deepEqual(
        hits.map((hit) => hit.heading),
        ["Recruiting", "Travel"],
      );
      assert.ok((hits[0]?.score ?? 0) < (hits[1]?.score ?? 0), "lower scores are better");
    });

    it("changes the data version when another connection writes an incident", async () => {
      const before = await findDataVersion(deps.db);
      const other = await openDatabase(loadConfig(env).database);
      try {
        await deps.incidents.create(newIncident({ models: [] }));
        await other.updateTable("incidents").set({ status: "investigating" }).execute();
      } finally {
        await other.destroy();
      }
      assert.notEqual(await findDataVersion(deps.db), before);
    });
  });
}
