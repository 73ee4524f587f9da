import { messageOf } from "../../errors.ts";

/** The outcome of one conditional GET of a feed. */
export type FetchResult =
  | { kind: "ok"; body: string; etag: string | null; lastModified: string | null }
  | { kind: "not_modified" }
  | { kind: "error"; error: string; retryAfterMs: number | null };

export interface FetchOptions {
  etag: string | null;
  lastModified: string | null;
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  headers?: Record<string, string>;
  /** The egress fetch, which goes through the proxy when one is set. */
  fetch: typeof globalThis.fetch;
  /** Ends the request early, e.g. when the bot stops. */
  signal?: AbortSignal;
}

/**
 * GET with a timeout, a size cap, ETag/Last-Modified revalidation and a
 * clear User-Agent. Never throws: a bad feed is an outcome, not a crash.
 */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": options.userAgent,
    ...options.headers,
  };
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  try {
    const response = await options.fetch(url, {
      headers,
      signal: options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)])
        : AbortSignal.timeout(options.timeoutMs),
      redirect: "follow",
    });
    if (response.status === 304) return { kind: "not_modified" };
    if (!response.ok) {
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get("retry-after"));
      return {
        kind: "error",
        error: `HTTP ${response.status}`,
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
      };
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel();
      return {
        kind: "error",
        error: `body of ${declared} bytes is over the ${options.maxBytes}-byte limit`,
        retryAfterMs: null,
      };
    }
    const body = await readCapped(response, options.maxBytes);
    if (body === null)
      return { kind: "error", error: `body is over the ${options.maxBytes}-byte limit`, retryAfterMs: null };
    return {
      kind: "ok",
      body,
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
    };
  } catch (error) {
    const name = (error as Error).name;
    const reason =
      name === "TimeoutError" || name === "AbortError" ? `timed out after ${options.timeoutMs} ms` : messageOf(error);
    return { kind: "error", error: reason, retryAfterMs: null };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
