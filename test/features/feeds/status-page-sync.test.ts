import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findingsOf } from "../../../src/features/feeds/feed-source.ts";
import { type FeedState, unpolledFeedState } from "../../../src/features/feeds/feeds-repository.ts";
import {
  createStatusPageSync,
  feedNote,
  incidentPageUrl,
  titleFrom,
} from "../../../src/features/feeds/status-page-sync.ts";
import type { Vendor } from "../../../src/features/registry/registry.ts";
import { servicesWithFakeSlack } from "../../support/services-with-fake-slack.ts";

const PAGE_URL = "https://status.claude.com/api/v2/incidents.json";
const vendor = { id: "anthropic", name: "Anthropic", status_page: "https://status.claude.com" } as Vendor;

const state = (initialized: 0 | 1): FeedState => ({
  ...unpolledFeedState({ url: PAGE_URL, vendorId: "anthropic", kind: "statuspage" }),
  initialized,
  watching_since: "2026-06-01T00:00:00.000Z",
});

const pageIncident = (status: string, updates: { id: string; status: string; body: string }[]) => ({
  id: "s9w82lp9dcn9",
  name: "Claude Mythos 5 suspended",
  status,
  impact: "major",
  created_at: "2026-06-13T00:50:43.835Z",
  started_at: "2026-06-13T00:50:43.835Z",
  incident_updates: updates.map((u) => ({
    ...u,
    created_at: "2026-06-13T01:00:00Z",
    display_at: "2026-06-13T01:00:00Z",
  })),
  components: [],
});

describe("status-page wording", () => {
  it("links to the incident on the registry's page, never the page's own shortlink", () => {
    assert.equal(
      incidentPageUrl({ ...vendor, status_page: "https://status.claude.com/api/v2/incidents.json" }, "a/b"),
      "https://status.claude.com/incidents/a%2Fb",
    );
    assert.equal(incidentPageUrl({ ...vendor, status_page: null }, "x"), null);
  });

  it("makes titles and notes fit the incident's limits", () => {
    assert.equal(titleFrom("  Elevated   errors  "), "Elevated errors");
    assert.equal(titleFrom(" ! "), null);
    assert.equal(titleFrom("x".repeat(400))?.length, 150);
    assert.equal(feedNote("investigating", "y".repeat(5000)).length, 3000);
  });
});

describe("the status-page sync", () => {
  const suite = servicesWithFakeSlack();

  it("logs a new incident with its updates, then follows the page in one update per poll", async () => {
    const sync = createStatusPageSync({
      ...suite.deps,
      matchModels: async () => ({ models: ["anthropic/claude-mythos-5"], namesOtherModels: false }),
      fetchOnce: async () => ({ kind: "error", error: "not asked", retryAfterMs: null }),
    });
    const current = await suite.deps.registry.currentRegistry();
    const source = { url: PAGE_URL, kind: "statuspage" as const, vendor, headers: {} };
    const poll = (page: ReturnType<typeof pageIncident>) =>
      sync.apply(source, state(1), { incidents: [page] }, current, findingsOf(source));
    const suspended = { id: "u2", status: "identified", body: "Access is suspended." };
    const looking = { id: "u1", status: "investigating", body: "Looking into it." };
    const first = await poll(pageIncident("identified", [suspended, looking]));
    assert.equal(first.length, 1);
    assert.equal(first[0]?.kind, "created");
    const id = first[0]?.incidentId as number;
    const second = await poll(
      pageIncident("resolved", [{ id: "u3", status: "resolved", body: "Access is restored." }, suspended, looking]),
    );
    assert.equal(second[0]?.kind, "resolved");
    assert.match(second[0]?.message ?? "", /→ resolved; 1 new update/);
    const incident = await suite.deps.incidents.get(id);
    assert.equal(incident.status, "resolved");
    assert.equal(incident.sourceUrl, "https://status.claude.com/incidents/s9w82lp9dcn9");
  });
});
