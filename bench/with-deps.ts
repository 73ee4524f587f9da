import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.ts";
import type { Deps } from "../src/deps.ts";
import { openDeps } from "../src/main.ts";

/** Runs `run` over the app's dependencies on a new temporary database, removed afterwards. */
export async function withDeps<T>(run: (deps: Deps) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "aigov-bench-"));
  const deps = await openDeps(loadConfig({ DATABASE_URL: join(dir, "bench.sqlite"), LOG_LEVEL: "error" }), {
    writeLog: () => {},
  });
  try {
    return await run(deps);
  } finally {
    await deps.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
