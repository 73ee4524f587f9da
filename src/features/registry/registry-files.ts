import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { stringify } from "yaml";
import { AppError, messageOf } from "../../errors.ts";
import { count } from "../../plural.ts";
import { draftRegistryFromLitellm } from "./litellm-draft.ts";
import type { Registry } from "./registry.ts";
import { toRegistryFile } from "./registry-file-format.ts";
import type { ImportSummary, RegistryService } from "./registry-service.ts";
import { formatProblem, type RegistryValidation, validateRegistryText } from "./registry-validator.ts";

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : messageOf(error);
    throw new AppError("registry_file_unreadable", `Cannot read ${what} ${path}: ${reason}`);
  }
}

/** Reads and checks a registry file, collecting every problem. */
export async function checkRegistryFile(path: string): Promise<RegistryValidation> {
  return validateRegistryText(await readText(path, "registry file"));
}

/** Reads a registry file; throws registry_invalid listing every problem with file and line. */
export async function readRegistryFile(path: string): Promise<Registry> {
  return parseRegistryText(await readText(path, "registry file"), path);
}

function parseRegistryText(text: string, path: string): Registry {
  const result = validateRegistryText(text);
  if (result.ok) return result.registry;
  const lines = result.problems.map((problem) => formatProblem(problem, path));
  throw new AppError(
    "registry_invalid",
    `${path} has ${count(result.problems.length, "problem")}:\n${lines.join("\n")}`,
    lines,
  );
}

/**
 * Imports a registry file unless its content is exactly what was imported
 * last (same SHA-256): then it is neither parsed nor validated, and null
 * comes back. Start-up with a large unchanged file costs a hash, not seconds.
 */
export async function importRegistryFileIfChanged(
  registry: RegistryService,
  path: string,
  actor: string,
): Promise<ImportSummary | null> {
  const text = await readText(path, "registry file");
  const fileHash = createHash("sha256").update(text).digest("hex");
  if ((await registry.importedFileHash()) === fileHash) return null;
  return registry.importRegistry(parseRegistryText(text, path), actor, { fileHash });
}

/** A registry draft from LiteLLM's catalog file, as YAML that passes validation. */
export async function draftFromLitellmFile(path: string): Promise<{ yaml: string; models: number; skipped: number }> {
  let catalog: unknown;
  try {
    catalog = JSON.parse(await readText(path, "LiteLLM catalog"));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("registry_file_unreadable", `Cannot read LiteLLM catalog ${path}: ${messageOf(error)}`);
  }
  const { registry, skipped } = draftRegistryFromLitellm(catalog);
  const header = [
    `# Registry draft generated from the LiteLLM model catalog (${path}).`,
    "# Every chat model is under_review and allowed public data only: review, approve and add systems before importing.",
  ].join("\n");
  return {
    yaml: `${header}\n${stringify(toRegistryFile(registry), { lineWidth: 0 })}`,
    models: registry.models.length,
    skipped,
  };
}
