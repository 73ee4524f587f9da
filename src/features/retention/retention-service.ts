import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Db } from "../../db/connection.ts";
import { deleteQaLogBefore } from "./retention-repository.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Slack stops retrying an event within about an hour; a week covers any replay worth stopping. */
export const SLACK_EVENT_RETENTION_DAYS = 7;
/** Small deletes keep each write transaction short, so Slack requests never wait long behind the prune. */
const DEFAULT_BATCH_SIZE = 1_000;

export interface RetentionSettings {
  /** qa_log rows older than this are deleted (RETENTION_DAYS). */
  qaLogDays: number;
}

export interface PruneResult {
  qaLog: number;
  slackEvents: number;
}

/**
 * Deletes what is kept only for a while: the Q&A log and Slack event claims.
 * The audit log, incidents and their timelines are evidence and are kept.
 */
export interface RetentionService {
  prune(): Promise<PruneResult>;
}

/** Deletes up to `limit` Slack event claims received before the cutoff; returns how many went. The Slack layer owns them. */
export type ForgetSlackEvents = (cutoff: Date, limit: number) => Promise<number>;

export function createRetentionService(deps: {
  db: Db;
  now: () => Date;
  settings: RetentionSettings;
  forgetSlackEvents: ForgetSlackEvents;
  batchSize?: number;
}): RetentionService {
  const { db, now, settings, forgetSlackEvents } = deps;
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;

  async function inBatches(deleteBatch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch();
      total += deleted;
      if (deleted < batchSize) return total;
      await yieldToEventLoop();
    }
  }

  return {
    async prune() {
      const at = now().getTime();
      const qaCutoff = new Date(at - settings.qaLogDays * DAY_MS).toISOString();
      const eventCutoff = new Date(at - SLACK_EVENT_RETENTION_DAYS * DAY_MS);
      return {
        qaLog: await inBatches(() => deleteQaLogBefore(db, qaCutoff, batchSize)),
        slackEvents: await inBatches(() => forgetSlackEvents(eventCutoff, batchSize)),
      };
    },
  };
}
