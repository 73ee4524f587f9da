import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type FetchOptions, fetchFeed } from "../../../src/features/feeds/feed-fetcher.ts";

/** A fetch that answers every request with `response` and remembers the request's headers. */
function answering(response: () => Response) {
  const seen: Record<string, string>[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    seen.push({ ...(init?.headers as Record<string, string>) });
    return response();
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const options = (fetch: typeof globalThis.fetch, more: Partial<FetchOptions> = {}): FetchOptions => ({
  etag: null,
  lastModified: null,
  timeoutMs: 1000,
  maxBytes: 100,
  userAgent: "aigov-test",
  fetch,
  ...more,
});

describe("fetching a feed", () => {
  it("revalidates with the etag and date it was given, and reads 304 as not modified", async () => {
    const { fetch, seen } = answering(() => new Response(null, { status: 304 }));
    const result = await fetchFeed(
      "https://f/x.json",
      options(fetch, { etag: '"v1"', lastModified: "Sat, 13 Jun 2026" }),
    );
    assert.deepEqual(result, { kind: "not_modified" });
    assert.equal(seen[0]?.["if-none-match"], '"v1"');
    assert.equal(seen[0]?.["if-modified-since"], "Sat, 13 Jun 2026");
    assert.equal(seen[0]?.["user-agent"], "aigov-test");
  });

  it("returns the body with the validators for next time", async () => {
    const { fetch } = answering(() => new Response('{"ok":1}', { headers: { etag: '"v2"' } }));
    assert.deepEqual(await fetchFeed("https://f/x.json", options(fetch)), {
      kind: "ok",
      body: '{"ok":1}',
      etag: '"v2"',
      lastModified: null,
    });
  });

  it("turns an HTTP error into an outcome, keeping Retry-After", async () => {
    const { fetch } = answering(() => new Response("slow down", { status: 429, headers: { "retry-after": "120" } }));
    assert.deepEqual(await fetchFeed("https://f/x.json", options(fetch)), {
      kind: "error",
      error: "HTTP 429",
      retryAfterMs: 120_000,
    });
  });

  it("refuses a body over the limit, declared or not", async () => {
    const declared = answering(() => new Response("x".repeat(10), { headers: { "content-length": "5000" } }));
    const refused = await fetchFeed("https://f", options(declared.fetch));
    assert.match(refused.kind === "error" ? refused.error : "", /body of 5000 bytes is over the 100-byte limit/);
    const streamed = answering(() => new Response("x".repeat(500)));
    const result = await fetchFeed("https://f", options(streamed.fetch));
    assert.equal(result.kind, "error");
    assert.match((result as { error: string }).error, /over the 100-byte limit/);
  });

  it("never throws: a network failure or a timeout is an error outcome", async () => {
    const failing = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof globalThis.fetch;
    assert.deepEqual(await fetchFeed("https://f", options(failing)), {
      kind: "error",
      error: "fetch failed",
      retryAfterMs: null,
    });
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        // A real request holds its socket open; this stand-in holds a timer instead, since the timeout's own
        // timer does not keep the event loop alive (Node 22's test runner would end the process under it).
        const held = setInterval(() => {}, 1000);
        init?.signal?.addEventListener("abort", () => {
          clearInterval(held);
          reject(init.signal?.reason);
        });
      })) as typeof globalThis.fetch;
    const result = await fetchFeed("https://f", options(hanging, { timeoutMs: 20 }));
    assert.deepEqual(result, { kind: "error", error: "timed out after 20 ms", retryAfterMs: null });
  });
});
