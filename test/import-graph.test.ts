import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * Keeps the layout the developers' guide draws: features reach each other
 * only through services, rules never see Slack, and each outside system has
 * one door. A rule broken here fails with every offending import named.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "src");

interface Import {
  /** The importing file, relative to the project root. */
  from: string;
  /** What it names: a package ("@slack/types") or a project path ("src/features/x/y.ts"). */
  target: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const from = relative(ROOT, file);
  const toTarget = (specifier: string) =>
    specifier.startsWith(".") ? relative(ROOT, resolve(dirname(file), specifier)) : specifier;
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    found.push({ from, target: toTarget(match[3] ?? ""), typeOnly: match[2] !== undefined });
  }
  for (const match of text.matchAll(DYNAMIC_IMPORT)) {
    found.push({ from, target: toTarget(match[1] ?? ""), typeOnly: false });
  }
  return found;
}

const FILES = sourceFiles(SRC);
const IMPORTS = FILES.flatMap(importsOf);

/**
 * Modules of pure functions and constants over a feature's plain data, with
 * no state and no I/O, which other features may call directly.
 */
const PLAIN_DATA = new Set([
  // The registry's model domain, over the catalog that registry.catalog() hands out.
  "src/features/registry/registry.ts",
  "src/features/registry/model-catalog.ts",
  "src/features/registry/model-status.ts",
  "src/features/registry/model-alternatives.ts",
  "src/features/registry/name-reading.ts",
  "src/features/registry/name-words.ts",
  "src/features/incidents/incident.ts",
]);

function featureOf(path: string): string | null {
  return /^src\/features\/([^/]+)\//.exec(path)?.[1] ?? null;
}

function describeAll(imports: Import[]): string {
  return imports.map((i) => `${i.from} -> ${i.target}`).join("\n");
}

describe("the import graph", () => {
  it("reads the imports it checks", () => {
    assert.ok(FILES.length > 50, `found only ${FILES.length} source files`);
    assert.ok(
      IMPORTS.some((i) => i.from === "src/main.ts" && i.target === "src/config.ts"),
      "the parser missed main.ts importing config.ts",
    );
  });

  it("never lets a feature use another feature's listeners or Block Kit builders", () => {
    const crossing = IMPORTS.filter((i) => {
      const from = featureOf(i.from);
      const to = featureOf(i.target);
      return from && to && from !== to && /\/(listeners|[^/]*-blocks)\.ts$/.test(i.target);
    });
    assert.ok(crossing.length === 0, `features reach into each other's Slack adapters:\n${describeAll(crossing)}`);
  });

  it("lets a feature run another feature's code only through its service or its plain data modules", () => {
    // Plain data types (type-only imports) are shared freely; code runs through the owner's service.
    const crossing = IMPORTS.filter((i) => {
      const from = featureOf(i.from);
      const to = featureOf(i.target);
      return from && to && from !== to && !i.typeOnly && !/-service\.ts$/.test(i.target) && !PLAIN_DATA.has(i.target);
    });
    assert.ok(crossing.length === 0, `features run each other's internals:\n${describeAll(crossing)}`);
  });

  it("keeps services free of Slack", () => {
    const slackInServices = IMPORTS.filter(
      (i) => /-service\.ts$/.test(i.from) && (i.target.startsWith("@slack/") || i.target.startsWith("src/slack/")),
    );
    assert.ok(slackInServices.length === 0, `services that know Slack:\n${describeAll(slackInServices)}`);
  });

  it("shows Bolt only to listeners and the Slack adapter layer", () => {
    const bolt = IMPORTS.filter(
      (i) =>
        i.target === "@slack/bolt" &&
        !i.from.endsWith("/listeners.ts") &&
        !i.from.startsWith("src/slack/") &&
        i.from !== "src/app.ts",
    );
    assert.ok(bolt.length === 0, `Bolt types outside the adapters:\n${describeAll(bolt)}`);
  });

  it("gives each outside system one door", () => {
    const openai = IMPORTS.filter((i) => i.target === "openai" && !i.from.startsWith("src/llm/"));
    assert.ok(openai.length === 0, `openai imported outside src/llm:\n${describeAll(openai)}`);
    const envReaders = FILES.filter(
      (file) =>
        relative(ROOT, file) !== "src/config.ts" && /process\.env\b(?!\s+itself)/.test(readFileSync(file, "utf8")),
    ).map((file) => relative(ROOT, file));
    assert.ok(envReaders.length === 0, "only src/config.ts reads process.env");
  });

  it("builds dependencies in one place, without late binding", () => {
    const main = readFileSync(join(SRC, "main.ts"), "utf8");
    const openDeps = /export async function openDeps\([\s\S]*?\n}\n/.exec(main)?.[0];
    assert.ok(openDeps, "main.ts has no openDeps");
    // A dependency declared empty and filled in later hides a cycle between the services.
    assert.doesNotMatch(openDeps, /\blet\s+\w+\s*:[^=;]*\|\s*null\s*=\s*null/, "openDeps binds a dependency late");
    const adapters = IMPORTS.filter((i) => i.target === "src/main.ts" && !i.from.startsWith("src/cli/"));
    assert.ok(adapters.length === 0, `only the CLI starts from main.ts:\n${describeAll(adapters)}`);
  });
});
