import type { Dispatcher } from "undici";
import type { Config } from "./config.ts";
import type { Db } from "./db/connection.ts";
import type { AnswerService } from "./features/answers/answer-service.ts";
import type { FeedService } from "./features/feeds/feed-service.ts";
import type { IncidentService } from "./features/incidents/incident-service.ts";
import type { NoticeService } from "./features/notices/notice-service.ts";
import type { PolicyService } from "./features/policy/policy-service.ts";
import type { RegistryService } from "./features/registry/registry-service.ts";
import type { RetentionService } from "./features/retention/retention-service.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { FollowUpScheduler } from "./slack/follow-up-scheduler.ts";

/** The one way out to the network, through the proxy when one is set. */
export interface Egress {
  /** For every HTTP call: Slack's Web API and response_urls, status pages and model lists, LLM providers. */
  fetch: typeof globalThis.fetch;
  /** The proxy agent, for what takes a dispatcher rather than a fetch (Socket Mode's WebSocket); null when direct. */
  dispatcher: Dispatcher | null;
}

/** Everything the adapters (Slack listeners, CLI) need, built once in main.ts. */
export interface Deps {
  config: Config;
  egress: Egress;
  db: Db;
  logger: Logger;
  now: () => Date;
  /** Prometheus metrics, served at /metrics. */
  metrics: Metrics;
  registry: RegistryService;
  answers: AnswerService;
  incidents: IncidentService;
  notices: NoticeService;
  feeds: FeedService;
  policy: PolicyService;
  retention: RetentionService;
  /** Puts Slack acknowledgements ahead of listeners' follow-up work. */
  followUps: FollowUpScheduler;
}
