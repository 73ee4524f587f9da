import type { Config } from "../../config.ts";
import type { Db } from "../../db/connection.ts";
import type { Egress } from "../../deps.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import type { RegistryService } from "../registry/registry-service.ts";
import { createFeedFetch, createFeedPoller, type FeedPoller } from "./feed-poller.ts";
import type { MatchModels } from "./feed-source.ts";
import { createRetirementSync } from "./retirement-sync.ts";
import { createStatusPageSync } from "./status-page-sync.ts";

export { USER_AGENT } from "./feed-poller.ts";
export type { FeedFinding, FeedKind } from "./feed-source.ts";

/** The feed watch as the rest of the app sees it: the poller, feeding the status-page and retirement syncs. */
export type FeedService = FeedPoller;

/**
 * Watches vendors' status pages and model lists. A bad feed is logged and
 * retried with backoff and never creates an incident.
 */
export function createFeedService(deps: {
  db: Db;
  egress: Pick<Egress, "fetch">;
  now: () => Date;
  logger: Logger;
  registry: RegistryService;
  incidents: IncidentService;
  pollIntervalMs: number;
  metrics: Pick<Metrics, "feedPolled">;
  /** Where a secret the registry names (`models_api_key_env`) is looked up. */
  config: Config;
  /** Per request; a slow feed counts as a failed poll. */
  timeoutMs?: number;
  /** Bodies larger than this are refused unread. */
  maxBodyBytes?: number;
}): FeedService {
  const { registry } = deps;
  const matchModels: MatchModels = async (vendor, current, text) => {
    const { modelIds, namesOtherModels } = (await registry.catalog()).recognize(text);
    const ofVendor = new Set(current.models.filter((m) => m.vendor === vendor.id).map((m) => m.id));
    return { models: modelIds.filter((id) => ofVendor.has(id)), namesOtherModels };
  };
  const fetchOnce = createFeedFetch(deps);
  const statusPages = createStatusPageSync({
    ...deps,
    matchModels,
    fetchOnce: (url, headers) => fetchOnce(url, { headers }),
  });
  const retirements = createRetirementSync({ ...deps, matchModels });
  return createFeedPoller({
    ...deps,
    fetchOnce,
    apply: (source, state, json, current, finding) =>
      source.kind === "statuspage"
        ? statusPages.apply(source, state, json, current, finding)
        : retirements.apply(source, json, current, finding),
  });
}
