import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { SlackRequester } from "../test/support/slack-requests.ts";
import { MIX, type Sender, startAckServers, waitForFollowUps } from "./ack-bench.ts";
import { percentile } from "./stats.ts";

/** Requests per second tried, each for `PHASE_S` seconds, against each server in every round. */
export const OPEN_RATES = [100, 500, 1_000] as const;
const PHASE_S = 3;
/** More connections than the slowest phase can need, so the load generator never queues a request behind another. */
const MAX_SOCKETS = 512;

export interface OpenLoopFigures {
  rounds: number;
  /** Requests that got no 200 answer, over every phase. */
  failed: number;
  byRate: {
    rate: number;
    app: { p50: number; p99: number; cpuMsPerRequest: number };
    bolt: { p50: number; p99: number; cpuMsPerRequest: number };
    /** Median over the rounds of each round's p99 ratio (aigov / bare Bolt). */
    p99Ratio: number;
  }[];
}

/**
 * Open-loop acknowledgement latency: requests leave on a fixed schedule whether or not earlier ones
 * were answered, and each one's latency counts from when it was due, so a server that falls behind
 * shows it (a closed loop would slow its senders down instead). aigov (example registry) and a bare
 * Bolt app take turns, in alternating order, over `rounds` rounds; each figure is the median of the
 * rounds' figures. CPU per request is the server's own (utime + stime from /proc), for aigov including
 * the follow-up work the requests started.
 */
export async function benchAckOpen(rounds = 5): Promise<OpenLoopFigures> {
  failed = 0;
  const servers = await startAckServers(MAX_SOCKETS);
  try {
    // Warm-up: opens connections and lets the JIT settle in both servers.
    await openLoop(servers.app.requester, 200, 1);
    await waitForFollowUps(servers.app.healthUrl);
    await openLoop(servers.bolt.requester, 200, 1);
    const runs = new Map<number, { app: PhaseFigures[]; bolt: PhaseFigures[] }>(
      OPEN_RATES.map((rate) => [rate, { app: [], bolt: [] }]),
    );
    for (let round = 0; round < rounds; round++) {
      for (const rate of OPEN_RATES) {
        const run = runs.get(rate) as { app: PhaseFigures[]; bolt: PhaseFigures[] };
        const appPhase = async () => {
          const cpuBefore = cpuMs(servers.app.pid);
          const latencies = await openLoop(servers.app.requester, rate, PHASE_S);
          await waitForFollowUps(servers.app.healthUrl);
          run.app.push(phaseFigures(latencies, cpuMs(servers.app.pid) - cpuBefore));
        };
        const boltPhase = async () => {
          const cpuBefore = cpuMs(servers.bolt.pid);
          const latencies = await openLoop(servers.bolt.requester, rate, PHASE_S);
          run.bolt.push(phaseFigures(latencies, cpuMs(servers.bolt.pid) - cpuBefore));
        };
        // Alternating who goes first spreads any drift in the machine's load over both.
        for (const phase of round % 2 === 0 ? [appPhase, boltPhase] : [boltPhase, appPhase]) await phase();
      }
    }
    return {
      rounds,
      failed,
      byRate: OPEN_RATES.map((rate) => {
        const run = runs.get(rate) as { app: PhaseFigures[]; bolt: PhaseFigures[] };
        return {
          rate,
          app: medianFigures(run.app),
          bolt: medianFigures(run.bolt),
          p99Ratio: median(run.app.map((app, i) => app.p99 / (run.bolt[i] as PhaseFigures).p99)),
        };
      }),
    };
  } finally {
    servers.stop();
  }
}

interface PhaseFigures {
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
}

/**
 * Sends `rate` requests a second for `seconds`; resolves with each one's latency from its scheduled time.
 * A request that fails (a reset connection, a status other than 200) counts in `failed` rather than
 * stopping the run, and in no latency.
 */
async function openLoop(requester: SlackRequester, rate: number, seconds: number): Promise<number[]> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const started = performance.now();
  const pending: Promise<number | null>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const send = MIX[i % MIX.length] as Sender;
    pending.push(
      send(requester, i).then((response) => (response.status === 200 ? performance.now() - due : failure()), failure),
    );
  }
  return (await Promise.all(pending)).filter((latency) => latency !== null);
}

let failed = 0;
function failure(): null {
  failed++;
  return null;
}

function phaseFigures(latencies: number[], cpu: number): PhaseFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), cpuMsPerRequest: cpu / latencies.length };
}

function medianFigures(runs: PhaseFigures[]): PhaseFigures {
  return {
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    cpuMsPerRequest: median(runs.map((run) => run.cpuMsPerRequest)),
  };
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** A process's CPU time so far, user plus system, in milliseconds (/proc/PID/stat fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
