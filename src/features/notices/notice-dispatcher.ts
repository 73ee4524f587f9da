import { randomUUID } from "node:crypto";
import type { Db } from "../../db/connection.ts";
import { messageOf } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { Delivery } from "./notice.ts";
import { renderDelivery } from "./notice-blocks.ts";
import type { NoticeService } from "./notice-service.ts";
import {
  claimDelivery,
  findAbandonedDeliveries,
  findDelivery,
  findDueDeliveries,
  holdForRecheck,
  type Lease,
  markDeliveryFailed,
  markDeliverySent,
  recordDeliveryChannel,
  renewLease,
  rescheduleDelivery,
  takeOverAbandoned,
} from "./notices-repository.ts";
import { type NoticeSender, SendError } from "./slack-notice-sender.ts";

export interface DispatchLimits {
  /** Slack allows about one message per second in a channel. */
  perChannelIntervalMs: number;
  /** The workspace-wide pace. */
  maxPerMinute: number;
  /** A transient failure is given up on only after this many attempts… */
  maxAttempts: number;
  /** …and this long after the delivery was queued, so a Slack outage of up to an hour loses nothing. */
  retryWindowMs: number;
  /** The longest wait between two attempts. */
  maxBackoffMs: number;
  /** How long a claimed delivery is ours before another sender may reconcile it. */
  leaseMs: number;
}

const DEFAULT_LIMITS: DispatchLimits = {
  perChannelIntervalMs: 1000,
  maxPerMinute: 300,
  maxAttempts: 5,
  retryWindowMs: 60 * 60_000,
  maxBackoffMs: 5 * 60_000,
  leaseMs: 60_000,
};

export interface DispatchOutcome {
  delivery: Delivery;
  /** rate_limited: Slack's 429 holds the channel back; retrying: any other transient failure; lease_lost: another sender took it over. */
  result: "sent" | "reconciled" | "failed" | "retrying" | "rate_limited" | "lease_lost";
  detail: string | null;
}

export interface NoticeDispatcher {
  /**
   * Sends everything due (only `noticeIds`' deliveries, if given), waiting
   * for retries, until nothing is left or the deadline passes.
   */
  drain(options?: { deadline?: number; noticeIds?: number[] }): Promise<DispatchOutcome[]>;
  /** Runs in the background, polling the outbox; resolves on stop. */
  start(pollMs?: number): void;
  stop(): Promise<void>;
}

const RECHECK_MS = 5_000;
const REMINDER_CHECK_MS = 60_000;

