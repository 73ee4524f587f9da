import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { NOTICE_EVENT_TYPE } from "./notice-blocks.ts";

/** How a send failed, as far as retrying goes. */
export type SendFailure =
  | { kind: "rate_limited"; retryAfterMs: number }
  | { kind: "permanent"; error: string }
  | { kind: "transient"; error: string };

export class SendError extends Error {
  readonly failure: SendFailure;

  constructor(failure: SendFailure) {
    super("error" in failure ? failure.error : `rate limited for ${failure.retryAfterMs} ms`);
    this.failure = failure;
  }
}

/**
 * What identifies a delivery in Slack's message metadata: its id and when it
 * was queued, so another database's delivery with the same id never matches.
 */
export interface DeliveryMark {
  id: number;
  queuedAt: string;
}

/** The Slack calls the dispatcher makes, so its pacing and retry rules can be tested alone. */
export interface NoticeSender {
  post(message: {
    channel: string;
    text: string;
    blocks: KnownBlock[];
    threadTs: string | null;
    delivery: DeliveryMark;
  }): Promise<{ channel: string; ts: string }>;
  update(message: { channel: string; ts: string; text: string; blocks: KnownBlock[] }): Promise<void>;
  openDirectMessage(user: string): Promise<string>;
  /** The ts of the message already posted for a delivery, if Slack has it. */
  findPosted(search: {
    channel: string;
    delivery: DeliveryMark;
    threadTs: string | null;
    since: string;
  }): Promise<string | null>;
}

const MAX_HISTORY_PAGES = 10;

/** Errors that sending again cannot fix. */
const PERMANENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "invalid_blocks",
  "msg_too_long",
  "no_text",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "missing_scope",
  "restricted_action",
  "message_not_found",
  "cant_update_message",
]);

function classify(error: unknown): SendFailure {
  const e = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
    message?: string;
  };
  if (e.code === "slack_webapi_rate_limited_error") {
    return { kind: "rate_limited", retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  }
  if (e.code === "slack_webapi_platform_error") {
    const code = e.data?.error ?? "unknown_error";
    return PERMANENT.has(code) ? { kind: "permanent", error: code } : { kind: "transient", error: code };
  }
  if (e.code === "slack_webapi_http_error") return { kind: "transient", error: `HTTP ${e.statusCode}` };
  return { kind: "transient", error: e.message ?? String(error) };
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new SendError(classify(error));
  }
}

/**
 * Sends notices through a Web API client that neither retries nor waits on
 * its own: the dispatcher owns pacing, per-channel Retry-After and backoff.
 * Each notice carries message metadata naming its delivery, so an unknown
 * outcome can be looked up instead of sent twice.
 */
export function createSlackNoticeSender(client: WebClient): NoticeSender {
  return {
    async post(message) {
      const result = await call(() =>
        client.chat.postMessage({
          channel: message.channel,
          text: message.text,
          ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          unfurl_links: false,
          metadata: {
            event_type: NOTICE_EVENT_TYPE,
            event_payload: { delivery_id: message.delivery.id, queued_at: message.delivery.queuedAt },
          },
        }),
      );
      return { channel: String(result.channel ?? message.channel), ts: String(result.ts) };
    },

    async update(message) {
      await call(() => client.chat.update(message));
    },

    async openDirectMessage(user) {
      const result = await call(() => client.conversations.open({ users: user }));
      const channel = result.channel?.id;
      if (!channel) throw new SendError({ kind: "transient", error: "conversations.open returned no channel" });
      return channel;
    },

    async findPosted(search) {
      const oldest = String(Math.floor(Date.parse(search.since) / 1000) - 60);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
        const response = await call(() =>
          search.threadTs
            ? client.conversations.replies({
                channel: search.channel,
                ts: search.threadTs as string,
                oldest,
                include_all_metadata: true,
                limit: 200,
                ...(cursor ? { cursor } : {}),
              })
            : client.conversations.history({
                channel: search.channel,
                oldest,
                include_all_metadata: true,
                limit: 200,
                ...(cursor ? { cursor } : {}),
              }),
        );
        const found = (response.messages ?? []).find((m) => {
          const payload = m.metadata?.event_payload as { delivery_id?: unknown; queued_at?: unknown } | undefined;
          return (
            m.metadata?.event_type === NOTICE_EVENT_TYPE &&
            Number(payload?.delivery_id) === search.delivery.id &&
            payload?.queued_at === search.delivery.queuedAt
          );
        });
        if (found?.ts) return found.ts;
        cursor = response.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
      throw new SendError({ kind: "transient", error: "too many messages to search for the notice" });
    },
  };
}
