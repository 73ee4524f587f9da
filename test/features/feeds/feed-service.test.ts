import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import { createFeedService, type FeedService } from "../../../src/features/feeds/feed-service.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { FeedServer } from "../../support/feed-server.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

const PATH = "/api/v2/incidents.json";

/** A Statuspage v2 incident, in the shape status.claude.com serves. */
function incident(fields: {
  id: string;
  name: string;
  status: string;
  impact: string;
  created_at: string;
  updates: { id: string; status: string; body: string; at: string }[];
}) {
  return {
    id: fields.id,
    name: fields.name,
    status: fields.status,
    created_at: fields.created_at,
    updated_at: fields.updates[0]?.at ?? fields.created_at,
    monitoring_at: null,
    resolved_at: fields.status === "resolved" ? fields.updates[0]?.at : null,
    impact: fields.impact,
    shortlink: `https://stspg.io/${fields.id}`,
    started_at: fields.created_at,
    page_id: "tymt9n04zgry",
    incident_updates: fields.updates.map((update) => ({
      id: update.id,
      status: update.status,
      body: update.body,
      incident_id: fields.id,
      created_at: update.at,
      updated_at: update.at,
      display_at: update.at,
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: [],
    reminder_intervals: null,
  };
}

const page = (incidents: unknown[]) =>
  JSON.stringify({ page: { id: "tymt9n04zgry", name: "Claude", url: "https://status.claude.com" }, incidents });

const OLD_RESOLVED = incident({
  id: "old0resolved",
  name: "Elevated errors on Claude Opus 5",
  status: "resolved",
  impact: "major",
  created_at: "2026-08-01T10:00:00.000Z",
  updates: [
    { id: "u-old-2", status: "resolved", body: "This incident has been resolved.", at: "2026-08-01T11:00:00.000Z" },
    { id: "u-old-1", status: "investigating", body: "We are investigating errors.", at: "2026-08-01T10:00:00.000Z" },
  ],
});

const OPUS_DEGRADED = {
  id: "zhk4v3yv1lsf",
  name: "Degraded performance for Claude Opus 5",
  status: "investigating",
  impact: "minor",
  created_at: "2026-08-17T13:56:41.055Z",
  updates: [
    {
      id: "u-1",
      status: "investigating",
      body: "We are investigating slower responses.",
      at: "2026-08-17T13:56:41.055Z",
    },
  ],
};

describe("watching a vendor's status page", () => {
  let server: FeedServer;
  let deps: Deps;
  let close: () => Promise<void>;
  let feeds: FeedService;
  let now = new Date("2026-08-17T14:20:00Z");

  before(async () => {
    server = await new FeedServer().start();
  });
  after(() => server.stop());

  beforeEach(async () => {
    ({ deps, close } = await openTestDeps({ now: () => now }));
    const registry = await readRegistryFile(EXAMPLE_REGISTRY);
    for (const vendor of registry.vendors) vendor.status_page = vendor.id === "anthropic" ? server.url() : null;
    await deps.registry.importRegistry(registry, "test");
    feeds = makeFeeds();
  });
  afterEach(() => close());

  /** Generous by default, for a loaded machine; short only where a test waits for a timeout. */
  const makeFeeds = (timeoutMs = 5_000) =>
    createFeedService({ ...deps, pollIntervalMs: 5 * 60_000, timeoutMs, maxBodyBytes: 1_000_000 });
  const allIncidents = () => deps.incidents.list();

  it("records the first poll, logs what is open, follows it to resolution, and never duplicates", async () => {
    server.serve(PATH, { body: page([incident(OPUS_DEGRADED), OLD_RESOLVED]), headers: { etag: '"v1"' } });
    const first = await feeds.pollAll({ force: true });
    assert.deepEqual(
      first.map((f) => f.kind),
      ["created"],
    );
    const [opus] = await allIncidents();
    assert.ok(opus);
    assert.deepEqual(
      [opus.type, opus.severity, opus.status, opus.models, opus.source, opus.sourceUrl],
      ["degraded", "sev3", "investigating", ["anthropic/claude-opus-5"], "feed", server.url("/incidents/zhk4v3yv1lsf")],
    );
    assert.equal(server.requests.at(-1)?.headers["user-agent"]?.startsWith("aigov/"), true);

    now = new Date("2026-08-17T14:25:00Z");
    const unchanged = await feeds.pollAll({ force: true });
    assert.deepEqual(
      unchanged.map((f) => f.kind),
      ["unchanged"],
    );
    assert.equal(server.requests.at(-1)?.headers["if-none-match"], '"v1"');

    now = new Date("2026-08-17T15:20:00Z");
    const renamed = incident({
      ...OPUS_DEGRADED,
      name: "Degraded performance for Claude Opus 5, Claude Sonnet 5",
      status: "monitoring",
      updates: [
        { id: "u-3", status: "monitoring", body: "A fix has been implemented.", at: "2026-08-17T15:05:00.000Z" },
        {
          id: "u-2",
          status: "investigating",
          body: "Claude Sonnet 5 is also affected.",
          at: "2026-08-17T14:40:00.000Z",
        },
        ...OPUS_DEGRADED.updates,
      ],
    });
    const between = incident({
      id: "between0001",
      name: "Elevated errors on Claude Haiku 4.5",
      status: "resolved",
      impact: "minor",
      created_at: "2026-08-17T14:50:00.000Z",
      updates: [
        { id: "b-2", status: "resolved", body: "This incident has been resolved.", at: "2026-08-17T15:00:00.000Z" },
        { id: "b-1", status: "investigating", body: "Errors on Claude Haiku 4.5.", at: "2026-08-17T14:50:00.000Z" },
      ],
    });
    server.serve(PATH, { body: page([between, renamed, OLD_RESOLVED]), headers: { etag: '"v2"' } });
    const later = await feeds.pollAll({ force: true });
    assert.deepEqual(later.map((f) => f.kind).sort(), ["resolved", "updated"]);
    const updated = await deps.incidents.get(opus.id);
    assert.deepEqual(updated.models, ["anthropic/claude-opus-5", "anthropic/claude-sonnet-5"]);
    assert.equal(updated.status, "mitigated");
    assert.equal(updated.title, renamed.name, "the title follows the page's rename");
    const timeline = await deps.incidents.timeline(opus.id);
    assert.deepEqual(
      timeline.map((e) => e.kind),
      ["created", "status", "models", "title", "update", "update", "status"],
    );
    assert.match(timeline[4]?.note ?? "", /Sonnet 5 is also affected/);
    const haiku = (await allIncidents()).find((i) => i.models.includes("anthropic/claude-haiku-4.5"));
    assert.equal(haiku?.status, "resolved", "an incident that opened and resolved between polls is still logged");

    now = new Date("2026-08-19T11:19:00Z");
    const resolved = incident({
      ...OPUS_DEGRADED,
      name: renamed.name,
      status: "resolved",
      updates: [
        { id: "u-4", status: "resolved", body: "This incident has been resolved.", at: "2026-08-17T16:00:00.000Z" },
        ...renamed.incident_updates.map((u) => ({ id: u.id, status: u.status, body: u.body, at: u.created_at })),
      ],
    });
    server.serve(PATH, { body: page([resolved, between]), headers: { etag: '"v3"' } });
    await feeds.pollAll({ force: true });
    assert.equal((await deps.incidents.get(opus.id)).status, "resolved");

    const count = (await allIncidents()).length;
    await feeds.pollAll({ force: true });
    feeds = makeFeeds();
    await feeds.pollAll({ force: true });
    assert.equal((await allIncidents()).length, count, "no duplicates across polls and restarts");
  });

  it("turns a suspension into a suspension incident, and a vendor-wide outage into one against the vendor", async () => {
    now = new Date("2026-06-18T08:10:00Z");
    server.serve(PATH, {
      body: page([
        incident({
          id: "jlbvcpfwwq8z",
          name: "Service disruption on Claude services",
          status: "identified",
          impact: "major",
          created_at: "2026-06-18T07:41:30.336Z",
          updates: [
            {
              id: "3n2w7d4rtzsx",
              status: "identified",
              body: "We have identified the cause.",
              at: "2026-06-18T07:41:30.494Z",
            },
          ],
        }),
        incident({
          id: "s9w82lp9dcn9",
          name: "We\u2019ve suspended access to Claude Mythos 5 and Claude Fable 5",
          status: "monitoring",
          impact: "major",
          created_at: "2026-06-13T00:50:43.835Z",
          updates: [
            {
              id: "x1",
              status: "monitoring",
              body: "Access is suspended to comply with a directive.",
              at: "2026-06-13T00:50:43.835Z",
            },
          ],
        }),
      ]),
    });
    await feeds.pollAll({ force: true });
    const incidents = await allIncidents();
    const suspension = incidents.find((i) => i.type === "suspension");
    assert.deepEqual(suspension?.models, ["anthropic/claude-mythos-5", "anthropic/claude-fable-5"]);
    assert.equal(suspension?.severity, "sev2");
    const outage = incidents.find((i) => i.type === "outage");
    assert.deepEqual(outage?.models, []);
    assert.equal(outage?.vendorId, "anthropic");
    const { answer } = await deps.answers.ask({ question: "Is Claude Mythos 5 approved?", surface: "cli" });
    assert.equal(answer.verdict, "no");
  });

  it("never turns a vendor-wide 'unavailable' into a suspension of every model, and keeps long updates", async () => {
    now = new Date("2026-06-18T08:10:00Z");
    server.serve(PATH, {
      body: page([
        incident({
          id: "z5scppyhphjk",
          name: "Unavailable connectors in Claude.ai desktop applications",
          status: "investigating",
          impact: "major",
          created_at: "2026-06-18T07:00:00.000Z",
          updates: [
            { id: "l2", status: "investigating", body: "y".repeat(5000), at: "2026-06-18T07:30:00.000Z" },
            { id: "l1", status: "investigating", body: "Connectors are unavailable.", at: "2026-06-18T07:00:00.000Z" },
          ],
        }),
        { id: 42, name: null, status: "resolved" },
      ]),
    });
    const findings = await feeds.pollAll({ force: true });
    assert.deepEqual(
      findings.map((f) => f.kind),
      ["created"],
    );
    const [logged] = await allIncidents();
    assert.equal(logged?.type, "outage");
    assert.deepEqual(await deps.incidents.suspendedModelIds(), new Set());
    const notes = (await deps.incidents.timeline(logged?.id ?? 0)).map((e) => e.note ?? "");
    assert.ok(notes.some((note) => note.length === 3000 && note.endsWith("…")));
  });

  it("follows the page's impact, and fetches an open incident that dropped off the page", async () => {
    server.serve(PATH, { body: page([incident(OPUS_DEGRADED)]), headers: { etag: '"i1"' } });
    await feeds.pollAll({ force: true });
    const [logged] = await allIncidents();
    assert.equal(logged?.severity, "sev3");

    server.serve(PATH, { body: page([incident({ ...OPUS_DEGRADED, impact: "critical" })]), headers: { etag: '"i2"' } });
    await feeds.pollAll({ force: true });
    assert.equal((await deps.incidents.get(logged?.id ?? 0)).severity, "sev1", "impact can change with no new update");

    const others = Array.from({ length: 50 }, (_, i) =>
      incident({
        id: `other${i}`,
        name: `Elevated errors on the console ${i}`,
        status: "resolved",
        impact: "minor",
        created_at: "2026-08-18T00:00:00.000Z",
        updates: [
          { id: `o${i}`, status: "resolved", body: "This incident has been resolved.", at: "2026-08-18T01:00:00.000Z" },
        ],
      }),
    );
    server.serve(PATH, { body: page(others), headers: { etag: '"i3"' } });
    server.serve(`/api/v2/incidents/${OPUS_DEGRADED.id}.json`, {
      body: JSON.stringify({
        incident: incident({
          ...OPUS_DEGRADED,
          status: "resolved",
          impact: "critical",
          updates: [
            { id: "u-9", status: "resolved", body: "This incident has been resolved.", at: "2026-08-17T18:00:00.000Z" },
            ...OPUS_DEGRADED.updates,
          ],
        }),
      }),
    });
    await feeds.pollAll({ force: true });
    assert.equal(
      (await deps.incidents.get(logged?.id ?? 0)).status,
      "resolved",
      "dropping out is not resolution; the fetch is",
    );
  });

  it("keeps a lead's status until the page moves, and a lead's severity for good, logging every update", async () => {
    server.serve(PATH, { body: page([incident(OPUS_DEGRADED)]), headers: { etag: '"p1"' } });
    await feeds.pollAll({ force: true });
    const [logged] = await allIncidents();
    const id = logged?.id ?? 0;
    const lead = { id: "U0GOVLEAD01", requireLead: false };
    await deps.incidents.changeSeverity(id, "sev1", lead, "Our support bot runs on it");
    await deps.incidents.changeStatus(id, "mitigated", lead, "Switched to the fallback model");

    const later = [
      { id: "u-3", status: "resolved", body: "This incident has been resolved.", at: "2026-08-17T16:00:00.000Z" },
      { id: "u-2", status: "identified", body: "We found the cause.", at: "2026-08-17T15:00:00.000Z" },
      ...OPUS_DEGRADED.updates,
    ];
    server.serve(PATH, {
      body: page([incident({ ...OPUS_DEGRADED, status: "identified", impact: "none", updates: later.slice(1) })]),
      headers: { etag: '"p2"' },
    });
    await feeds.pollAll({ force: true });
    let current = await deps.incidents.get(id);
    assert.equal(current.status, "mitigated", "a new update at the same stage leaves the lead's status");
    assert.equal(current.severity, "sev1", "the page's impact does not override the lead's severity");
    const notes = (await deps.incidents.timeline(id)).map((event) => event.note ?? "");
    assert.ok(notes.includes("[identified] We found the cause."));

    server.serve(PATH, {
      body: page([incident({ ...OPUS_DEGRADED, status: "resolved", impact: "none", updates: later })]),
      headers: { etag: '"p3"' },
    });
    await feeds.pollAll({ force: true });
    current = await deps.incidents.get(id);
    assert.equal(current.status, "resolved", "the vendor's resolution is newer than the lead's status");
    assert.equal(current.severity, "sev1");
  });

  it("follows the page when it reopens an incident a lead resolved", async () => {
    server.serve(PATH, { body: page([incident(OPUS_DEGRADED)]), headers: { etag: '"r1"' } });
    await feeds.pollAll({ force: true });
    const [logged] = await allIncidents();
    const id = logged?.id ?? 0;
    await deps.incidents.changeStatus(id, "resolved", { id: "U0GOVLEAD01", requireLead: false }, "Looks fine");
    const reopened = [
      { id: "u-5", status: "monitoring", body: "Errors are back; we are watching.", at: "2026-08-17T17:00:00.000Z" },
      ...OPUS_DEGRADED.updates,
    ];
    server.serve(PATH, {
      body: page([incident({ ...OPUS_DEGRADED, status: "monitoring", updates: reopened })]),
      headers: { etag: '"r2"' },
    });
    await feeds.pollAll({ force: true });
    assert.equal((await deps.incidents.get(id)).status, "mitigated");
  });

  it("follows open incidents across a move of the status page, without logging them again", async () => {
    server.serve(PATH, { body: page([incident(OPUS_DEGRADED)]) });
    await feeds.pollAll({ force: true });
    assert.equal((await allIncidents()).length, 1);

    const moved = await readRegistryFile(EXAMPLE_REGISTRY);
    for (const vendor of moved.vendors) vendor.status_page = vendor.id === "anthropic" ? server.url("/moved") : null;
    await deps.registry.importRegistry(moved, "test");
    const resolved = [
      { id: "u-7", status: "resolved", body: "This incident has been resolved.", at: "2026-08-17T19:00:00.000Z" },
      ...OPUS_DEGRADED.updates,
    ];
    server.serve(`/moved${PATH}`, {
      body: page([incident({ ...OPUS_DEGRADED, status: "resolved", updates: resolved })]),
    });
    await feeds.pollAll({ force: true });

    const all = await allIncidents();
    assert.equal(all.length, 1, "the moved page's incident is the one already logged");
    assert.equal(all[0]?.status, "resolved");
  });

  it("keeps one record per incident when a page moves and then moves back", async () => {
    const moveTo = async (path: string) => {
      const registry = await readRegistryFile(EXAMPLE_REGISTRY);
      for (const vendor of registry.vendors) vendor.status_page = vendor.id === "anthropic" ? server.url(path) : null;
      await deps.registry.importRegistry(registry, `move to ${path || "/"}`);
    };
    const fixed = incident({
      ...OPUS_DEGRADED,
      status: "monitoring",
      updates: [
        { id: "u-2", status: "monitoring", body: "A fix has been deployed.", at: "2026-08-17T15:00:00.000Z" },
        ...OPUS_DEGRADED.updates,
      ],
    });
    server.serve(PATH, { body: page([incident(OPUS_DEGRADED)]) });
    await feeds.pollAll({ force: true });
    await moveTo("/moved");
    server.serve(`/moved${PATH}`, { body: page([fixed]) });
    await feeds.pollAll({ force: true });
    await moveTo("");
    server.serve(PATH, { body: page([fixed]) });
    const findings = await feeds.pollAll({ force: true });

    const [only] = await allIncidents();
    const notes = (await deps.incidents.timeline(only?.id ?? 0)).map((event) => event.note ?? "");
    assert.equal(notes.filter((note) => note.startsWith("[monitoring]")).length, 1, notes.join(" | "));
    assert.equal(only?.status, "mitigated");
    assert.ok(findings.every((finding) => finding.kind !== "error"));
  });

  it("keeps the title when a rename is too short to be one, without failing the page", async () => {
    server.serve(PATH, { body: page([incident(OPUS_DEGRADED)]) });
    await feeds.pollAll({ force: true });
    server.serve(PATH, { body: page([incident({ ...OPUS_DEGRADED, name: " ab   " })]) });
    const findings = await feeds.pollAll({ force: true });
    assert.ok(
      findings.every((finding) => finding.kind !== "error"),
      JSON.stringify(findings),
    );
    assert.equal((await allIncidents())[0]?.title, OPUS_DEGRADED.name);
    const long = `${"Elevated errors ".repeat(12)}on Claude Opus 5`;
    server.serve(PATH, { body: page([incident({ ...OPUS_DEGRADED, name: long })]) });
    await feeds.pollAll({ force: true });
    assert.equal((await allIncidents())[0]?.title.length, 150);
  });

  const badFeeds: [
    string,
    { status?: number; body: string; headers?: Record<string, string>; delayMs?: number },
    RegExp,
  ][] = [
    [
      "an HTML challenge page",
      { body: "<!DOCTYPE html><html><title>Just a moment...</title></html>", headers: { "content-type": "text/html" } },
      /HTML page/,
    ],
    ["invalid JSON", { body: '{"incidents": [' }, /invalid JSON/],
    ["JSON that is not a status page", { body: '{"hello": "world"}' }, /not a status page/],
    ["a 404", { status: 404, body: "nope" }, /HTTP 404/],
    ["a 503", { status: 503, body: "busy", headers: { "retry-after": "120" } }, /HTTP 503/],
    ["a timeout", { body: page([]), delayMs: 1500 }, /timed out/],
    [
      "a huge body",
      { body: page([incident({ ...OPUS_DEGRADED, name: "x".repeat(2_000_000) })]) },
      /over the 1000000-byte limit/,
    ],
  ];
  for (const [what, response, message] of badFeeds) {
    it(`survives ${what}: logged, retried later with backoff, no incident`, async () => {
      server.serve(PATH, response);
      const waitsForTimeout = response.delayMs !== undefined;
      const findings = await (waitsForTimeout ? makeFeeds(300) : feeds).pollAll({ force: true });
      assert.equal(findings[0]?.kind, "error");
      assert.match(findings[0]?.message ?? "", message);
      assert.equal((await allIncidents()).length, 0);
      const [state] = await feeds.states();
      assert.equal(state?.consecutive_failures, 1);
      assert.ok((state?.next_poll_at ?? "") > now.toISOString());
      assert.deepEqual(await feeds.pollAll(), [], "not polled again before the backoff ends");
      server.serve(PATH, { body: page([incident(OPUS_DEGRADED)]) });
      const recovered = await feeds.pollAll({ force: true });
      assert.equal(recovered[0]?.kind, "created");
      assert.equal((await feeds.states())[0]?.consecutive_failures, 0);
    });
  }
});
