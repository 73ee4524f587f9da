import { WebClient } from "@slack/web-api";
import { createSlackApp, type SlackApp } from "./app.ts";
import { type Config, databaseSecrets, requireSlackMode } from "./config.ts";
import { openDatabase } from "./db/connection.ts";
import { migrateToLatest } from "./db/migrate.ts";
import type { Deps, Egress } from "./deps.ts";
import { AppError } from "./errors.ts";
import { createAnswerService } from "./features/answers/answer-service.ts";
import { runFeedRound } from "./features/feeds/feed-job.ts";
import { createFeedService } from "./features/feeds/feed-service.ts";
import { createIncidentService } from "./features/incidents/incident-service.ts";
import { createSlackCardPublisher } from "./features/incidents/slack-card-publisher.ts";
import {
  createNoticeDispatcher,
  type DispatchLimits,
  type DispatchOutcome,
  type DispatchTimers,
  type NoticeDispatcher,
} from "./features/notices/notice-dispatcher.ts";
import { createNoticeService } from "./features/notices/notice-service.ts";
import { createSlackNoticeOffers } from "./features/notices/slack-notice-offers.ts";
import { createSlackNoticeSender } from "./features/notices/slack-notice-sender.ts";
import { createPolicyService } from "./features/policy/policy-service.ts";
import { importRegistryFileIfChanged } from "./features/registry/registry-files.ts";
import { createRegistryService } from "./features/registry/registry-service.ts";
import { createRetentionService } from "./features/retention/retention-service.ts";
import { createChatProvider } from "./llm/chat-provider.ts";
import { createLogger } from "./logger.ts";
import { createMetrics, type DeliveryOutcome } from "./metrics.ts";
import { slackClientOptions } from "./slack/client-options.ts";
import { createFollowUpScheduler } from "./slack/follow-up-scheduler.ts";
import { forgetSlackEventsBefore } from "./slack/slack-events-repository.ts";

export interface DepsOptions {
  /** Where log lines go; stderr by default. */
  writeLog?: (line: string) => void;
  now?: () => Date;
}

/**
 * The composition root: the only place that constructs dependencies. The
 * CLI and the Slack app both start from here.
 */
export async function openDeps(config: Config, options: DepsOptions = {}): Promise<Deps> {
  const logger = createLogger({
    level: config.logLevel,
    secrets: [
      config.slack.botToken,
      config.slack.appToken,
      config.slack.signingSecret,
      ...config.llm.providers.map((provider) => provider.apiKey),
      // A proxy URL may carry a user and password.
      config.proxy.httpProxy,
      config.proxy.httpsProxy,
      ...databaseSecrets(config.database),
    ],
    ...(options.writeLog ? { write: options.writeLog } : {}),
  });
  const now = options.now ?? (() => new Date());
  const egress = await createEgress(config);
  const db = await openDatabase(config.database);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info(`applied migrations: ${applied.join(", ")}`);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // Read at each scrape only, by which time every service below exists.
  const metrics = createMetrics({
    followUps: () => followUps.stats(),
    noticeOutbox: () => notices.outboxSizes(),
    incidentsByStatus: () => incidents.countByStatus(),
    feedBackoff: () => feeds.backoff(),
  });
  // The services' Slack ports post with it; without a bot token only what actually posts fails, so the CLI works without one.
  const slackClient = config.slack.botToken
    ? new WebClient(config.slack.botToken, { ...slackClientOptions(config, egress), logger: logger as never })
    : null;
  const slack = () => {
    if (!slackClient) {
      throw new AppError(
        "slack_credentials_missing",
        "Posting to Slack needs SLACK_BOT_TOKEN (and SLACK_API_URL for a proxy).",
      );
    }
    return slackClient;
  };
  const registry = createRegistryService({ db, now });
  const policy = createPolicyService({ db, now });
  const incidents = createIncidentService({ db, now, registry, cards: createSlackCardPublisher(slack, logger) });
  const answers = createAnswerService({
    db,
    registry,
    now,
    incidents,
    policy,
    logger,
    metrics,
    llm: {
      providers: config.llm.providers.map((provider) =>
        createChatProvider(provider, config.llm.timeoutMs, egress.fetch),
      ),
      cooldownMs: config.llm.cooldownMs,
    },
  });
  const notices = createNoticeService({
    db,
    now,
    registry,
    incidents,
    offers: createSlackNoticeOffers(slack),
    settings: config.notices,
  });
  // Posted notices follow every status change, whoever made it.
  incidents.onStatusChange((incident) => notices.incidentChanged(incident.id));
  const feeds = createFeedService({
    db,
    egress,
    now,
    logger,
    registry,
    incidents,
    metrics,
    pollIntervalMs: config.feedsPollMs > 0 ? config.feedsPollMs : DEFAULT_FEED_INTERVAL_MS,
    config,
  });
  const followUps = createFollowUpScheduler({
    onBacklog: (waiting) =>
      logger.warn(`${waiting} acknowledged requests are waiting for their follow-up work; answers are running late`),
  });
  const retention = createRetentionService({
    db,
    now,
    settings: config.retention,
    forgetSlackEvents: (cutoff, limit) => forgetSlackEventsBefore(db, cutoff, limit),
  });
  return {
    config,
    egress,
    db,
    logger,
    now,
    metrics,
    registry,
    answers,
    incidents,
    notices,
    feeds,
    policy,
    retention,
    followUps,
  };
}

