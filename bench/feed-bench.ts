import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.ts";
import { readRegistryFile } from "../src/features/registry/registry-files.ts";
import { openDeps } from "../src/main.ts";
import { FeedServer } from "../test/support/feed-server.ts";

const SNAPSHOTS = fileURLToPath(new URL("../../shared/fixtures/statuspage/", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../registry.example.yml", import.meta.url));

/**
 * Time to fetch and process one 50-incident status-page snapshot (parse,
 * match every incident against the registry, apply changes), over the real
 * captures in order. Null when the shared captures are absent.
 */
export async function benchFeedSnapshots(): Promise<{ snapshots: number; msPerSnapshot: number } | null> {
  if (!existsSync(SNAPSHOTS)) return null;
  const files = readdirSync(SNAPSHOTS)
    .filter((name) => name.startsWith("anthropic-incidents-"))
    .sort();
  const server = await new FeedServer().start();
  const dir = mkdtempSync(join(tmpdir(), "aigov-feed-bench-"));
  let now = new Date(0);
  const deps = await openDeps(loadConfig({ DATABASE_URL: join(dir, "bench.sqlite"), LOG_LEVEL: "error" }), {
    writeLog: () => {},
    now: () => now,
  });
  try {
    const registry = await readRegistryFile(EXAMPLE);
    for (const vendor of registry.vendors) vendor.status_page = vendor.id === "anthropic" ? server.url() : null;
    await deps.registry.importRegistry(registry, "bench");
    let total = 0;
    for (const file of files) {
      now = new Date(
        file.replace(/^anthropic-incidents-|\.json$/g, "").replace(/T(\d\d)-(\d\d)-(\d\d)Z/, "T$1:$2:$3Z"),
      );
      server.serve("/api/v2/incidents.json", { body: readFileSync(join(SNAPSHOTS, file), "utf8") });
      const started = performance.now();
      await deps.feeds.pollAll({ force: true });
      total += performance.now() - started;
    }
    return { snapshots: files.length, msPerSnapshot: total / files.length };
  } finally {
    await deps.db.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
