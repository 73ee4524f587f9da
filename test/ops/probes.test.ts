import assert from "node:assert/strict";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { SLACK_CHECK_TTL_MS } from "../../src/ops/probes.ts";
import { FeedServer } from "../support/feed-server.ts";
import { EXAMPLE_REGISTRY, startSocketModeTestApp, startTestApp, type TestApp, tempDir } from "../support/test-app.ts";
import { sqliteFile, sqliteOnly } from "../support/test-database.ts";

async function probe(t: TestApp, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${t.baseUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

describe("liveness and readiness", () => {
  let t: TestApp;
  /** The app's clock runs with real time, shifted by this much, so the Slack check's cache can be outlived at once. */
  let shiftMs = 0;
  const passCacheTime = () => {
    shiftMs += SLACK_CHECK_TTL_MS + 1;
  };
  before(async () => {
    t = await startTestApp({ now: () => new Date(Date.now() + shiftMs) });
  });
  after(() => t.close());

  it("is live and ready when the database and Slack are", async () => {
    assert.deepEqual(await probe(t, "/livez"), { status: 200, body: { status: "ok" } });
    assert.deepEqual(await probe(t, "/readyz"), {
      status: 200,
      body: { status: "ready", failed: [], checks: { database: "ok", slack: "ok", lifecycle: "running" } },
    });
  });

  it("stays live but turns unready while Slack refuses auth.test, checking it again only after the cache time", async () => {
    await probe(t, "/readyz");
    t.fake.failNext("auth.test", { error: "invalid_auth", times: 1_000 });
    assert.equal((await probe(t, "/readyz")).status, 200, "the last good check is remembered for a while");
    passCacheTime();
    const refused = await probe(t, "/readyz");
    assert.equal(refused.status, 503);
    assert.deepEqual(refused.body.failed, ["slack"]);
    assert.equal(refused.body.checks.slack, "unreachable");
    assert.deepEqual(await probe(t, "/livez"), { status: 200, body: { status: "ok" } });
    assert.equal((await probe(t, "/healthz")).body.slack, "unreachable", "/healthz shares the check");

    t.fake.clearFailures();
    assert.equal((await probe(t, "/readyz")).status, 503, "the failure is remembered for a while too");
    passCacheTime();
    assert.equal((await probe(t, "/readyz")).status, 200, "and it recovers");
    assert.ok(t.logs.some((line) => /not ready: slack check failed/.test(line)));
    assert.ok(t.logs.some((line) => /ready again/.test(line)));
  });

  it(
    "turns unready while the database file is gone from its path, and recovers when it is back",
    sqliteOnly("the database file"),
    async () => {
      // The open connection keeps working on a moved file; readiness must not.
      const path = sqliteFile(t.deps.config);
      renameSync(path, `${path}.moved`);
      try {
        const gone = await probe(t, "/readyz");
        assert.equal(gone.status, 503);
        assert.deepEqual(gone.body.failed, ["database"]);
        assert.equal((await probe(t, "/livez")).status, 200);
        const health = await probe(t, "/healthz");
        assert.equal(health.status, 503);
        assert.equal(health.body.database, "unavailable");
      } finally {
        renameSync(`${path}.moved`, path);
      }
      assert.equal((await probe(t, "/readyz")).status, 200);
    },
  );

  it("turns unready when a different file takes the database's place", sqliteOnly("the database file"), async () => {
    const path = sqliteFile(t.deps.config);
    renameSync(path, `${path}.moved`);
    writeFileSync(path, "");
    try {
      assert.deepEqual((await probe(t, "/readyz")).body.failed, ["database"]);
    } finally {
      renameSync(`${path}.moved`, path);
    }
    assert.equal((await probe(t, "/readyz")).status, 200);
  });
});

describe("readiness while stopping", () => {
  let server: FeedServer;
  let t: TestApp;
  let cleanup: () => void;
  let release: () => void = () => {};
  before(async () => {
    server = await new FeedServer().start();
    server.serve("/api/v2/incidents.json", {
      body: JSON.stringify({ page: { id: "p", name: "Claude" }, incidents: [] }),
      until: new Promise<void>((resolve) => {
        release = resolve;
      }),
    });
    const temp = tempDir();
    cleanup = temp.cleanup;
    const registry = parse(readFileSync(EXAMPLE_REGISTRY, "utf8"));
    for (const vendor of registry.vendors) {
      if (vendor.id === "anthropic") vendor.status_page = server.url();
      else delete vendor.status_page;
    }
    const file = join(temp.dir, "registry.yml");
    writeFileSync(file, stringify(registry));
    t = await startTestApp({ registry: file, env: { FEEDS_POLL_MINUTES: "0.02" } });
  });
  after(async () => {
    release();
    await server.stop();
    cleanup();
  });

  it("answers 503 on /readyz once draining begins (the first step of a stop), and 200 on /livez", async () => {
    await server.requested(1);
    assert.equal((await probe(t, "/readyz")).status, 200);
    // A stop drains first, then closes the port at once; draining alone keeps the port open to look at it.
    t.aigov.slack.startDraining();
    const draining = await probe(t, "/readyz");
    assert.equal(draining.status, 503);
    assert.deepEqual(draining.body.failed, ["lifecycle"]);
    assert.equal(draining.body.checks.lifecycle, "draining");
    assert.equal((await probe(t, "/livez")).status, 200);
    release();
    await t.close();
  });
});

describe("probes and metrics in Socket Mode", () => {
  let t: TestApp;
  let close: () => Promise<void>;
  before(async () => {
    ({ t, close } = await startSocketModeTestApp());
  });
  after(() => close());

  it("serves /livez, /readyz, /healthz and /metrics on PORT, and no Slack events endpoint", async () => {
    assert.equal((await probe(t, "/livez")).status, 200);
    assert.equal((await probe(t, "/readyz")).status, 200);
    assert.equal((await probe(t, "/healthz")).body.mode, "socket");
    const metrics = await fetch(`${t.baseUrl}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
    const events = await fetch(`${t.baseUrl}/slack/events`, { method: "POST", body: "{}" });
    assert.equal(events.status, 404);
  });
});
