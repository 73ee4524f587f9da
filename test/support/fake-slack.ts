import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { blockKitProblems, viewProblems } from "./block-kit-limits.ts";

export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  token: string | null;
  at: number;
}

export interface RecordedResponse {
  /** The response_url id the app posted to. */
  id: string;
  body: Record<string, any>;
}

export interface InjectedFailure {
  /** HTTP status to answer with (429 and 5xx), or 200 with `error`. */
  status?: number;
  error?: string;
  retryAfterSeconds?: number;
  /** Only calls whose `channel` argument matches. */
  channel?: string;
  times?: number;
}

export const FAKE_TEAM_ID = "T0FAKETEAM";
export const FAKE_BOT_USER_ID = "U0AIGOVBOT";
export const FAKE_BOT_ID = "B0AIGOVBOT";

/**
 * A Slack Web API on 127.0.0.1 that speaks the real wire format: form or
 * JSON bodies, a Bearer token, `{ok, error}` envelopes, 429 with
 * Retry-After. It records every call and every response_url post.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  private readonly events = new EventEmitter();
  private readonly failures = new Map<string, InjectedFailure[]>();
  /** Channel messages the app may read back (seeded, or posted by the app). */
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly delays = new Map<string, number>();
  private rateLimit: { perChannelIntervalMs: number; perMinute: number; burst: number } | null = null;
  private readonly channelLastPost = new Map<string, number>();
  private bucket = { tokens: 0, at: 0 };
  /** Where apps.connections.open sends Socket Mode clients. */
  socketModeUrl: string | null = null;
  /** 429s answered because of the rate limits. */
  rateLimited = 0;
  /** While true, every Web API call is answered 503, as in an outage of Slack. */
  outage = false;
  private server: Server | null = null;
  private sequence = 0;
  private nextResponseId = 1;
  private baseUrl = "";

  readonly botToken: string;

  constructor(botToken = "xoxb-fake-bot-token-for-tests") {
    this.botToken = botToken;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** What SLACK_API_URL points at. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A fresh response_url, as Slack puts in commands and actions. */
  newResponseUrl(): string {
    return `${this.baseUrl}/response/${this.nextResponseId++}`;
  }

  /** A message that exists in the workspace, e.g. one a user wrote before a shortcut. */
  seedMessage(channel: string, message: StoredMessage): void {
    const list = this.messages.get(channel) ?? [];
    list.push(message);
    this.messages.set(channel, list);
  }

  /** Messages in a channel, oldest first, thread replies included. */
  messagesIn(channel: string): StoredMessage[] {
    return [...(this.messages.get(channel) ?? [])];
  }

  /** Every channel that has messages. */
  channels(): string[] {
    return [...this.messages.keys()];
  }

  /**
   * Enforces Slack's posting limits on chat.postMessage: one message per
   * interval in a channel, and a workspace-wide rate with a small burst.
   */
  setRateLimits(limits: { perChannelIntervalMs: number; perMinute: number; burst: number }): void {
    this.rateLimit = limits;
    this.bucket = { tokens: limits.burst, at: Date.now() };
  }

  /** Accepts the call at once but answers only after `ms`: a window in which to kill the caller. */
  delayResponses(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  failNext(method: string, failure: InjectedFailure): void {
    const list = this.failures.get(method) ?? [];
    list.push({ times: 1, ...failure });
    this.failures.set(method, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves with the first call (already made or to come) that matches. */
  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    return this.waitFor(`call`, () => this.callsTo(method).find(predicate), timeoutMs, `a ${method} call`);
  }

  waitForResponse(
    predicate: (response: RecordedResponse) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedResponse> {
    return this.waitFor("response", () => this.responses.find(predicate), timeoutMs, "a response_url post");
  }

  private waitFor<T>(event: string, find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const existing = find();
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off(event, check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; calls so far: ${this.describeCalls()}`));
      }, timeoutMs);
      const check = () => {
        const found = find();
        if (found) {
          clearTimeout(timer);
          this.events.off(event, check);
          resolve(found);
        }
      };
      this.events.on(event, check);
    });
  }

  describeCalls(): string {
    return this.calls.map((call) => call.method).join(", ") || "none";
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", this.baseUrl);
    if (url.pathname.startsWith("/response/")) {
      const body = JSON.parse(raw) as Record<string, any>;
      this.responses.push({ id: url.pathname.slice("/response/".length), body });
      this.events.emit("response");
      return { status: 200, body: { ok: true } };
    }
    if (!url.pathname.startsWith("/api/")) return { status: 404, body: { ok: false, error: "not_found" } };
    const method = url.pathname.slice("/api/".length);
    const args = parseArgs(raw, req.headers["content-type"] ?? "");
    const token = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "") || (args.token as string) || null;
    const call: RecordedCall = { method, args, token, at: Date.now() };

    if (this.outage) return { status: 503, body: { ok: false, error: "service_unavailable" } };
    const failure = this.takeFailure(method, args);
    if (failure) {
      if (failure.status && failure.status !== 200) {
        const headers: Record<string, string> = {};
        if (failure.retryAfterSeconds !== undefined) headers["retry-after"] = String(failure.retryAfterSeconds);
        return { status: failure.status, body: { ok: false, error: failure.error ?? "ratelimited" }, headers };
      }
      return { status: 200, body: { ok: false, error: failure.error ?? "internal_error" } };
    }
    const appLevel = method === "apps.connections.open";
    if (appLevel ? !token?.startsWith("xapp-") : token !== this.botToken) {
      return { status: 200, body: { ok: false, error: "invalid_auth" } };
    }
    if (method === "chat.postMessage" && this.rateLimit) {
      const waitMs = this.rateLimitWait(String(args.channel));
      if (waitMs > 0) {
        this.rateLimited++;
        return {
          status: 429,
          body: { ok: false, error: "ratelimited" },
          headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) },
        };
      }
    }
    const result = this.answer(method, args);
    if (result.ok) {
      this.calls.push(call);
      this.events.emit("call");
    }
    const delay = this.delays.get(method);
    // Unreferenced: a test may end, and its process exit, while a response is still held back.
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay).unref());
    return { status: 200, body: result };
  }

  /** 0 when a post may go now; else how long until the limits allow it. */
  private rateLimitWait(channel: string): number {
    const limits = this.rateLimit;
    if (!limits) return 0;
    const now = Date.now();
    const last = this.channelLastPost.get(channel);
    if (last !== undefined && now - last < limits.perChannelIntervalMs)
      return limits.perChannelIntervalMs - (now - last);
    const perMs = limits.perMinute / 60_000;
    this.bucket.tokens = Math.min(limits.burst, this.bucket.tokens + (now - this.bucket.at) * perMs);
    this.bucket.at = now;
    if (this.bucket.tokens < 1) return (1 - this.bucket.tokens) / perMs;
    this.bucket.tokens -= 1;
    this.channelLastPost.set(channel, now);
    return 0;
  }

  private takeFailure(method: string, args: Record<string, any>): InjectedFailure | null {
    const list = this.failures.get(method);
    const index = list?.findIndex((failure) => !failure.channel || failure.channel === args.channel) ?? -1;
    if (!list || index < 0) return null;
    const failure = list[index] as InjectedFailure;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) list.splice(index, 1);
    return failure;
  }

  private answer(method: string, args: Record<string, any>): Record<string, any> {
    // Like Slack's: the epoch second the message arrived, then a unique suffix.
    const ts = () => `${Math.floor(Date.now() / 1000)}.${String(++this.sequence % 1_000_000).padStart(6, "0")}`;
    switch (method) {
      case "apps.connections.open":
        return this.socketModeUrl
          ? { ok: true, url: this.socketModeUrl }
          : { ok: false, error: "not_allowed_token_type" };
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake Team",
          user: "aigov",
          team_id: FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
        };
      case "chat.postMessage":
      case "chat.postEphemeral":
      case "chat.update": {
        if (!args.channel) return { ok: false, error: "channel_not_found" };
        if (!args.text && !args.blocks) return { ok: false, error: "no_text" };
        if (method === "chat.update" && !args.ts) return { ok: false, error: "message_not_found" };
        if (method === "chat.postEphemeral" && !args.user) return { ok: false, error: "user_not_in_channel" };
        const problems = args.blocks ? blockKitProblems(args.blocks, "message") : [];
        if (problems.length > 0) return { ok: false, error: "invalid_blocks", errors: problems };
        if (method === "chat.postEphemeral") return { ok: true, message_ts: ts() };
        const messageTs = method === "chat.update" ? args.ts : ts();
        if (method === "chat.postMessage") {
          this.seedMessage(args.channel, {
            ts: messageTs,
            text: args.text ?? "",
            user: FAKE_BOT_USER_ID,
            ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
            ...(args.blocks ? { blocks: args.blocks } : {}),
            ...(args.metadata ? { metadata: args.metadata } : {}),
          });
        }
        if (method === "chat.update") {
          const stored = (this.messages.get(args.channel) ?? []).find((m) => m.ts === args.ts);
          if (!stored) return { ok: false, error: "message_not_found" };
          stored.text = args.text ?? stored.text;
          if (args.blocks) stored.blocks = args.blocks;
        }
        return { ok: true, channel: args.channel, ts: messageTs, message: { text: args.text, ts: messageTs } };
      }
      case "views.open":
      case "views.update":
      case "views.push":
      case "views.publish": {
        const problems = viewProblems(args.view);
        if (problems.length > 0)
          return { ok: false, error: "invalid_arguments", response_metadata: { messages: problems } };
        return { ok: true, view: { id: `V0VIEW${++this.sequence}`, ...args.view } };
      }
      case "conversations.replies": {
        const found = (this.messages.get(args.channel) ?? []).filter(
          (m) => m.ts === args.ts || m.thread_ts === args.ts,
        );
        if (found.length === 0) return { ok: false, error: "thread_not_found" };
        return { ok: true, messages: withMetadata(found, args).slice(0, Number(args.limit ?? 100)), has_more: false };
      }
      case "conversations.history": {
        const found = (this.messages.get(args.channel) ?? [])
          .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
          .filter((m) => !args.oldest || Number(m.ts) >= Number(args.oldest))
          .reverse();
        return { ok: true, messages: withMetadata(found, args).slice(0, Number(args.limit ?? 100)), has_more: false };
      }
      case "conversations.info":
        return {
          ok: true,
          channel: { id: args.channel, name: `channel-${String(args.channel).toLowerCase()}`, is_member: true },
        };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users).replace(/^[UW]/, "")}` } };
      case "users.info":
        return {
          ok: true,
          user: {
            id: args.user,
            name: `user-${args.user}`,
            real_name: `User ${args.user}`,
            tz: "Europe/Paris",
            tz_offset: 3600,
          },
        };
      case "chat.getPermalink":
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://fake.slack.com/archives/${args.channel}/p${String(args.message_ts).replace(".", "")}`,
        };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }
}

export interface StoredMessage {
  ts: string;
  text: string;
  user: string;
  thread_ts?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** Slack returns message metadata only when asked with include_all_metadata. */
function withMetadata(messages: StoredMessage[], args: Record<string, any>): StoredMessage[] {
  const include = args.include_all_metadata === true || args.include_all_metadata === "true";
  return messages.map(({ metadata, ...rest }) => (include && metadata ? { ...rest, metadata } : rest));
}

export async function startFakeSlack(botToken?: string): Promise<FakeSlack> {
  return new FakeSlack(botToken).start();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The Web API takes form bodies whose object values are JSON text, or JSON. */
function parseArgs(raw: string, contentType: string): Record<string, any> {
  if (raw === "") return {};
  if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, any>;
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
