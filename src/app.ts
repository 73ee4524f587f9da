import { createServer, type Server } from "node:http";
import { type App, HTTPReceiver, type LogLevel, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { Logger as BoltLogger } from "@slack/logger";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { SlackMode } from "./config.ts";
import type { Deps } from "./deps.ts";
import { AppError, messageOf } from "./errors.ts";
import { answerSubcommands, registerAnswerListeners } from "./features/answers/listeners.ts";
import { createHelpSubcommand } from "./features/help/listeners.ts";
import { registerHomeListeners } from "./features/home/listeners.ts";
import { incidentSubcommands, registerIncidentListeners } from "./features/incidents/listeners.ts";
import { noticeSubcommands, registerNoticeListeners } from "./features/notices/listeners.ts";
import { routeRequests } from "./ops/http-router.ts";
import { opsRoutes } from "./ops/ops-routes.ts";
import { createProbes } from "./ops/probes.ts";
import { createAckTiming } from "./slack/ack-timing.ts";
import { registerAigovCommand, type Subcommand } from "./slack/aigov-command.ts";
import { slackClientOptions } from "./slack/client-options.ts";
import { dedupeEvents } from "./slack/event-dedupe.ts";
import { guardSlackRequests } from "./slack/request-guard.ts";
import { RequestContextApp } from "./slack/request-log-context.ts";
import { createValueSealer } from "./slack/signed-values.ts";
import { createRegistrar, emptySurface, type SlackSurface } from "./slack/slack-surface.ts";

export interface SlackApp {
  app: App;
  surface: SlackSurface;
  /** Starts listening; resolves to the HTTP port actually bound (in Socket Mode, for probes and metrics). */
  start(): Promise<{ port: number }>;
  /** Readiness fails from now on, ahead of stop(). */
  startDraining(): void;
  stop(): Promise<void>;
}

const EVENTS_PATH = "/slack/events";
/** Slack's largest payloads (modal submissions) are tens of kilobytes. */
const MAX_BODY_BYTES = 512 * 1024;
/**
 * Unsigned bodies held in memory at once: up to 256 small ones (64 KB) for a
 * quarter second each, and 32 slower or larger ones: at most 32 MB.
 */
const QUICK_LANE = { maxBodies: 256, maxBodyBytes: 64 * 1024, windowMs: 250 };
const MAX_SLOW_BODIES = 32;
/** Slack sends a request in one go; Node's own default allows a stranger 300 s. */
const REQUEST_TIMEOUT_MS = 10_000;
const BODY_TIMEOUT_MS = 5_000;
/** How long a stop lets requests already being received finish before cutting their connections. */
const HTTP_CLOSE_GRACE_MS = 3_000;

/**
 * Builds the Bolt app around the given dependencies. It knows nothing of
 * tests: they differ only in the URLs and tokens inside `deps.config`.
 */
export async function createSlackApp(deps: Deps, mode: SlackMode): Promise<SlackApp> {
  const { config, logger } = deps;
  const boltLogger = logger as unknown as BoltLogger;
  const clientOptions = slackClientOptions(config, deps.egress);

  const identity = await verifyBotToken(mode.botToken, clientOptions);
  let httpServer: Server | null = null;
  const ackTiming = createAckTiming(deps.metrics.acknowledged);
  // Probes must answer quickly and often: no retries, a short timeout, and the result cached.
  const probeClient = new WebClient(mode.botToken, { ...clientOptions, retryConfig: { retries: 0 }, timeout: 2000 });
  const probes = createProbes({
    db: deps.db,
    databaseFile:
      config.database.kind === "sqlite" && config.database.path !== ":memory:" ? config.database.path : null,
    authTest: () => probeClient.auth.test().then((result) => result.ok === true),
    now: deps.now,
    logger,
  });

  const receiver: Receiver =
    mode.kind === "http"
      ? new HTTPReceiver({
          signingSecret: mode.signingSecret,
          endpoints: EVENTS_PATH,
          logger: boltLogger,
          customPropertiesExtractor: (req) => ackTiming.arrivalOf(req),
        })
      : new SocketModeReceiver({
          appToken: mode.appToken,
          // The WebSocket's way through the proxy; its Web API calls use clientOptions' fetch.
          ...(deps.egress.dispatcher ? { dispatcher: deps.egress.dispatcher } : {}),
          logger: boltLogger,
          installerOptions: { clientOptions },
        });

  const app = new RequestContextApp({
    token: mode.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver,
    logger: boltLogger,
    logLevel: config.logLevel as LogLevel,
    clientOptions,
    // Nothing reads Bolt's conversation store; it would cost every request a lookup and keep state in memory.
    convoStore: false,
    prepareEvent: (event) => ackTiming.timed(event),
  });

  // Counted from the first middleware, which Bolt runs straight after acking an event: a stop then waits
  // for everything it has acknowledged, and /healthz shows it.
  app.use(async ({ next }) => {
    const finished = deps.followUps.begin();
    try {
      await next();
    } finally {
      finished();
    }
  });
  app.use(dedupeEvents(deps.db, logger, deps.now));
  app.error(async (error) => {
    logger.error("unhandled Slack listener error", error);
  });

  const surface = emptySurface();
  // Last: the registrar's router ends the middleware chain for every request it routes.
  const registrar = createRegistrar(app, surface);
  const sealer = createValueSealer(mode.botToken);
  registerAnswerListeners(registrar, deps, sealer);
  registerIncidentListeners(registrar, deps, sealer);
  registerNoticeListeners(registrar, deps);
  registerHomeListeners(registrar, deps);
  const subcommands: Subcommand[] = [
    ...answerSubcommands(deps, sealer),
    ...incidentSubcommands(deps, sealer),
    ...noticeSubcommands(deps),
  ];
  const help = createHelpSubcommand(subcommands);
  registerAigovCommand(registrar, deps, [help.subcommand, ...subcommands], help.fallback);

  const routes = opsRoutes({
    probes,
    registry: deps.metrics.registry,
    mode: mode.kind,
    followUps: () => deps.followUps.stats(),
  });
  if (mode.kind === "http") {
    const slackEvents = guardSlackRequests((receiver as HTTPReceiver).requestListener, {
      path: EVENTS_PATH,
      maxBodyBytes: MAX_BODY_BYTES,
      maxSkewSeconds: 5 * 60,
      quickLane: QUICK_LANE,
      maxSlowBodies: MAX_SLOW_BODIES,
      bodyTimeoutMs: BODY_TIMEOUT_MS,
    });
    routes.push({
      path: EVENTS_PATH,
      methods: ["POST"],
      handle(req, res) {
        ackTiming.received(req);
        slackEvents(req, res);
      },
    });
  }

  return {
    app,
    surface,
    async start() {
      // Slack's requests (over HTTP), probes and metrics share one server; in Socket Mode it serves the latter only.
      const server = createServer(
        {
          headersTimeout: REQUEST_TIMEOUT_MS,
          requestTimeout: REQUEST_TIMEOUT_MS,
          // How often Node enforces the two timeouts above (30 s by default).
          connectionsCheckingInterval: 1_000,
        },
        routeRequests(routes, logger),
      );
      httpServer = server;
      await new Promise<void>((resolve, reject) => {
        server.once("error", (error) => reject(portError(error, config.port)));
        server.listen(config.port, () => resolve());
      });
      if (mode.kind === "socket") await app.start();
      const address = server.address();
      return { port: typeof address === "object" && address ? address.port : config.port };
    },
    startDraining: () => probes.startDraining(),
    async stop() {
      if (mode.kind === "socket") await app.stop();
      const server = httpServer;
      if (!server) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A client holding a request open (a slow body, a half-sent header) would otherwise hold the stop.
      const linger = setTimeout(() => server.closeAllConnections(), HTTP_CLOSE_GRACE_MS);
      await closed;
      clearTimeout(linger);
    },
  };
}

/** Fails start-up with a clear message when Slack rejects the bot token. */
async function verifyBotToken(
  token: string,
  clientOptions: WebClientOptions,
): Promise<{ botId: string; botUserId: string }> {
  try {
    const result = await new WebClient(token, clientOptions).auth.test();
    return { botId: String(result.bot_id), botUserId: String(result.user_id) };
  } catch (error) {
    const rejection = (error as { data?: { error?: string } }).data?.error;
    throw new AppError(
      "slack_auth_failed",
      rejection
        ? `Slack rejected SLACK_BOT_TOKEN (${rejection}). Check the token on your app's "OAuth & Permissions" page.`
        : `Could not reach Slack${clientOptions.slackApiUrl ? ` at ${clientOptions.slackApiUrl}` : ""}: ${messageOf(error)}`,
    );
  }
}

/** A port someone else holds, or one this user may not bind, is a setting to change: said in one line. */
function portError(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    return new AppError(
      "port_unavailable",
      `PORT ${port} is already in use; stop what holds it or set PORT to a free port.`,
    );
  }
  if (code === "EACCES") {
    return new AppError(
      "port_unavailable",
      `PORT ${port} needs privileges this user does not have; use a port above 1023.`,
    );
  }
  return error;
}
