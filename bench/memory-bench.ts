import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.ts";
import { insertIncident } from "../src/features/incidents/incidents-repository.ts";
import { openDeps } from "../src/main.ts";
import { FAKE_BOT_USER_ID, startFakeSlack } from "../test/support/fake-slack.ts";
import { SlackRequester, TEST_SIGNING_SECRET } from "../test/support/slack-requests.ts";
import { generateRegistry } from "./generated-registry.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Resident memory of the running bot (its own process) with a 10,000-model
 * registry and 100,000 incidents stored, after it has served some traffic.
 */
export async function benchMemory(models = 10_000, incidents = 100_000): Promise<{ rssMb: number; seedMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), "aigov-memory-"));
  const databasePath = join(dir, "bench.sqlite");
  const started = Date.now();
  const deps = await openDeps(loadConfig({ DATABASE_URL: databasePath, LOG_LEVEL: "error" }), { writeLog: () => {} });
  const registry = generateRegistry(models, 2_000);
  await deps.registry.importRegistry(registry, "bench");
  const at = new Date().toISOString();
  for (let batch = 0; batch < incidents; batch += 5_000) {
    await deps.db.transaction().execute(async (trx) => {
      for (let i = batch; i < Math.min(incidents, batch + 5_000); i++) {
        const model = registry.models[i % registry.models.length];
        await insertIncident(
          trx,
          {
            vendorId: model?.vendor ?? null,
            vendorName: model?.vendor ?? "other",
            models: model ? [model.id] : [],
            type: i % 10 === 0 ? "suspension" : "outage",
            severity: "sev3",
            title: `Stored incident ${i}`,
            description: "Elevated errors on the API.",
            impact: null,
            startedAt: at,
            reporter: "U0EMPLOYEE1",
            source: "cli",
            sourceChannel: null,
            sourceTs: null,
            sourceUrl: null,
          },
          at,
        );
      }
    });
  }
  // Most are resolved, as in a real history; a few stay open.
  await deps.db.updateTable("incidents").set({ status: "resolved", resolved_at: at }).where("id", ">", 50).execute();
  await deps.db.destroy();
  const seedMs = Date.now() - started;

  const fake = await startFakeSlack();
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  let child: ChildProcess | null = null;
  try {
    // As installed: bin/aigov.js through its #! line, which gives Node its V8 settings.
    child = spawn(join(ROOT, "bin/aigov.js"), ["start"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        DATABASE_URL: databasePath,
        FEEDS_POLL_MINUTES: "0",
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const slack = new SlackRequester(`http://127.0.0.1:${port}/slack/events`, fake);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await slack.slashCommand("help").catch(() => null))?.status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (let i = 0; i < 200; i++) {
      const model = registry.models[(i * 37) % registry.models.length];
      await slack.event({
        type: "app_mention",
        user: "U0EMPLOYEE1",
        text: `<@${FAKE_BOT_USER_ID}> is ${model?.name} approved?`,
        channel: "C0MEMORY001",
        ts: `1769600000.${String(i).padStart(6, "0")}`,
      });
      if (i % 20 === 0) await slack.slashCommand(`model ${model?.name}`);
    }
    await fake.waitForCall("chat.postMessage", () => fake.callsTo("chat.postMessage").length >= 150, 60_000);
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN);
    return { rssMb: rssKb / 1024, seedMs };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
