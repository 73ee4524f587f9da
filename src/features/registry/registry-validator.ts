import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { messageOf } from "../../errors.ts";
import { nameKey } from "./name-key.ts";
import { plainYamlLines, readPlainYaml } from "./plain-yaml.ts";
import type { Registry } from "./registry.ts";
import { registryFileSchema } from "./registry-schemas.ts";

export type PathSegment = string | number;

export interface RegistryProblem {
  path: string;
  line: number | null;
  message: string;
}

export type RegistryValidation = { ok: true; registry: Registry } | { ok: false; problems: RegistryProblem[] };

/**
 * Parses and checks a registry file, collecting every problem at once (with
 * its path and line) so a reviewer fixes a file in one pass.
 */
export function validateRegistryText(source: string): RegistryValidation {
  const plain = readPlainYaml(source);
  if (plain) {
    let lineOf: ((path: readonly PathSegment[]) => number | null) | null = null;
    return validateRegistryData(plain.value, (path) => {
      lineOf ??= plainYamlLines(source);
      return lineOf(path);
    });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        path: "(file)",
        line: error.linePos?.[0].line ?? null,
        message: `YAML syntax: ${error.message.split("\n")[0]}`,
      })),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved or exploding aliases ("billion laughs") surface here, not as parse errors.
    return { ok: false, problems: [{ path: "(file)", line: null, message: `YAML: ${messageOf(error)}` }] };
  }
  const lineOf = (path: readonly PathSegment[]) => {
    const offset = locate(doc.contents, path);
    return offset === null ? null : lineCounter.linePos(offset).line;
  };
  return validateRegistryData(raw, lineOf);
}

/** The same checks for data that did not come from YAML (JSON, drafts). */
export function validateRegistryData(
  raw: unknown,
  lineOf: (path: readonly PathSegment[]) => number | null = () => null,
): RegistryValidation {
  const found: { path: PathSegment[]; message: string }[] = [];
  const parsed = registryFileSchema.safeParse(raw, { error: (issue) => describeIssue(issue) });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) found.push({ path: [...pathOf(issue), key], message: "unknown key" });
      } else {
        found.push({ path: pathOf(issue), message: issue.message });
      }
    }
  }
  found.push(...checkReferences(raw));

  if (found.length === 0 && parsed.success) return { ok: true, registry: parsed.data };
  const problems = dedupe(found).map((problem) => ({
    path: formatPath(problem.path),
    line: lineOf(problem.path),
    message: problem.message,
  }));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, problems };
}

export function formatProblem(problem: RegistryProblem, file?: string): string {
  const where = [file, problem.line].filter((part) => part !== undefined && part !== null).join(":");
  return `${where ? `${where}: ` : ""}${problem.path}: ${problem.message}`;
}

export function formatPath(path: readonly PathSegment[]): string {
  let result = "";
  for (const segment of path) {
    result += typeof segment === "number" ? `[${segment}]` : result === "" ? segment : `.${segment}`;
  }
  return result || "(root)";
}

function pathOf(issue: z.core.$ZodIssue): PathSegment[] {
  return issue.path.filter((segment): segment is PathSegment => typeof segment !== "symbol");
}

function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === "invalid_type" && issue.input === undefined) return "is required";
  if (issue.code === "invalid_value" && "values" in issue) {
    return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}, got ${JSON.stringify(issue.input)}`;
  }
  if (issue.code === "invalid_type") return `expected ${issue.expected}, got ${describeValue(issue.input)}`;
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function dedupe<T extends { path: PathSegment[]; message: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${formatPath(item.path)}\u0000${item.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Returns the offset of the node at path, or of its nearest existing parent. */
function locate(root: unknown, path: readonly PathSegment[]): number | null {
  let node: unknown = root;
  let best: number | null = offsetOf(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === segment);
      if (!pair) break;
      node = pair.value ?? pair.key;
      best = offsetOf(pair.value) ?? offsetOf(pair.key) ?? best;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (node === undefined) break;
      best = offsetOf(node) ?? best;
    } else {
      break;
    }
  }
  return best;
}

function offsetOf(node: unknown): number | null {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : null;
}

// ---- cross-references, checked on the raw data so they are reported even
// ---- when other parts of the file fail the schema.

type Found = { path: PathSegment[]; message: string };

/**
 * Calls `visit` with each mapping of a section and its index. Loops with
 * callbacks rather than lists of pairs: the checks walk 100,000 models
 * several times, and each pair is garbage.
 */
function eachRecord(raw: unknown, key: string, visit: (index: number, item: Record<string, unknown>) => void): void {
  const list = (raw as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) return;
  for (let index = 0; index < list.length; index++) {
    const item: unknown = list[index];
    if (item && typeof item === "object" && !Array.isArray(item)) visit(index, item as Record<string, unknown>);
  }
}

function eachString(value: unknown, visit: (index: number, item: string) => void): void {
  if (!Array.isArray(value)) return;
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (typeof item === "string") visit(index, item);
  }
}

function idsOf(raw: unknown, section: string, found: Found[]): Set<string> {
  const ids = new Set<string>();
  eachRecord(raw, section, (index, item) => {
    if (typeof item.id !== "string") return;
    if (ids.has(item.id)) found.push({ path: [section, index, "id"], message: `duplicate id "${item.id}"` });
    ids.add(item.id);
  });
  return ids;
}

type NameField = "id" | "name" | "alias";

/**
 * Calls `visit` with each name of an entry (its id, name if `withNames`,
 * and aliases) and, for an alias, its index. Paths are built by `namePath`
 * only for a problem: a 100,000-model file has half a million names and few problems.
 */
function forEachName(
  item: Record<string, unknown>,
  withNames: boolean,
  visit: (field: NameField, name: string, aliasIndex: number) => void,
): void {
  if (typeof item.id === "string") visit("id", item.id, -1);
  if (withNames && typeof item.name === "string") visit("name", item.name, -1);
  eachString(item.aliases, (aliasIndex, alias) => visit("alias", alias, aliasIndex));
}

function namePath(section: string, index: number, field: NameField, aliasIndex: number): PathSegment[] {
  return field === "alias" ? [section, index, "aliases", aliasIndex] : [section, index, field];
}

/** Names people type must lead to one thing: no alias may stand for two. */
function checkNameClashes(raw: unknown, section: string, withNames: boolean, found: Found[]): void {
  const owners = new Map<string, string>();
  eachRecord(raw, section, (index, item) => {
    const id = typeof item.id === "string" ? item.id : `#${index}`;
    const ownKeys: string[] = [];
    forEachName(item, withNames, (field, name, aliasIndex) => {
      const key = nameKey(name);
      if (key === "" || ownKeys.includes(key)) return;
      ownKeys.push(key);
      const owner = owners.get(key);
      if (owner !== undefined && owner !== id && field !== "id") {
        found.push({
          path: namePath(section, index, field, aliasIndex),
          message: `duplicate ${field} "${name}": already used by "${owner}"`,
        });
      } else if (owner === undefined) {
        owners.set(key, id);
      }
    });
  });
}

