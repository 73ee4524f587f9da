import { constants, type Stats, statSync } from "node:fs";
import { access, stat } from "node:fs/promises";
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { Logger } from "../logger.ts";
import { recordWriteProbe } from "./write-probe-repository.ts";

export interface Readiness {
  ready: boolean;
  /** The checks that failed, by name; empty when ready. */
  failed: ReadinessCheck[];
  checks: { database: "ok" | "unavailable"; slack: "ok" | "unreachable"; lifecycle: "running" | "draining" };
}

export type ReadinessCheck = "database" | "slack" | "lifecycle";

export interface Probes {
  readiness(): Promise<Readiness>;
  /** `select 1`, the file the bot opened still being there, readable and writable, and a write that succeeds. */
  database(): Promise<boolean>;
  /** auth.test, remembered for SLACK_CHECK_TTL_MS so that frequent probes cannot hit Slack's rate limits. */
  slack(): Promise<boolean>;
  /** From now on the bot is not ready: it is stopping, and load balancers should send it nothing new. */
  startDraining(): void;
}

/** Short enough that readiness recovers within a probe period or two, long enough to stay far from rate limits. */
export const SLACK_CHECK_TTL_MS = 15_000;
/** A successful write probe is trusted this long: each probe writes a page to the WAL. Failures are not kept. */
export const WRITE_CHECK_TTL_MS = 15_000;
/**
 * How long a probe waits for its write. Longer means another process holds
 * the write lock (a large registry import): not a fault, so the last result
 * stands until the write goes through.
 */
const WRITE_CHECK_WAIT_MS = 1_000;

/**
 * What /readyz and /healthz report. An open SQLite connection keeps working
 * on a file that was deleted, moved or made read-only underneath it, and
 * `select 1` touches no file at all; so the check also makes sure the file
 * at the configured path is still the one opened, and still accessible, or
 * the bot would carry on writing to a database nobody will ever read. And
 * reading says nothing of writing (a full disk): a tiny write, at most once
 * per WRITE_CHECK_TTL_MS while it succeeds, makes sure.
 */
export function createProbes(deps: {
  db: Db;
  /** The SQLite file; null for PostgreSQL or an in-memory database, which have no file to watch. */
  databaseFile: string | null;
  authTest: () => Promise<boolean>;
  now: () => Date;
  logger: Logger;
}): Probes {
  const opened = deps.databaseFile === null ? null : (statSync(deps.databaseFile, { throwIfNoEntry: false }) ?? null);
  let slackChecked: { ok: boolean; at: number } | null = null;
  let slackChecking: Promise<boolean> | null = null;
  let written: { ok: boolean; at: number } | null = null;
  let writing: Promise<boolean> | null = null;
  let draining = false;
  let lastFailed = "";

  async function writable(): Promise<boolean> {
    const at = deps.now().getTime();
    if (written?.ok && at - written.at < WRITE_CHECK_TTL_MS) return true;
    // Concurrent probes share one write.
    writing ??= recordWriteProbe(deps.db, new Date(at))
      .then(
        () => true,
        (error: unknown) => {
          // Probes come every few seconds: the reason is logged when writing starts to fail, not each time.
          if (written?.ok !== false) deps.logger.warn("database write check failed", error);
          return false;
        },
      )
      .then((ok) => {
        written = { ok, at: deps.now().getTime() };
        writing = null;
        return ok;
      });
    let timer: NodeJS.Timeout | undefined;
    const lastKnown = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(written?.ok ?? true), WRITE_CHECK_WAIT_MS);
    });
    try {
      return await Promise.race([writing, lastKnown]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function databaseFileIntact(file: string, expected: Stats): Promise<boolean> {
    const current = await stat(file).catch(() => null);
    if (!current || expected.ino !== current.ino || expected.dev !== current.dev) return false;
    return access(file, constants.R_OK | constants.W_OK).then(
      () => true,
      () => false,
    );
  }

  const probes: Probes = {
    async database() {
      const answers = await sql`select 1`.execute(deps.db).then(
        () => true,
        () => false,
      );
      return (
        answers &&
        (opened === null || deps.databaseFile === null || (await databaseFileIntact(deps.databaseFile, opened))) &&
        (await writable())
      );
    },

    async slack() {
      const at = deps.now().getTime();
      if (slackChecked && at - slackChecked.at < SLACK_CHECK_TTL_MS) return slackChecked.ok;
      // Concurrent probes share one call.
      slackChecking ??= deps
        .authTest()
        .catch(() => false)
        .then((ok) => {
          slackChecked = { ok, at: deps.now().getTime() };
          slackChecking = null;
          return ok;
        });
      return slackChecking;
    },

    async readiness() {
      const [database, slack] = await Promise.all([probes.database(), probes.slack()]);
      const checks: Readiness["checks"] = {
        database: database ? "ok" : "unavailable",
        slack: slack ? "ok" : "unreachable",
        lifecycle: draining ? "draining" : "running",
      };
      const failed: ReadinessCheck[] = [];
      if (!database) failed.push("database");
      if (!slack) failed.push("slack");
      if (draining) failed.push("lifecycle");
      // Probes come every few seconds: log when readiness changes, not each time.
      const failedNow = failed.join(",");
      if (failedNow !== lastFailed) {
        if (failedNow) deps.logger.warn(`not ready: ${failedNow} check failed`);
        else deps.logger.info("ready again: every check passes");
        lastFailed = failedNow;
      }
      return { ready: failed.length === 0, failed, checks };
    },

    startDraining() {
      draining = true;
    },
  };
  return probes;
}
