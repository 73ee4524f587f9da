import { constants } from "node:os";
import { loadConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { startAigov } from "../main.ts";
import type { CliCommand } from "./cli-io.ts";

const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;
type StopSignal = (typeof STOP_SIGNALS)[number];

/**
 * One Ctrl-C under `npm start` arrives twice: the terminal signals the whole
 * process group, and npm forwards its own copy. Within this window the same
 * signal again is that copy, not a person insisting.
 */
const SAME_SIGNAL_WINDOW_MS = 250;
/** A stop bounds its own waits (10 s); past this something hangs, and orchestrators SIGKILL at about 30 s. */
const STOP_DEADLINE_MS = 20_000;

export const startCommand: CliCommand = {
  path: ["start"],
  usage: "aigov start",
  summary: "run the Slack bot (Socket Mode with SLACK_APP_TOKEN, HTTP otherwise); SIGTERM or SIGINT stops it",
  async run(args, _io, env) {
    if (args.length > 0) throw new AppError("usage", `usage: ${this.usage}`);
    // Listening before start-up, so that a signal during it stops the bot cleanly once it is up.
    const signals = watchStopSignals();
    try {
      const running = await startAigov(loadConfig(env));
      const { logger } = running.deps;
      const first = await signals.first;
      const firstAt = Date.now();
      logger.info(`${first} received: shutting down (a second signal exits at once)`);
      signals.onLater((signal) => {
        if (signal === first && Date.now() - firstAt < SAME_SIGNAL_WINDOW_MS) return;
        logger.warn(`${signal} received again: exiting at once, acknowledged work may be lost`);
        process.exit(128 + constants.signals[signal]);
      });
      const hung = setTimeout(() => {
        logger.error(`shutdown did not finish within ${STOP_DEADLINE_MS / 1000} s: exiting`);
        process.exit(1);
      }, STOP_DEADLINE_MS);
      await running.stop();
      clearTimeout(hung);
      logger.info("aigov stopped");
      // Third-party timers (Socket Mode's close handshake) must not keep a stopped bot alive.
      process.exit(0);
    } finally {
      signals.dispose();
    }
  },
};

/** The first stop signal, then every later one, until disposed. */
function watchStopSignals(): {
  first: Promise<StopSignal>;
  onLater(handle: (signal: StopSignal) => void): void;
  dispose(): void;
} {
  let later: ((signal: StopSignal) => void) | null = null;
  let resolveFirst: (signal: StopSignal) => void = () => {};
  let received = false;
  const first = new Promise<StopSignal>((resolve) => {
    resolveFirst = resolve;
  });
  const listener = (signal: StopSignal) => {
    if (!received) {
      received = true;
      resolveFirst(signal);
    } else {
      later?.(signal);
    }
  };
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  return {
    first,
    onLater(handle) {
      later = handle;
    },
    dispose() {
      for (const signal of STOP_SIGNALS) process.off(signal, listener);
    },
  };
}
