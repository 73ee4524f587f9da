import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { stringify } from "yaml";
import { generateRegistry } from "../../bench/generated-registry.ts";
import { eventually } from "../support/eventually.ts";
import { runCliInProcess, spawnAigov } from "../support/run-cli.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../support/test-app.ts";
import { sqliteOnly } from "../support/test-database.ts";

const CHILD = fileURLToPath(new URL("../support/create-incidents-child.ts", import.meta.url));

function inspect(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      integrity: (db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check,
      models: (db.prepare("select count(*) n from models").get() as { n: number }).n,
      revision: (db.prepare("select revision from registry_state").get() as { revision: number }).revision,
      audit: (db.prepare("select count(*) n from audit_log").get() as { n: number }).n,
      incidents: db.prepare("select id from incidents").all() as { id: number }[],
      modelLinks: db.prepare("select incident_id, count(*) n from incident_models group by incident_id").all() as {
        incident_id: number;
        n: number;
      }[],
      created: db.prepare("select incident_id from incident_events where kind = 'created'").all() as {
        incident_id: number;
      }[],
    };
  } finally {
    db.close();
  }
}

function countIncidents(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("select count(*) n from incidents").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("crash safety: SIGKILL in the middle of a write", sqliteOnly("WAL and integrity after a kill"), () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  before(async () => {
    ({ dir, cleanup } = tempDir());
    env = { DATABASE_URL: join(dir, "aigov.sqlite"), LOG_LEVEL: "warn" };
    assert.equal((await runCliInProcess(["registry", "import", EXAMPLE_REGISTRY], { env })).code, 0);
  });
  after(() => cleanup());

  it("a registry import is kept whole or not at all", async () => {
    const before = inspect(env.DATABASE_URL as string);
    const big = join(dir, "big.yml");
    writeFileSync(big, stringify(generateRegistry(20_000, 2_000)));
    const importing = spawnAigov(["registry", "import", big], { cwd: dir, env });
    // Kill once the write transaction is well under way: the WAL is filling up.
    const wal = `${env.DATABASE_URL}-wal`;
    await eventually(
      () => existsSync(wal) && statSync(wal).size > 4 * 1024 * 1024,
      "the import's WAL to pass 4 MB",
      60_000,
    );
    importing.child.kill("SIGKILL");
    const killed = await importing.done;
    assert.doesNotMatch(killed.stdout, /imported/, "the import was killed before it finished");
    const afterKill = inspect(env.DATABASE_URL as string);
    assert.equal(afterKill.integrity, "ok");
    const whole = afterKill.models === 20_000 && afterKill.revision === before.revision + 1;
    const none =
      afterKill.models === before.models && afterKill.revision === before.revision && afterKill.audit === before.audit;
    assert.ok(whole || none, `partial import: ${afterKill.models} models, revision ${afterKill.revision}`);

    const restarted = await runCliInProcess(["registry", "import", EXAMPLE_REGISTRY], { env });
    assert.equal(restarted.code, 0, restarted.stderr);
    assert.equal(inspect(env.DATABASE_URL as string).integrity, "ok");
  });

  it("an incident is created with its models and its first event, or not at all", async () => {
    const child = spawn(process.execPath, [CHILD], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const closed = new Promise((resolve) => child.once("close", resolve));
    // Killed while it writes: once the database shows it well under way, not after a guessed time.
    let committed = 0;
    await eventually(
      () => {
        committed = countIncidents(env.DATABASE_URL as string);
        return committed >= 40;
      },
      "the child to commit 40 incidents",
      30_000,
    );
    child.kill("SIGKILL");
    await closed;

    const state = inspect(env.DATABASE_URL as string);
    assert.equal(state.integrity, "ok");
    assert.ok(state.incidents.length >= committed, `none of the ${committed} committed incidents is lost`);
    const links = new Map(state.modelLinks.map((row) => [row.incident_id, row.n]));
    const created = new Set(state.created.map((row) => row.incident_id));
    for (const { id } of state.incidents) {
      assert.equal(links.get(id), 3, `incident ${id} has all its models`);
      assert.ok(created.has(id), `incident ${id} has its created event`);
    }
    const listed = await runCliInProcess(["incident", "list", "--json"], { env });
    assert.equal(JSON.parse(listed.stdout).length, state.incidents.length);
  });
});
