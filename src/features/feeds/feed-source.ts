import type { Registry, Vendor } from "../registry/registry.ts";

/** What the poller, the status-page sync and the retirement sync share about a feed. */

export type FeedKind = "statuspage" | "openai_models" | "litellm";

export interface FeedSource {
  url: string;
  kind: FeedKind;
  vendor: Vendor;
  headers: Record<string, string>;
}

export interface FeedFinding {
  feed: string;
  vendor: string;
  kind: "created" | "updated" | "resolved" | "error" | "unchanged" | "recorded" | "skipped";
  message: string;
  incidentId: number | null;
}

export type FindingOf = (kind: FeedFinding["kind"], message: string, incidentId?: number | null) => FeedFinding;

/** The registry models of a vendor that a text names, and whether it names other models too. */
export type MatchModels = (
  vendor: Vendor,
  current: Registry,
  text: string,
) => Promise<{ models: string[]; namesOtherModels: boolean }>;

/** A feed that answered with something unusable: counted as a failed poll and retried with backoff. */
export class FeedError extends Error {
  readonly retryAfterMs: number | null;

  constructor(message: string, retryAfterMs: number | null) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The finding maker for one feed. */
export function findingsOf(source: FeedSource): FindingOf {
  return (kind, message, incidentId = null) => ({
    feed: source.url,
    vendor: source.vendor.name,
    kind,
    message,
    incidentId,
  });
}

/** The feeds a vendor's registry entry names; `secret` looks up the key its `models_api_key_env` names. */
export function sourcesOf(vendor: Vendor, secret: (name: string) => string | null): FeedSource[] {
  const sources: FeedSource[] = [];
  if (vendor.status_page) {
    const url = vendor.status_page.endsWith(".json")
      ? vendor.status_page
      : `${vendor.status_page.replace(/\/+$/, "")}/api/v2/incidents.json`;
    sources.push({ url, kind: "statuspage", vendor, headers: {} });
  }
  if (vendor.models_url) {
    const key = vendor.models_api_key_env ? secret(vendor.models_api_key_env) : null;
    sources.push({
      url: vendor.models_url,
      kind: "openai_models",
      vendor,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
  }
  if (vendor.litellm_url) sources.push({ url: vendor.litellm_url, kind: "litellm", vendor, headers: {} });
  return sources;
}
