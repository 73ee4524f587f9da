import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { toRegistryFile } from "../src/features/registry/registry-file-format.ts";
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

/**
 * Reports the process's CPU time and peak resident memory on file descriptor 3 as it exits. Loaded with
 * `--import` before the CLI, so it measures `node bin/aigov.js …` whole, module loading included, as an
 * operator runs it.
 */
const USAGE_REPORT = `data:text/javascript,${encodeURIComponent(
  'import { writeSync } from "node:fs"; process.on("exit", () => { const cpu = process.cpuUsage(); writeSync(3, JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMb: process.resourceUsage().maxRSS / 1024 })); });',
)}`;

const CLI = fileURLToPath(new URL("../bin/aigov.js", import.meta.url));

/** `aigov registry validate|import FILE` through the compiled CLI, as an operator runs it. */
function inChild(phase: "validate" | "import", file: string, database: string): Promise<RegistryPhase> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", USAGE_REPORT, CLI, "registry", phase, file], {
      env: { ...process.env, DATABASE_URL: database, LOG_LEVEL: "error" },
      stdio: ["ignore", "ignore", "inherit", "pipe"],
    });
    let usage = "";
    child.stdio[3]?.on("data", (chunk: Buffer) => {
      usage += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`aigov registry ${phase} exited with ${code}`));
      else
        resolve({
          seconds: (performance.now() - started) / 1000,
          ...(JSON.parse(usage) as Omit<RegistryPhase, "seconds">),
        });
    });
  });
}

/**
 * `write N FILE` writes the generated file for N models, e.g. to profile the CLI on it
 * (`node --cpu-prof bin/aigov.js registry import FILE`); `N` runs the bench for N models.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [first, second] = process.argv.slice(2);
  if (first === "write") writeGeneratedFile(process.argv[4] ?? "", Number(second), Math.round(Number(second) / 5));
  else {
    const models = Number(first ?? 100_000);
    console.log(JSON.stringify(await benchRegistry(models, Math.round(models / 5))));
  }
}
