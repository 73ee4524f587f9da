import { type Config, lookupSecret } from "../../config.ts";
import type { Db } from "../../db/connection.ts";
import type { Egress } from "../../deps.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import type { Registry, Vendor } from "../registry/registry.ts";
import type { RegistryService } from "../registry/registry-service.ts";
import { type FetchResult, fetchFeed } from "./feed-fetcher.ts";
import { FeedError, type FeedFinding, type FeedSource, type FindingOf, findingsOf, sourcesOf } from "./feed-source.ts";
import { type FeedState, findFeedState, listFeedStates, saveFeedState, unpolledFeedState } from "./feeds-repository.ts";

export const USER_AGENT = "aigov/0.1 (AI governance Slack bot; status and model-list poller)";
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/**
 * Vendors polled at once: a page that hangs until its timeout holds up only
 * its own vendor, and the bot still makes a handful of requests at a time.
 */
const VENDORS_AT_ONCE = 4;

export interface PollOptions {
  force?: boolean;
  signal?: AbortSignal;
  /** Called with each vendor's findings as soon as its feeds are done, before slower vendors finish. */
  onVendorPolled?: (findings: FeedFinding[]) => Promise<void>;
}

export interface FeedPoller {
  /**
   * Polls every due feed of every vendor once; `force` ignores the poll interval and backoff. Once
   * `signal` aborts, no feed is polled and a fetch under way is dropped without counting as a failure.
   */
  pollAll(options?: PollOptions): Promise<FeedFinding[]>;
  states(): Promise<FeedState[]>;
  /** Each feed's current backoff in whole seconds (the wait its last failure chose; 0 while it succeeds). */
  backoff(): Promise<{ vendor: string; feed: string; backoffSeconds: number; failures: number }[]>;
}

/** What becomes of a feed's body once fetched; throws FeedError for a body it cannot use. */
export type ApplyFeed = (
  source: FeedSource,
  state: FeedState,
  json: unknown,
  current: Registry,
  finding: FindingOf,
) => Promise<FeedFinding[]>;

/** One GET of a feed address, conditional when an etag or date is given, within the poller's limits. */
export type FetchFeedOnce = (
  url: string,
  request: {
    headers: Record<string, string>;
    etag?: string | null;
    lastModified?: string | null;
    signal?: AbortSignal;
  },
) => Promise<FetchResult>;

export function createFeedFetch(deps: {
  egress: Pick<Egress, "fetch">;
  timeoutMs?: number;
  maxBodyBytes?: number;
}): FetchFeedOnce {
  return (url, request) =>
    fetchFeed(url, {
      etag: request.etag ?? null,
      lastModified: request.lastModified ?? null,
      timeoutMs: deps.timeoutMs ?? TIMEOUT_MS,
      maxBytes: deps.maxBodyBytes ?? MAX_BODY_BYTES,
      userAgent: USER_AGENT,
      headers: request.headers,
      fetch: deps.egress.fetch,
      ...(request.signal ? { signal: request.signal } : {}),
    });
}

/**
 * When each feed is due, fetching it, and its backoff after failures. What
 * it has seen lives in the database, so a restart neither misses nor repeats
 * a poll; a bad feed is logged and retried with backoff.
 */
