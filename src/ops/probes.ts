import { constants, type Stats, statSync } from "node:fs";
import { access, stat } from "node:fs/promises";
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { Logger } from "../logger.ts";

export interface Readiness {
  ready: boolean;
  /** The checks that failed, by name; empty when ready. */
  failed: ReadinessCheck[];
  checks: { database: "ok" | "unavailable"; slack: "ok" | "unreachable"; lifecycle: "running" | "draining" };
}

export type ReadinessCheck = "database" | "slack" | "lifecycle";

export interface Probes {
  readiness(): Promise<Readiness>;
  /** `select 1`, plus the file the bot opened still being there, readable and writable. */
  database(): Promise<boolean>;
  /** auth.test, remembered for SLACK_CHECK_TTL_MS so that frequent probes cannot hit Slack's rate limits. */
  slack(): Promise<boolean>;
  /** From now on the bot is not ready: it is stopping, and load balancers should send it nothing new. */
  startDraining(): void;
}

/** Short enough that readiness recovers within a probe period or two, long enough to stay far from rate limits. */
export const SLACK_CHECK_TTL_MS = 15_000;

/**
 * What /readyz and /healthz report. An open SQLite connection keeps working
 * on a file that was deleted, moved or made read-only underneath it, and
 * `select 1` touches no file at all; so the check also makes sure the file
 * at the configured path is still the one opened, and still accessible, or
 * the bot would carry on writing to a database nobody will ever read.
 */
export function createProbes(deps: {
  db: Db;
  /** The SQLite file, or ":memory:". */
  databasePath: string;
  authTest: () => Promise<boolean>;
  now: () => Date;
  logger: Logger;
}): Probes {
  const opened =
    deps.databasePath === ":memory:" ? null : (statSync(deps.databasePath, { throwIfNoEntry: false }) ?? null);
  let slackChecked: { ok: boolean; at: number } | null = null;
  let slackChecking: Promise<boolean> | null = null;
  let draining = false;
  let lastFailed = "";

  async function databaseFileIntact(expected: Stats): Promise<boolean> {
    const current = await stat(deps.databasePath).catch(() => null);
    if (!current || expected.ino !== current.ino || expected.dev !== current.dev) return false;
    return access(deps.databasePath, constants.R_OK | constants.W_OK).then(
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
      return answers && (opened === null || (await databaseFileIntact(opened)));
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
