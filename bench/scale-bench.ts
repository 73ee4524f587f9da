import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.ts";
import { buildHome } from "../src/features/home/listeners.ts";
import { openDeps } from "../src/main.ts";
import { seedIncidents } from "../test/support/seed-incidents.ts";
import { benchAnswers } from "./answers-bench.ts";
import { generateRegistry } from "./generated-registry.ts";
import { summarize } from "./stats.ts";
import { withDeps } from "./with-deps.ts";

type Summary = ReturnType<typeof summarize>;

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface ScaleFigures {
  /** App Home built for one user, 10,000 models and 100,000 incidents stored, median of 20 (caches warm). */
  homeMs: number;
  /** The first App Home after an import, building the name indexes and the lock-in report. */
  homeColdMs: number;
  /** Longest time the event loop was held (an acknowledgement would wait that long) while 50 App Homes render at once. */
  ackDuringHomeMaxMs: number;
  /** Answers at 10,000 models with 100,000 incidents stored. */
  answerWithIncidents: Summary;
  /** Answers by registry size, no incidents stored. */
  answersByModels: { models: number; answer: Summary }[];
  /**
   * Peaks are the exporting process's own (VmHWM), started as installed: bin/aigov.js caps V8's young
   * generation (2 × 4 MB). `cappedPeakMb` is the same export with NODE_OPTIONS=--max-semi-space-size=8.
   */
  export1m: { csvS: number; jsonS: number; peakMb: number; cappedPeakMb: number };
}

export async function benchScale(): Promise<ScaleFigures> {
  const answersByModels: ScaleFigures["answersByModels"] = [];
  for (const models of [1_000, 10_000, 50_000]) {
    const figures = await withDeps((deps) => benchAnswers(deps, generateRegistry(models, 2_000)));
    answersByModels.push({ models, answer: figures.answer });
  }
  const home = await withDeps(async (deps) => {
    const registry = generateRegistry(10_000, 2_000);
    await deps.registry.importRegistry(registry, "bench");
    await seedIncidents(deps.db, 100_000, { models: 10_000 });
    const coldStart = performance.now();
    await buildHome(deps);
    const homeColdMs = performance.now() - coldStart;
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await buildHome(deps);
      samples.push(performance.now() - start);
    }
    const ackDuringHomeMaxMs = await longestHold(() => Promise.all(Array.from({ length: 50 }, () => buildHome(deps))));
    const answers = await benchAnswers(deps, registry);
    return { homeColdMs, homeMs: summarize(samples).p50, ackDuringHomeMaxMs, answerWithIncidents: answers.answer };
  });
  return { ...home, answersByModels, export1m: await benchExport(1_000_000) };
}

/** The longest gap between turns of the event loop while `work` runs. */
async function longestHold(work: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  tick();
  return longest;
}

/** `aigov incident export` of a million incidents, in its own process, to /dev/null. */
async function benchExport(count: number): Promise<ScaleFigures["export1m"]> {
  const dir = mkdtempSync(join(tmpdir(), "aigov-export-"));
  const databasePath = join(dir, "bench.sqlite");
  try {
    const deps = await openDeps(loadConfig({ DATABASE_URL: databasePath, LOG_LEVEL: "error" }), { writeLog: () => {} });
    await seedIncidents(deps.db, count, { models: 10_000 });
    await deps.db.destroy();
    const csv = await timedExport(databasePath, "csv");
    const json = await timedExport(databasePath, "json");
    const capped = [
      await timedExport(databasePath, "csv", CAPPED_YOUNG_GENERATION),
      await timedExport(databasePath, "json", CAPPED_YOUNG_GENERATION),
    ];
    return {
      csvS: csv.ms / 1000,
      jsonS: json.ms / 1000,
      peakMb: Math.max(csv.peakMb, json.peakMb),
      cappedPeakMb: Math.max(...capped.map((run) => run.peakMb)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CAPPED_YOUNG_GENERATION = "--max-semi-space-size=8";

async function timedExport(
  databasePath: string,
  format: "csv" | "json",
  nodeOptions?: string,
): Promise<{ ms: number; peakMb: number }> {
  const started = performance.now();
  // As installed: bin/aigov.js through its #! line, which gives Node its V8 settings.
  const child = spawn(join(ROOT, "bin/aigov.js"), ["incident", "export", "--format", format], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: databasePath,
      LOG_LEVEL: "error",
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // VmHWM is the process's peak resident memory so far: the last reading before exit is the peak.
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0));
    } catch {
      // Exited between two readings.
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearInterval(poll);
  if (code !== 0) throw new Error(`incident export --format ${format} exited with ${code}`);
  return { ms: performance.now() - started, peakMb: peakKb / 1024 };
}
