import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import { createFeedService, type FeedFinding } from "../../../src/features/feeds/feed-service.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { FeedServer } from "../../support/feed-server.ts";
import { sharedFixture } from "../../support/shared-fixtures.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

/** The real captures of status.claude.com, in the order they were taken. */
const SNAPSHOTS = [
  "2026-04-15T15-02-18Z",
  "2026-06-18T08-10-38Z",
  "2026-08-17T13-34-52Z",
  "2026-08-17T14-20-35Z",
  "2026-08-17T15-19-54Z",
  "2026-08-19T10-21-45Z",
  "2026-08-19T11-19-21Z",
];
const fixture = (name: string) => sharedFixture(`statuspage/anthropic-incidents-${name}.json`);
const captureTime = (name: string) => new Date(name.replace(/T(\d\d)-(\d\d)-(\d\d)Z/, "T$1:$2:$3Z"));

describe("replaying the real status.claude.com captures", { skip: fixture(SNAPSHOTS[0] as string).skip }, () => {
  let server: FeedServer;
  let deps: Deps;
  let close: () => Promise<void>;
  let now = new Date(0);
  const polls: FeedFinding[][] = [];

  before(async () => {
    server = await new FeedServer().start();
    ({ deps, close } = await openTestDeps({ now: () => now }));
    const registry = await readRegistryFile(EXAMPLE_REGISTRY);
    for (const vendor of registry.vendors) vendor.status_page = vendor.id === "anthropic" ? server.url() : null;
    await deps.registry.importRegistry(registry, "test");
    for (const snapshot of SNAPSHOTS) {
      now = captureTime(snapshot);
      server.serve("/api/v2/incidents.json", { body: readFileSync(fixture(snapshot).path as string, "utf8") });
      // A fresh service each time also proves that state survives a restart.
      const feeds = createFeedService({ ...deps, pollIntervalMs: 5 * 60_000 });
      polls.push(await feeds.pollAll({ force: true }));
      polls.push(await feeds.pollAll({ force: true }));
    }
  });
  after(async () => {
    await close();
    await server.stop();
  });

  const incidentFor = async (externalId: string) => {
    const row = await deps.db
      .selectFrom("feed_incidents")
      .select("incident_id")
      .where("external_id", "=", externalId)
      .executeTakeFirst();
    return row?.incident_id ? deps.incidents.get(row.incident_id) : null;
  };

  it("logs one incident per real incident that names a registry model, or takes the vendor down", async () => {
    const rows = await deps.db.selectFrom("feed_incidents").selectAll().execute();
    const linked = rows.filter((row) => row.incident_id !== null);
    const incidents = await deps.incidents.list();
    assert.ok(linked.length > 0, "the captures hold incidents that name registry models");
    assert.equal(
      new Set(linked.map((row) => row.incident_id)).size,
      linked.length,
      "one incident per status-page incident",
    );
    assert.equal(incidents.length, linked.length);
    for (const incident of incidents) {
      const vendorWide = incident.models.length === 0;
      assert.ok(
        !vendorWide || incident.severity === "sev1" || incident.severity === "sev2",
        `${incident.title}: a vendor-wide incident must be major or critical`,
      );
      assert.doesNotMatch(incident.title, /^Elevated errors (for|on) Claude Opus 4\.\d$/, "Opus 4.x is not Opus 5");
    }
  });

  it("records the first capture's resolved incidents without logging them", async () => {
    const first = JSON.parse(readFileSync(fixture(SNAPSHOTS[0] as string).path as string, "utf8")) as {
      incidents: { id: string; status: string }[];
    };
    const resolvedIds = first.incidents
      .filter((i) => i.status === "resolved" || i.status === "postmortem")
      .map((i) => i.id);
    const rows = await deps.db
      .selectFrom("feed_incidents")
      .selectAll()
      .where("external_id", "in", resolvedIds)
      .execute();
    assert.equal(rows.length, resolvedIds.length);
    assert.ok(rows.every((row) => row.incident_id === null));
  });

  it("classifies the suspension of Claude Mythos 5 and Claude Fable 5", async () => {
    const suspension = await incidentFor("s9w82lp9dcn9");
    assert.equal(suspension?.type, "suspension");
    assert.deepEqual(suspension?.models, ["anthropic/claude-mythos-5", "anthropic/claude-fable-5"]);
    assert.equal(suspension?.severity, "sev2");
  });

  it("logs the critical outage that names no model against the vendor", async () => {
    const outage = await incidentFor("f00h6l76tsjs");
    assert.equal(outage?.type, "outage");
    assert.equal(outage?.severity, "sev1");
    assert.deepEqual(outage?.models, []);
  });

  it("follows zhk4v3yv1lsf as it is renamed, moves to monitoring, and resolves", async () => {
    const incident = await incidentFor("zhk4v3yv1lsf");
    assert.ok(incident);
    assert.deepEqual(incident.models, ["anthropic/claude-opus-5", "anthropic/claude-sonnet-5"]);
    assert.equal(incident.status, "resolved");
    const statuses = (await deps.incidents.timeline(incident.id))
      .filter((e) => e.kind === "status")
      .map((e) => e.newValue);
    assert.deepEqual(statuses, ["investigating", "mitigated", "resolved"]);
    assert.equal(
      incident.title,
      "Degraded performance for Claude Opus 5, Claude Sonnet 5",
      "the title follows the page",
    );
  });

  it("detects hkcw95k7r0f4's resolution between the two hourly captures", async () => {
    const incident = await incidentFor("hkcw95k7r0f4");
    assert.deepEqual(incident?.models, ["anthropic/claude-opus-5", "anthropic/claude-haiku-4.5"]);
    assert.equal(incident?.status, "resolved");
  });

  it("creates nothing when a capture is polled twice", () => {
    assert.ok(polls.length >= 2);
    for (let i = 1; i < polls.length; i += 2) {
      assert.ok((polls[i] ?? []).length > 0, "a poll always reports something");
      assert.ok(
        (polls[i] ?? []).every((f) => f.kind === "unchanged"),
        JSON.stringify(polls[i]),
      );
    }
  });
});
