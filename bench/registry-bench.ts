import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { stringify } from "yaml";
import { loadConfig } from "../src/config.ts";
import { toRegistryFile } from "../src/features/registry/registry-file-format.ts";
import { readRegistryFile } from "../src/features/registry/registry-files.ts";
import { openDeps } from "../src/main.ts";
import { generateRegistry } from "./generated-registry.ts";

export interface RegistryPhase {
  seconds: number;
  /** User and system CPU time: on a busy machine, closer to what the phase costs than the wall clock. */
  cpuSeconds: number;
  peakMb: number;
}

/**
 * `aigov registry validate` and `aigov registry import` of a generated
 * registry file, each in a fresh process so that its peak resident memory
 * (what an operator sees) is its own.
 */
export async function benchRegistry(
  models = 100_000,
  systems = 20_000,
): Promise<{ models: number; validate: RegistryPhase; import: RegistryPhase; reimport: RegistryPhase }> {
  const dir = mkdtempSync(join(tmpdir(), "aigov-registry-bench-"));
  try {
    const file = join(dir, "registry.yml");
    const changed = join(dir, "registry-changed.yml");
    writeGeneratedFile(file, models, systems);
    writeGeneratedFile(changed, models, systems, { reviewedAgain: 10 });
    const validate = await inChild("validate", file, join(dir, "validate.sqlite"));
    const imported = await inChild("import", file, join(dir, "import.sqlite"));
    // The same database again, with a file where one model in ten was reviewed since.
    const reimport = await inChild("import", changed, join(dir, "import.sqlite"));
    return { models, validate, import: imported, reimport };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `reviewedAgain: n`: every nth model has a later `reviewed_on`, so importing it over the first file changes those. */
function writeGeneratedFile(
  file: string,
  models: number,
  systems: number,
  options: { reviewedAgain?: number } = {},
): void {
  const registry = generateRegistry(models, systems);
  const every = options.reviewedAgain;
  if (every) {
    for (const [index, model] of registry.models.entries()) if (index % every === 0) model.reviewed_on = "2026-11-02";
  }
  writeFileSync(file, stringify(toRegistryFile(registry), { lineWidth: 0 }));
}

function inChild(phase: "validate" | "import", file: string, database: string): Promise<RegistryPhase> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", self, phase, file, database], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`registry ${phase} bench exited with ${code}`));
      else resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as RegistryPhase);
    });
  });
}

/** In the child: one phase, timed from reading the file, then its figures as JSON on stdout. */
async function runPhase(phase: string, file: string, database: string): Promise<void> {
  // What bin/aigov.js sets before the CLI runs (see there).
  setFlagsFromString("--semi-space-growth-factor=1");
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const registry = await readRegistryFile(file);
  if (phase === "import") {
    const deps = await openDeps(loadConfig({ DATABASE_URL: database, LOG_LEVEL: "error" }), { writeLog: () => {} });
    await deps.registry.importRegistry(registry, "bench");
    await deps.db.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ seconds, cpuSeconds, peakMb: process.resourceUsage().maxRSS / 1024 }));
}

/**
 * Run on its own for profiling (`node --cpu-prof --import tsx bench/registry-bench.ts …`):
 * `write N FILE` writes the generated file; `validate FILE` and `import FILE DB` run one phase;
 * `N` runs both phases for N models.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [phase, file, database] = process.argv.slice(2);
  if (phase === "write") writeGeneratedFile(database ?? "", Number(file), Math.round(Number(file) / 5));
  else if (phase === "validate" || phase === "import") await runPhase(phase, file ?? "", database ?? "");
  else {
    const models = Number(phase ?? 100_000);
    console.log(JSON.stringify(await benchRegistry(models, Math.round(models / 5))));
  }
}