const LATIN = /\p{Script=Latin}/u;
const LOOK_ALIKE_SCRIPTS = [
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
] as const;

/**
 * A Cyrillic "О" or a Greek "ο" among Latin letters looks like the Latin
 * letter but is another name: two entries that read the same would slip past
 * the duplicate checks, and nobody could type the forged one.
 */
function lookAlike(text: string): string | null {
  // Plain ASCII, by far the most names, cannot mix scripts.
  if (!/[^ -~]/.test(text) || !LATIN.test(text)) return null;
  for (const char of text) {
    for (const [script, pattern] of LOOK_ALIKE_SCRIPTS) {
      if (pattern.test(char)) {
        const code = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
        return `contains ${script} '${char}' (U+${code}) among Latin letters`;
      }
    }
  }
  return null;
}

function checkLookAlikes(raw: unknown, section: string, found: Found[]): void {
  eachRecord(raw, section, (index, item) => {
    forEachName(item, true, (field, name, aliasIndex) => {
      const problem = lookAlike(name);
      if (problem) found.push({ path: namePath(section, index, field, aliasIndex), message: problem });
    });
  });
}

function checkReferences(raw: unknown): Found[] {
  const found: Found[] = [];
  for (const section of ["data_classes", "use_cases", "vendors", "models", "systems"]) {
    checkLookAlikes(raw, section, found);
  }
  const dataClasses = idsOf(raw, "data_classes", found);
  const useCases = idsOf(raw, "use_cases", found);
  const vendors = idsOf(raw, "vendors", found);
  const models = idsOf(raw, "models", found);
  idsOf(raw, "systems", found);
  checkNameClashes(raw, "data_classes", true, found);
  checkNameClashes(raw, "use_cases", true, found);
  checkNameClashes(raw, "models", true, found);

  // The path is built only for an unknown reference: there are over half a million known ones.
  const expectKnown = (value: unknown, known: Set<string>, what: string, path: () => PathSegment[]) => {
    if (typeof value === "string" && !known.has(value))
      found.push({ path: path(), message: `unknown ${what} "${value}"` });
  };

  eachRecord(raw, "models", (index, model) => {
    expectKnown(model.vendor, vendors, "vendor", () => ["models", index, "vendor"]);
    expectKnown(model.max_data_class, dataClasses, "data class", () => ["models", index, "max_data_class"]);
    eachString(model.use_cases, (i, useCase) => {
      expectKnown(useCase, useCases, "use case", () => ["models", index, "use_cases", i]);
    });
    eachString(model.alternatives, (i, alternative) => {
      expectKnown(alternative, models, "model", () => ["models", index, "alternatives", i]);
      if (alternative === model.id) {
        found.push({ path: ["models", index, "alternatives", i], message: "a model cannot be its own alternative" });
      }
    });
    const conditions = typeof model.conditions === "string" ? model.conditions.trim() : "";
    if (model.status === "restricted" && conditions === "") {
      found.push({ path: ["models", index, "conditions"], message: "is required when status is restricted" });
    }
  });
  eachRecord(raw, "systems", (index, system) => {
    expectKnown(system.data_class, dataClasses, "data class", () => ["systems", index, "data_class"]);
    const seen = new Set<string>();
    eachString(system.models, (i, model) => {
      expectKnown(model, models, "model", () => ["systems", index, "models", i]);
      if (seen.has(model))
        found.push({ path: ["systems", index, "models", i], message: `model "${model}" listed twice` });
      seen.add(model);
    });
  });
  return found;
}
