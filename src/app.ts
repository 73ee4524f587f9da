import { createServer, type Server, type ServerResponse } from "node:http";
import { App, HTTPReceiver, type LogLevel, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { Logger as BoltLogger } from "@slack/logger";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import { sql } from "kysely";
import type { SlackMode } from "./config.ts";
import type { Deps } from "./deps.ts";
import { AppError } from "./errors.ts";
import { answerSubcommands, registerAnswerListeners } from "./features/answers/listeners.ts";
import { createHelpSubcommand } from "./features/help/listeners.ts";
import { registerHomeListeners } from "./features/home/listeners.ts";
import { incidentSubcommands, registerIncidentListeners } from "./features/incidents/listeners.ts";
import { noticeSubcommands, registerNoticeListeners } from "./features/notices/listeners.ts";
import { registerAigovCommand, type Subcommand } from "./slack/aigov-command.ts";
import { dedupeEvents } from "./slack/event-dedupe.ts";
import { guardSlackRequests } from "./slack/request-guard.ts";
import { createRegistrar, emptySurface, type SlackSurface } from "./slack/slack-surface.ts";

export interface SlackApp {
  app: App;
  surface: SlackSurface;
  /** Starts listening; in HTTP mode resolves to the port actually bound. */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

const EVENTS_PATH = "/slack/events";
/** Slack's largest payloads (modal submissions) are tens of kilobytes. */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * Builds the Bolt app around the given dependencies. It knows nothing of
 * tests: they differ only in the URLs and tokens inside `deps.config`.
 */
export async function createSlackApp(deps: Deps, mode: SlackMode): Promise<SlackApp> {
  const { config, logger } = deps;
  const boltLogger = logger as unknown as BoltLogger;
  const clientOptions: WebClientOptions = {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    // Also what Bolt's respond() posts to response_urls with.
    fetch: deps.egress.fetch,
    // A listener should fail fast and tell the user, not wait minutes on retries.
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  };

  const identity = await verifyBotToken(mode.botToken, clientOptions);
  let httpServer: Server | null = null;
  let slackHealthy: { ok: boolean; checkedAt: number } = { ok: false, checkedAt: 0 };
  const healthRoute = {
    path: "/healthz",
    method: ["GET"],
    handler: (_req: unknown, res: ServerResponse) => {
      void reportHealth(res);
    },
  };

  const receiver: Receiver =
    mode.kind === "http"
      ? new HTTPReceiver({
          signingSecret: mode.signingSecret,
          endpoints: EVENTS_PATH,
          customRoutes: [healthRoute],
          logger: boltLogger,
        })
      : new SocketModeReceiver({
          appToken: mode.appToken,
          // The WebSocket's way through the proxy; its Web API calls use clientOptions' fetch.
          ...(deps.egress.dispatcher ? { dispatcher: deps.egress.dispatcher } : {}),
          customRoutes: [healthRoute],
          logger: boltLogger,
          installerOptions: { port: config.port, clientOptions },
        });

  const app = new App({
    token: mode.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver,
    logger: boltLogger,
    logLevel: config.logLevel as LogLevel,
    clientOptions,
    // Nothing reads Bolt's conversation store; it would cost every request a lookup and keep state in memory.
    convoStore: false,
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
  registerAnswerListeners(registrar, deps);
  registerIncidentListeners(registrar, deps);
  registerNoticeListeners(registrar, deps);
  registerHomeListeners(registrar, deps);
  const subcommands: Subcommand[] = [
    ...answerSubcommands(deps),
    ...incidentSubcommands(deps),
    ...noticeSubcommands(deps),
  ];
  const help = createHelpSubcommand(subcommands);
  registerAigovCommand(registrar, deps, [help.subcommand, ...subcommands], help.fallback);

  async function reportHealth(res: ServerResponse): Promise<void> {
    const database = await sql`select 1`
      .execute(deps.db)
      .then(() => "ok")
      .catch(() => "unavailable");
    const slack = await checkSlack();
    const healthy = database === "ok" && slack === "ok";
    res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        status: healthy ? "ok" : "degraded",
        database,
        slack,
        mode: mode.kind,
        followUps: deps.followUps.stats(),
      }),
    );
  }

  /** auth.test at most every 30 s, so health probes cannot hit Slack's rate limits. */
  async function checkSlack(): Promise<string> {
    if (Date.now() - slackHealthy.checkedAt > 30_000) {
      const ok = await app.client.auth
        .test()
        .then((result) => result.ok === true)
        .catch(() => false);
      slackHealthy = { ok, checkedAt: Date.now() };
    }
    return slackHealthy.ok ? "ok" : "unreachable";
  }

  return {
    app,
    surface,
    async start() {
      if (mode.kind === "http") {
        const listener = guardSlackRequests((receiver as HTTPReceiver).requestListener, {
          path: EVENTS_PATH,
          maxBodyBytes: MAX_BODY_BYTES,
          maxSkewSeconds: 5 * 60,
        });
        httpServer = createServer(listener);
        await new Promise<void>((resolve, reject) => {
          httpServer?.once("error", (error) => reject(portError(error, config.port)));
          httpServer?.listen(config.port, () => resolve());
        });
        const address = httpServer.address();
        return { port: typeof address === "object" && address ? address.port : config.port };
      }
      // Socket Mode serves /healthz on PORT too.
      await app.start().catch((error: unknown) => {
        throw portError(error, config.port);
      });
      return { port: null };
    },
    async stop() {
      if (mode.kind === "socket") {
        await app.stop();
        return;
      }
      const server = httpServer;
      if (!server) return;
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
        : `Could not reach Slack${clientOptions.slackApiUrl ? ` at ${clientOptions.slackApiUrl}` : ""}: ${(error as Error).message}`,
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