/**
 * One proxy agent for every outbound call, handed to each client rather than
 * installed as the global dispatcher, so nothing depends on import order.
 */
async function createEgress(config: Config): Promise<Egress> {
  const { httpProxy, httpsProxy, noProxy } = config.proxy;
  if (!httpProxy && !httpsProxy) return { fetch: globalThis.fetch, dispatcher: null };
  // Loaded only behind a proxy: without one the bot need not hold a second copy of undici (about 6 MB of heap).
  const { EnvHttpProxyAgent, fetch: undiciFetch } = await import("undici");
  // Every value given (empty meaning none): the agent would otherwise read process.env itself.
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: httpProxy ?? "",
    httpsProxy: httpsProxy ?? "",
    noProxy: noProxy ?? "",
  });
  // undici's own fetch, not Node's: an agent is only sure to fit the fetch of its own undici version
  // (Node 22 bundles undici 6). Its requests and responses are the same WHATWG ones.
  const proxied = (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher });
  return { fetch: proxied as unknown as typeof globalThis.fetch, dispatcher };
}

/**
 * The notice dispatcher, on its own Web API client that neither retries nor
 * waits on rate limits by itself: the dispatcher paces and retries.
 */
export function createDispatcher(
  deps: Deps,
  options: {
    onOutcome?: (outcome: DispatchOutcome) => void;
    limits?: Partial<DispatchLimits>;
    timers?: DispatchTimers;
  } = {},
): NoticeDispatcher {
  const token = deps.config.slack.botToken;
  if (!token) {
    throw new AppError(
      "slack_credentials_missing",
      "Sending notices needs SLACK_BOT_TOKEN (and SLACK_API_URL for a proxy).",
    );
  }
  const client = new WebClient(token, {
    ...(deps.config.slack.apiUrl ? { slackApiUrl: deps.config.slack.apiUrl } : {}),
    fetch: deps.egress.fetch,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    // Well under the lease, so a hung call never outlives its claim.
    timeout: Math.min(10_000, deps.config.notices.leaseMs / 2),
    logger: deps.logger as never,
  });
  return createNoticeDispatcher({
    db: deps.db,
    notices: deps.notices,
    sender: createSlackNoticeSender(client),
    now: deps.now,
    ...(options.timers ? { timers: options.timers } : {}),
    logger: deps.logger,
    limits: {
      maxPerMinute: deps.config.notices.maxPerMinute,
      leaseMs: deps.config.notices.leaseMs,
      ...options.limits,
    },
    onOutcome: (outcome) => {
      deps.metrics.noticeDelivery(DELIVERY_OUTCOMES[outcome.result]);
      options.onOutcome?.(outcome);
    },
  });
}

const DELIVERY_OUTCOMES: Record<DispatchOutcome["result"], DeliveryOutcome> = {
  sent: "sent",
  reconciled: "reconciled",
  retrying: "retried",
  rate_limited: "rate_limited",
  failed: "failed",
  lease_lost: "lease_lost",
};

const RETIREMENT_CHECK_MS = 6 * 60 * 60 * 1000;
/** The prune runs at night (UTC), when the fewest people ask. */
const PRUNE_HOUR_UTC = 3;
const DEFAULT_FEED_INTERVAL_MS = 5 * 60_000;
/** How long a stop waits for acknowledged work; orchestrators allow about 30 s before SIGKILL. */
const FOLLOW_UP_GRACE_MS = 10_000;
/** Each feed keeps its own next-poll time; the loop only looks for due ones this often. */
const FEED_TICK_MS = 30_000;

