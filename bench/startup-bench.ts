import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeSlack } from "../test/support/fake-slack.ts";
import { TEST_SIGNING_SECRET } from "../test/support/slack-requests.ts";
import { summarize } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLE = join(ROOT, "registry.example.yml");

export interface StartupFigures {
  /** From spawn to the "listening" log line, median over the runs. */
  startMs: number;
  /** Resident memory once listening, median over the runs. */
  rssMb: number;
}

/**
 * Start-up time and resident memory of the bot as shipped (`node bin/aigov.js`,
 * the compiled build) beside the same sources run through tsx, as the bot ran
 * before it had a build. Runs alternate so a busy moment hurts both alike.
 */
export async function benchStartup(runs = 5): Promise<{ compiled: StartupFigures; tsx: StartupFigures }> {
  const fake = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), "aigov-startup-"));
  const samples = {
    compiled: { ms: [] as number[], rss: [] as number[] },
    tsx: { ms: [] as number[], rss: [] as number[] },
  };
  try {
    for (let run = 0; run < runs; run++) {
      for (const kind of ["compiled", "tsx"] as const) {
        const args =
          kind === "compiled"
            ? [join(ROOT, "bin/aigov.js"), "start"]
            : ["--import", "tsx", join(ROOT, "src/cli/run.ts"), "start"];
        const measured = await startOnce(args, {
          SLACK_BOT_TOKEN: fake.botToken,
          SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
          SLACK_API_URL: fake.apiUrl,
          PORT: "0",
          DATABASE_URL: join(dir, `${kind}-${run}.sqlite`),
          REGISTRY_PATH: EXAMPLE,
          FEEDS_POLL_MINUTES: "0",
          LOG_LEVEL: "info",
        });
        samples[kind].ms.push(measured.ms);
        samples[kind].rss.push(measured.rssMb);
      }
    }
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const figures = (kind: "compiled" | "tsx"): StartupFigures => ({
    startMs: summarize(samples[kind].ms).p50,
    rssMb: summarize(samples[kind].rss).p50,
  });
  return { compiled: figures("compiled"), tsx: figures("tsx") };
}

async function startOnce(args: string[], env: Record<string, string>): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      let log = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("aigov listening on port")) resolve(performance.now() - started);
      });
      child.once("exit", (code) => reject(new Error(`the bot exited with ${code} before listening:\n${log}`)));
    });
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    return { ms, rssMb: Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN) / 1024 };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}
