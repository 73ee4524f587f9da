import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WebClient } from "@slack/web-api";
import { NOTICE_EVENT_TYPE } from "../../../src/features/notices/notice-blocks.ts";
import { createSlackNoticeSender, SendError } from "../../../src/features/notices/slack-notice-sender.ts";

const platformError = (code: string) =>
  Object.assign(new Error(code), { code: "slack_webapi_platform_error", data: { ok: false, error: code } });

/** A client whose chat.postMessage throws `error`, or answers and records. */
function client(postMessage: (args: Record<string, unknown>) => Promise<unknown>, history: unknown[] = []) {
  return {
    chat: { postMessage },
    conversations: { history: async () => ({ ok: true, messages: history }) },
  } as unknown as WebClient;
}

const message = {
  channel: "C1",
  text: "Notice",
  blocks: [],
  threadTs: null,
  delivery: { id: 7, queuedAt: "2026-06-13T01:00:00.000Z" },
};

describe("the Slack notice sender", () => {
  it("marks each notice with its delivery, so a lost answer can be looked up", async () => {
    const sent: Record<string, unknown>[] = [];
    const sender = createSlackNoticeSender(
      client(async (args) => {
        sent.push(args);
        return { ok: true, channel: "C1", ts: "1.1" };
      }),
    );
    assert.deepEqual(await sender.post(message), { channel: "C1", ts: "1.1" });
    assert.deepEqual(sent[0]?.metadata, {
      event_type: NOTICE_EVENT_TYPE,
      event_payload: { delivery_id: 7, queued_at: "2026-06-13T01:00:00.000Z" },
    });
    assert.equal("blocks" in (sent[0] ?? {}), false, "no empty blocks");
  });

  it("tells errors that sending again cannot fix from those it can, and rate limits apart", async () => {
    const failure = async (error: unknown) => {
      const sender = createSlackNoticeSender(
        client(async () => {
          throw error;
        }),
      );
      const caught = await sender.post(message).catch((e: unknown) => e);
      assert.ok(caught instanceof SendError);
      return caught.failure;
    };
    assert.equal((await failure(platformError("channel_not_found"))).kind, "permanent");
    assert.equal((await failure(platformError("internal_error"))).kind, "transient");
    assert.deepEqual(
      await failure(Object.assign(new Error("429"), { code: "slack_webapi_rate_limited_error", retryAfter: 3 })),
      {
        kind: "rate_limited",
        retryAfterMs: 3000,
      },
    );
  });

  it("finds a posted notice by its delivery and queue time only", async () => {
    const mark = (id: number, queuedAt: string) => ({
      event_type: NOTICE_EVENT_TYPE,
      event_payload: { delivery_id: id, queued_at: queuedAt },
    });
    const sender = createSlackNoticeSender(
      client(
        async () => ({}),
        [
          { ts: "1.1", metadata: mark(7, "2025-01-01T00:00:00.000Z") },
          { ts: "2.2", metadata: mark(7, message.delivery.queuedAt) },
        ],
      ),
    );
    const search = { channel: "C1", threadTs: null, since: message.delivery.queuedAt };
    assert.equal(await sender.findPosted({ ...search, delivery: message.delivery }), "2.2");
    assert.equal(
      await sender.findPosted({ ...search, delivery: { id: 8, queuedAt: message.delivery.queuedAt } }),
      null,
    );
  });
});