export interface RunningAigov {
  deps: Deps;
  slack: SlackApp;
  /** The HTTP port bound: Slack's requests in HTTP mode, probes and metrics in both modes. */
  port: number;
  stop(): Promise<void>;
}

/** Starts the bot: checks Slack settings, migrates, imports the registry file, listens. */
export async function startAigov(config: Config, options: DepsOptions = {}): Promise<RunningAigov> {
  const mode = requireSlackMode(config);
  const deps = await openDeps(config, options);
  try {
    if (config.registryPath) {
      const path = config.registryPath;
      const summary = await importRegistryFileIfChanged(deps.registry, path, `startup:${path}`);
      deps.logger.info(
        summary
          ? `registry ${path}: ${summary.added.length} added, ${summary.changed.length} changed, ${summary.removed.length} removed`
          : `registry ${path}: unchanged since its last import, not read again`,
      );
    }
    const slack = await createSlackApp(deps, mode);
    const { port } = await slack.start();
    const dispatcher = createDispatcher(deps);
    dispatcher.start();
    const checkRetirements = () =>
      deps.notices
        .queueRetirementReminders()
        .catch((error: unknown) => deps.logger.error("retirement check failed", error));
    await checkRetirements();
    const retirementTimer = setInterval(checkRetirements, RETIREMENT_CHECK_MS);
    let feedRound: Promise<unknown> | null = null;
    // A stop cuts a round short: its fetches are aborted and what is left waits for the next start.
    const stopFeeds = new AbortController();
    // One round at a time: an overlapping round would post the same card twice.
    const watchFeeds = () => {
      if (feedRound) return;
      feedRound = runFeedRound(deps, stopFeeds.signal)
        .catch((error: unknown) => deps.logger.error("feed round failed", error))
        .finally(() => {
          feedRound = null;
        });
    };
    let pruning: Promise<unknown> | null = null;
    let pruneTimer: NodeJS.Timeout;
    const schedulePrune = () => {
      pruneTimer = setTimeout(
        () => {
          pruning = deps.retention
            .prune()
            .then((pruned) =>
              deps.logger.info(`pruned ${pruned.qaLog} qa_log rows, ${pruned.slackEvents} Slack event claims`),
            )
            .catch((error: unknown) => deps.logger.error("prune failed", error))
            .finally(schedulePrune);
        },
        msUntilHourUtc(PRUNE_HOUR_UTC, deps.now()),
      );
    };
    schedulePrune();
    const feedTimer =
      config.feedsPollMs > 0 ? setInterval(watchFeeds, Math.min(FEED_TICK_MS, config.feedsPollMs)) : null;
    const firstFeedRound = feedTimer ? setTimeout(watchFeeds, 1000) : null;
    deps.logger.info(
      mode.kind === "http"
        ? `aigov listening on port ${port} (HTTP mode)`
        : `aigov connected (Socket Mode); probes and metrics on port ${port}`,
    );
    return {
      deps,
      slack,
      port,
      async stop() {
        slack.startDraining();
        const deadline = Date.now() + FOLLOW_UP_GRACE_MS;
        clearInterval(retirementTimer);
        clearTimeout(pruneTimer);
        if (feedTimer) clearInterval(feedTimer);
        if (firstFeedRound) clearTimeout(firstFeedRound);
        stopFeeds.abort();
        await slack.stop();
        // Answers and cards already acknowledged still reach their users.
        if (!(await deps.followUps.settle(FOLLOW_UP_GRACE_MS))) {
          deps.logger.warn(`stopping with follow-up work unfinished: ${JSON.stringify(deps.followUps.stats())}`);
        }
        if (feedRound && !(await settlesWithin(feedRound, deadline - Date.now()))) {
          deps.logger.warn("stopping with a feed round unfinished; the next start picks it up");
        }
        await dispatcher.stop();
        // Its batches are short: the one under way finishes, and the next start's prune does the rest.
        if (pruning) await pruning;
        clearTimeout(pruneTimer);
        await deps.db.destroy();
      },
    };
  } catch (error) {
    await deps.db.destroy();
    throw error;
  }
}

/** How long from `now` until the next time the UTC clock shows `hour`:00. */
function msUntilHourUtc(hour: number, now: Date): number {
  const next = new Date(now);
  next.setUTCHours(hour, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

/** Whether the promise settles within ms (never rejects). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