async function retry<T>(run: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** The clock that pacing and the waits between passes run on, with its own way to wait. */
export interface DispatchTimers {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_TIMERS: DispatchTimers = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * Delivers the notice outbox. Every delivery is claimed before it is sent
 * (so two senders never send the same one), paced per channel and per
 * workspace, retried with backoff, and reconciled through Slack message
 * metadata when a sender died between Slack accepting it and recording it.
 */
export function createNoticeDispatcher(deps: {
  db: Db;
  notices: NoticeService;
  sender: NoticeSender;
  now: () => Date;
  logger: Logger;
  limits?: Partial<DispatchLimits>;
  onOutcome?: (outcome: DispatchOutcome) => void;
  /** Real time unless a test passes a clock it moves itself (then `now` should read that clock too). */
  timers?: DispatchTimers;
}): NoticeDispatcher {
  const { db, notices, sender, logger } = deps;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  // Pacing runs on the timers' clock (real time unless a test's); what is stored (due times, leases) on the app's clock.
  const { now: clock, sleep } = deps.timers ?? REAL_TIMERS;
  const appMs = () => deps.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const channelReadyAt = new Map<string, number>();
  let workspaceReadyAt = 0;
  const workspaceGapMs = 60_000 / limits.maxPerMinute;

  const paceKey = (delivery: Delivery) => delivery.channel ?? delivery.target;

  /** Reserves the earliest send time allowed by both the channel's and the workspace's pace. */
  function reserveSlot(key: string): number {
    const at = Math.max(clock(), channelReadyAt.get(key) ?? 0, workspaceReadyAt);
    channelReadyAt.set(key, at + limits.perChannelIntervalMs);
    workspaceReadyAt = at + workspaceGapMs;
    return at;
  }

  function report(outcome: DispatchOutcome): DispatchOutcome {
    deps.onOutcome?.(outcome);
    return outcome;
  }

  /**
   * Deliveries whose outcome is unknown (the sender died, or the post failed
   * in a way Slack may still have accepted): look for them in Slack before
   * sending again; when Slack cannot be asked, ask again later.
   */
  async function reconcileAbandoned(noticeIds?: readonly number[]): Promise<DispatchOutcome[]> {
    const outcomes: DispatchOutcome[] = [];
    for (const delivery of await findAbandonedDeliveries(db, iso(appMs()), noticeIds)) {
      const lease = newLease();
      if (!(await takeOverAbandoned(db, delivery.id, iso(appMs()), lease))) continue;
      let ts: string | null = null;
      if (delivery.channel) {
        try {
          const threadTs = delivery.purpose === "status_update" ? await parentTs(delivery) : null;
          ts = await sender.findPosted({
            channel: delivery.channel,
            delivery: { id: delivery.id, queuedAt: delivery.createdAt },
            threadTs,
            since: delivery.createdAt,
          });
        } catch (error) {
          await holdForRecheck(
            db,
            delivery.id,
            lease.owner,
            iso(appMs() + RECHECK_MS),
            `cannot check Slack yet: ${messageOf(error)}`,
          );
          continue;
        }
      }
      if (ts && delivery.channel) {
        await markDeliverySent(db, delivery.id, lease.owner, { channel: delivery.channel, ts, at: iso(appMs()) });
        outcomes.push(report({ delivery, result: "reconciled", detail: `already posted as ${ts}` }));
      } else if (retriesExhausted(delivery, delivery.attempts)) {
        outcomes.push(await giveUp(delivery, lease, delivery.attempts, delivery.lastError ?? "outcome unknown"));
      } else {
        await rescheduleDelivery(db, delivery.id, lease.owner, {
          at: iso(appMs()),
          error: "not found in Slack; sending again",
          refundAttempt: false,
        });
      }
    }
    return outcomes;
  }

  async function parentTs(delivery: Delivery): Promise<string | null> {
    return delivery.parentId ? ((await findDelivery(db, delivery.parentId))?.ts ?? null) : null;
  }

  function newLease(): Lease {
    return { owner: randomUUID(), until: iso(appMs() + limits.leaseMs) };
  }

  /** Transient failures are retried for the whole window (a Slack outage), and at least maxAttempts times. */
  function retriesExhausted(delivery: Delivery, attempts: number): boolean {
    return attempts >= limits.maxAttempts && appMs() - Date.parse(delivery.createdAt) >= limits.retryWindowMs;
  }

  async function giveUp(delivery: Delivery, lease: Lease, attempts: number, error: string): Promise<DispatchOutcome> {
    await markDeliveryFailed(db, delivery.id, lease.owner, error);
    await notices.queueFailureReport({ ...delivery, attempts });
    logger.warn(`notice delivery ${delivery.id} to ${delivery.target} failed: ${error}`);
    return report({ delivery, result: "failed", detail: error });
  }

  async function send(delivery: Delivery): Promise<DispatchOutcome | null> {
    const lease = newLease();
    if (!(await claimDelivery(db, delivery.id, lease))) return null;
    const attempts = delivery.attempts + 1;
    let posting = false;
    try {
      let channel = delivery.channel;
      if (!channel) {
        channel = delivery.targetKind === "owner" ? await sender.openDirectMessage(delivery.target) : delivery.target;
        await recordDeliveryChannel(db, delivery.id, lease.owner, channel);
      }
      const rendered = renderDelivery(await notices.deliveryContent({ ...delivery, channel }));
      if (rendered.edit) await sender.update(rendered.edit);
      // Post only while the lease is ours: a sender paused past it (GC, SIGSTOP, a slow disk) may have been
      // taken over, and the one that took over may already have posted.
      const renewedAt = clock();
      if (
        !(await renewLease(db, delivery.id, { ...lease, until: iso(appMs() + limits.leaseMs) })) ||
        clock() - renewedAt > limits.leaseMs / 2
      ) {
        return report({ delivery, result: "lease_lost", detail: "another sender took this delivery over" });
      }
      posting = true;
      const posted = await sender.post({
        channel,
        text: rendered.text,
        blocks: rendered.blocks,
        threadTs: rendered.threadTs,
        delivery: { id: delivery.id, queuedAt: delivery.createdAt },
      });
      posting = false;
      // Slack has it now: never send again. If recording fails, the row stays
      // "sending" and the next reconcile finds the message by its metadata.
      await retry(() =>
        markDeliverySent(db, delivery.id, lease.owner, { channel: posted.channel, ts: posted.ts, at: iso(appMs()) }),
      );
      return report({ delivery, result: "sent", detail: `${posted.channel} ${posted.ts}` });
    } catch (error) {
      const failure =
        error instanceof SendError ? error.failure : { kind: "transient" as const, error: messageOf(error) };
      if (failure.kind === "rate_limited") {
        channelReadyAt.set(paceKey(delivery), clock() + failure.retryAfterMs);
        await rescheduleDelivery(db, delivery.id, lease.owner, {
          at: iso(appMs() + failure.retryAfterMs),
          error: "rate limited",
          refundAttempt: true,
        });
        return report({ delivery, result: "rate_limited", detail: `rate limited for ${failure.retryAfterMs} ms` });
      }
      if (failure.kind === "permanent" || (!posting && retriesExhausted(delivery, attempts))) {
        return giveUp(delivery, lease, attempts, failure.error);
      }
      const backoff = Math.min(limits.maxBackoffMs, 500 * 2 ** Math.min(attempts - 1, 20));
      if (posting) {
        // Slack may have accepted it before failing: check before sending again.
        await holdForRecheck(db, delivery.id, lease.owner, iso(appMs() + backoff), failure.error);
      } else {
        await rescheduleDelivery(db, delivery.id, lease.owner, {
          at: iso(appMs() + backoff),
          error: failure.error,
          refundAttempt: false,
        });
      }
      return report({ delivery, result: "retrying", detail: `${failure.error}; retry in ${backoff} ms` });
    }
  }

  /** One pass: every due delivery (of `noticeIds` only, if given) is sent concurrently at its paced time. */
  async function pass(noticeIds?: readonly number[]): Promise<{ outcomes: DispatchOutcome[]; sentSomething: boolean }> {
    const outcomes = await reconcileAbandoned(noticeIds);
    const due = await findDueDeliveries(db, iso(appMs()), 500, noticeIds);
    const running = due.map(async (delivery) => {
      await sleep(reserveSlot(paceKey(delivery)) - clock());
      return send(delivery);
    });
    for (const settled of await Promise.allSettled(running)) {
      if (settled.status === "fulfilled" && settled.value) outcomes.push(settled.value);
      if (settled.status === "rejected") logger.error("a notice delivery failed unexpectedly", settled.reason);
    }
    return { outcomes, sentSomething: due.length > 0 };
  }

  let loop: Promise<void> | null = null;
  let stopping = false;
  let wakeUp: (() => void) | null = null;

  return {
    async drain(options = {}) {
      const outcomes: DispatchOutcome[] = [];
      const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
      while (clock() < deadline) {
        const { outcomes: passOutcomes, sentSomething } = await pass(options.noticeIds);
        outcomes.push(...passOutcomes);
        if ((await notices.openDeliveries(options.noticeIds)) === 0) break;
        if (!sentSomething) await sleep(Math.min(250, deadline - clock()));
      }
      return outcomes;
    },

    start(pollMs = 1000) {
      if (loop) return;
      stopping = false;
      let remindersCheckedAt = 0;
      loop = (async () => {
        while (!stopping) {
          try {
            if (clock() - remindersCheckedAt >= REMINDER_CHECK_MS) {
              remindersCheckedAt = clock();
              await notices.queueOwnerReminders();
            }
            const { sentSomething } = await pass();
            if (sentSomething) continue;
          } catch (error) {
            logger.error("notice dispatcher pass failed", error);
          }
          await new Promise<void>((resolve) => {
            wakeUp = resolve;
            setTimeout(resolve, pollMs);
          });
        }
      })();
    },

    async stop() {
      stopping = true;
      wakeUp?.();
      await loop;
      loop = null;
    },
  };
}