export function createFeedPoller(deps: {
  db: Db;
  now: () => Date;
  logger: Logger;
  registry: RegistryService;
  metrics: Pick<Metrics, "feedPolled">;
  pollIntervalMs: number;
  fetchOnce: FetchFeedOnce;
  apply: ApplyFeed;
  /** Where a secret the registry names (`models_api_key_env`) is looked up. */
  config: Config;
}): FeedPoller {
  const { db, now, logger } = deps;

  async function pollSource(
    source: FeedSource,
    current: Registry,
    force: boolean,
    signal: AbortSignal | undefined,
  ): Promise<FeedFinding[]> {
    const previous = await findFeedState(db, source.url);
    const at = now().toISOString();
    if (!force && previous?.next_poll_at && previous.next_poll_at > at) return [];
    const state: FeedState =
      previous ?? unpolledFeedState({ url: source.url, vendorId: source.vendor.id, kind: source.kind });
    const fetched = await deps.fetchOnce(source.url, {
      etag: state.etag,
      lastModified: state.last_modified,
      headers: source.headers,
      ...(signal ? { signal } : {}),
    });
    if (signal?.aborted) return [];
    state.last_polled_at = at;
    const finding = findingsOf(source);
    let findings: FeedFinding[];
    try {
      if (fetched.kind === "error") throw new FeedError(fetched.error, fetched.retryAfterMs);
      if (fetched.kind === "not_modified") {
        findings = [finding("unchanged", "not modified since the last poll")];
      } else {
        findings = await deps.apply(source, state, parseJson(fetched.body), current, finding);
        state.etag = fetched.etag;
        state.last_modified = fetched.lastModified;
        state.initialized = 1;
        state.watching_since ??= at;
      }
      state.consecutive_failures = 0;
      state.last_error = null;
      state.last_success_at = at;
      state.next_poll_at = new Date(now().getTime() + deps.pollIntervalMs).toISOString();
    } catch (error) {
      const reason = (error as Error).message;
      state.consecutive_failures += 1;
      state.last_error = reason;
      const backoff = Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** (state.consecutive_failures - 1));
      const asked = error instanceof FeedError && error.retryAfterMs ? Math.min(error.retryAfterMs, MAX_BACKOFF_MS) : 0;
      const wait = Math.max(backoff, asked);
      state.next_poll_at = new Date(now().getTime() + wait).toISOString();
      logger.warn(`feed ${source.url} failed (${state.consecutive_failures} in a row): ${reason}`);
      findings = [finding("error", `${reason}; next try after ${state.next_poll_at}`)];
    }
    await saveFeedState(db, state);
    deps.metrics.feedPolled(
      source.vendor.id,
      source.kind,
      fetched.kind === "not_modified" ? "not_modified" : state.consecutive_failures > 0 ? "error" : "ok",
    );
    return findings;
  }

  return {
    async pollAll(options = {}) {
      const current = await deps.registry.currentRegistry();
      const byVendor: FeedFinding[][] = current.vendors.map(() => []);
      // Vendors sharing an address (one LiteLLM catalog) take turns on it, as they did one after another.
      const lastOnUrl = new Map<string, Promise<unknown>>();
      const pollOne = async (vendor: Vendor, source: FeedSource): Promise<FeedFinding[]> => {
        try {
          return await pollSource(source, current, options.force ?? false, options.signal);
        } catch (error) {
          logger.error(`feed ${source.url} could not be processed`, error);
          deps.metrics.feedPolled(vendor.id, source.kind, "error");
          return [findingsOf(source)("error", (error as Error).message)];
        }
      };
      await forEachAtMost(VENDORS_AT_ONCE, current.vendors, async (vendor, index) => {
        const findings = byVendor[index] as FeedFinding[];
        // A vendor's own feeds stay in order: they can touch the same incidents.
        for (const source of sourcesOf(vendor, (name) => lookupSecret(deps.config, name))) {
          if (options.signal?.aborted) return;
          const turn = (lastOnUrl.get(source.url) ?? Promise.resolve()).then(() => pollOne(vendor, source));
          lastOnUrl.set(source.url, turn);
          findings.push(...(await turn));
        }
        if (findings.length > 0 && !options.signal?.aborted) await options.onVendorPolled?.(findings);
      });
      // In registry order, whatever order the vendors finished in.
      return byVendor.flat();
    },
    states: () => listFeedStates(db),
    async backoff() {
      return (await listFeedStates(db)).map((state) => ({
        vendor: state.vendor_id,
        feed: state.kind,
        failures: state.consecutive_failures,
        backoffSeconds:
          state.consecutive_failures > 0 && state.next_poll_at && state.last_polled_at
            ? Math.round((Date.parse(state.next_poll_at) - Date.parse(state.last_polled_at)) / 1000)
            : 0,
      }));
    },
  };
}

/** Runs `work` on every item, at most `limit` at a time, in the items' order. */
async function forEachAtMost<T>(
  limit: number,
  items: readonly T[],
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const start = body.trimStart().slice(0, 15).toLowerCase();
    throw new FeedError(
      start.startsWith("<") ? "got an HTML page, not JSON (a login or bot-challenge page?)" : "invalid JSON",
      null,
    );
  }
}
