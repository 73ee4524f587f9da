import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import type { FetchResult } from "../../../src/features/feeds/feed-fetcher.ts";
import { createFeedPoller, type FeedPoller, type FetchFeedOnce } from "../../../src/features/feeds/feed-poller.ts";
import type { FeedFinding } from "../../../src/features/feeds/feed-source.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

const PAGE = "https://status.example.com/api/v2/incidents.json";

describe("the feed poller", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  let now: Date;
  let answer: FetchResult;
  let fetched: string[];
  let applied: number;
  let poller: FeedPoller;
  beforeEach(async () => {
    now = new Date("2026-06-13T01:00:00Z");
    ({ deps, close } = await openTestDeps({ now: () => now }));
    const registry = await readRegistryFile(EXAMPLE_REGISTRY);
    // One vendor with one status page: the poller's own rules, not the registry's size, are under test.
    registry.vendors = registry.vendors.filter((v) => v.id === "anthropic").map((v) => ({ ...v, status_page: PAGE }));
    registry.models = registry.models.filter((m) => m.vendor === "anthropic");
    registry.systems = [];
    await deps.registry.importRegistry(registry, "test");
    answer = { kind: "ok", body: "{}", etag: '"v1"', lastModified: null };
    fetched = [];
    applied = 0;
    const fetchOnce: FetchFeedOnce = async (url, request) => {
      fetched.push(`${url} ${request.etag ?? "-"}`);
      return answer;
    };
    poller = createFeedPoller({
      ...deps,
      pollIntervalMs: 5 * 60_000,
      fetchOnce,
      apply: async (_source, _state, _json, _current, finding) => {
        applied++;
        return [finding("unchanged", "nothing new")];
      },
    });
  });
  afterEach(() => close());

  const kinds = (findings: FeedFinding[]) => findings.map((f) => f.kind);

  it("polls a feed when due, sends its etag next time, and skips it until the interval passes", async () => {
    assert.deepEqual(kinds(await poller.pollAll()), ["unchanged"]);
    assert.deepEqual(await poller.pollAll(), [], "not due yet");
    now = new Date(now.getTime() + 5 * 60_000);
    answer = { kind: "not_modified" };
    assert.deepEqual(kinds(await poller.pollAll()), ["unchanged"]);
    assert.deepEqual(fetched, [`${PAGE} -`, `${PAGE} "v1"`]);
    assert.equal(applied, 1, "a not-modified page is not read again");
    assert.deepEqual(kinds(await poller.pollAll({ force: true })), ["unchanged"], "force ignores the interval");
  });

  it("backs off after failures, doubling, and honours a longer Retry-After", async () => {
    answer = { kind: "ok", body: "<html>Just a moment…</html>", etag: null, lastModified: null };
    const [failed] = await poller.pollAll();
    assert.equal(failed?.kind, "error");
    assert.match(failed?.message ?? "", /got an HTML page, not JSON/);
    assert.deepEqual(await poller.backoff(), [
      { vendor: "anthropic", feed: "statuspage", failures: 1, backoffSeconds: 60 },
    ]);
    now = new Date(now.getTime() + 60_000);
    answer = { kind: "error", error: "HTTP 429", retryAfterMs: 30 * 60_000 };
    await poller.pollAll();
    assert.equal((await poller.backoff())[0]?.backoffSeconds, 1800);
    now = new Date(now.getTime() + 30 * 60_000);
    answer = { kind: "ok", body: "{}", etag: null, lastModified: null };
    await poller.pollAll();
    assert.deepEqual(await poller.backoff(), [
      { vendor: "anthropic", feed: "statuspage", failures: 0, backoffSeconds: 0 },
    ]);
  });

  it("polls nothing once its signal has aborted", async () => {
    const stop = new AbortController();
    stop.abort();
    assert.deepEqual(await poller.pollAll({ signal: stop.signal }), []);
    assert.deepEqual(fetched, []);
  });
});
