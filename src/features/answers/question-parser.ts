import { nameKey } from "../registry/name-key.ts";
import type { DataClass, Model, UseCase, Vendor } from "../registry/registry.ts";
import { editDistance, type PhraseMatch, type Token, tokenize } from "./phrase-index.ts";
import { modelsWithKeyPrefix, type RegistryKnowledge } from "./registry-knowledge.ts";

export const INTENTS = [
  "status",
  "data",
  "use_case",
  "alternatives",
  "list",
  "dependents",
  "retiring",
  "unknown",
] as const;
export type Intent = (typeof INTENTS)[number];

export interface ParsedQuestion {
  intent: Intent;
  /** The models the question names, each resolved to one registry entry. */
  models: Model[];
  /**
   * Several models for one question. `several` when the text names each of
   * them (a yes-or-no question is answered for each); `phrase` when one name
   * fits several registry entries, and `family` when a bare family name
   * ("gemini") does: the user picks one.
   */
  ambiguous: { phrase: string; candidates: Model[]; kind: "several" | "phrase" | "family" } | null;
  /** Typos forgiven, to say how the question was read. */
  corrections: { phrase: string; model: Model }[];
  /** Close names for a model the registry does not have. */
  suggestions: Model[];
  /** What the user called a model the registry does not know. */
  unknownModelPhrase: string | null;
  /**
   * A name beside the recognised models that is not one of them: another
   * version ("llama 3") or a family ("claude"), with the models it is near.
   */
  unrecognized: { phrase: string; near: Model[]; kind: "family" | "unknown" } | null;
  dataClass: DataClass | null;
  useCase: UseCase | null;
  vendor: Vendor | null;
  openWeights: boolean;
  selfHosted: boolean;
  /** Horizon of a retiring question. */
  days: number;
}

const RETIRING =
  /\b(retir(e|es|ed|ing|ement|ements)|sunset(s|ting)?|end[- ]of[- ]life|eol|shut(ting)?[- ]?down|turned off|switched off|going away)\b/;
const DEPENDENTS =
  /\b(which|what) (internal )?(systems?|services?|apps?|applications?|teams?|products?|tools?)\b|\bwho (uses|is using|relies|depends|owns|runs)\b|\bdepend(s|ing|ent|ents|encies)?( on)?\b|\brel(y|ies|ying) on\b|\bbuilt (on|with)\b|\baffected\b|\bimpact(ed)?\b/;
const ALTERNATIVES =
  /\binstead\b|\balternatives?\b|\breplace(ment|ments|d)?\b|\bsubstitut\w*|\bswitch(ing)? (away )?(from|to|off)\b|\bfall ?backs?\b|\bmigrat\w* (off|from|away)\b|\bmove (off|away)\b|\bsimilar to\b|\brather than\b/;
const LIST =
  /\b(which|what|list|show|any|all)\b[^?]*\b(models?|llms?|ais?|options?|tools?)\b|\bwhat (can|could|should|may) (i|we) use\b|\bwhat('s| is) (approved|allowed|available)\b|\bopen[- ]weights?\b|\bself[- ]host(ed|able)?\b/;
const STATUS =
  /\b(approved|allowed|permitted|sanctioned|authori[sz]ed|banned|blocked|prohibited|ok|okay|fine|safe|status|legal|supported|cleared|green[- ]?lit)\b|\b(can|may|could) (i|we|my team|our team) (use|try|adopt)\b|\bstill (usable|available|ok)\b/;
const OPEN_WEIGHTS = /\bopen[- ]?(weights?|source|models?)\b/;
const SELF_HOSTED = /\b(self[- ]?host(ed|able|ing)?|on[- ]prem(ise|ises)?|locally|run (it )?ourselves)\b/;

/** Words that are never part of a model name, so typo matching skips them. */
const STOPWORDS = new Set(
  (
    "a an the is are am was were be been being i we you he she they it its my our your me us them this that these those " +
    "can could may might should would will shall do does did done to of on in at for with from by about into over under " +
    "what which who whom whose how when where why any all some list show tell please hey hi hello thanks thank " +
    "model models ai llm llms tool tools use using used approved allowed permitted ok okay fine safe status still now yet " +
    "instead alternative alternatives replace replacement similar data system systems team teams depend depends " +
    "retire retires retiring retired next days day weeks week months month and or not no yes if else than rather " +
    "available open weights weight source self hosted host vendor vendors policy allowed banned blocked prohibited " +
    "anything something there here get got go going want need like just also only which's what's whats whos aigov"
  ).split(" "),
);

/** "open-weight" and "what's" are made of stopwords too. */
function isStopword(token: Token): boolean {
  const word = token.text.toLowerCase();
  return (
    STOPWORDS.has(word) ||
    word.split(/[-'._]+/).every((part) => part === "" || /^[a-z]$/.test(part) || STOPWORDS.has(part))
  );
}

export function parseQuestion(knowledge: RegistryKnowledge, question: string): ParsedQuestion {
  const text = question
    .replace(/<@[A-Z0-9]+>/g, " ")
    .replace(/[\u2018\u2019]/g, "'")
    .trim();
  const lower = text.toLowerCase();
  const tokens = tokenize(text);

  const { kept: exactModels, otherVersions } = splitOtherVersions(
    knowledge.models.findAll(tokens, text, { maxDistance: 0 }),
    tokens,
  );
  const taken = takenBy(exactModels);
  for (const match of otherVersions) for (let i = match.from; i <= match.to; i++) taken.add(i);
  const dataClassMatch = knowledge.dataClasses.findAll(tokens, text, { maxDistance: 0, skip: taken });
  markTaken(taken, dataClassMatch);
  const useCaseMatch = knowledge.useCases.findAll(tokens, text, { maxDistance: 0, skip: taken });
  markTaken(taken, useCaseMatch);
  const vendorMatch = knowledge.vendors.findAll(tokens, text, { maxDistance: 0, skip: taken });
  markTaken(taken, vendorMatch);

  const skipForTypos = new Set(taken);
  tokens.forEach((token, index) => {
    if (isStopword(token)) skipForTypos.add(index);
  });
  const typoModels = knowledge.models.findAll(tokens, text, { maxDistance: 2, skip: skipForTypos });

  const models: Model[] = [];
  const corrections: ParsedQuestion["corrections"] = [];
  let ambiguous: ParsedQuestion["ambiguous"] = null;
  const suggestions: Model[] = [];
  let nearMissPhrase: string | null = null;
  for (const match of otherVersions) {
    nearMissPhrase ??= `${match.phrase} ${tokens[match.to]?.text ?? ""}`.trim();
    for (const model of match.values) if (!suggestions.includes(model)) suggestions.push(model);
  }
  for (const match of [...exactModels, ...typoModels]) {
    if (!isForgivable(match)) {
      nearMissPhrase ??= match.phrase;
      for (const model of match.values) if (!suggestions.includes(model)) suggestions.push(model);
      continue;
    }
    if (match.values.length > 1) {
      ambiguous ??= { phrase: match.phrase, candidates: match.values, kind: "phrase" };
      continue;
    }
    const model = match.values[0] as Model;
    if (!models.includes(model)) models.push(model);
    if (match.distance > 0) corrections.push({ phrase: match.phrase, model });
  }

  if (models.length > 1 && !ambiguous) {
    ambiguous = { phrase: joinPhrases(exactModels, typoModels), candidates: models.splice(0), kind: "several" };
  }
  const leftover = leftoverPhrase(tokens, text, new Set([...takenBy(typoModels), ...taken]));
  if (models.length === 0 && !ambiguous && suggestions.length === 0 && leftover) {
    const family = modelsNamedLike(knowledge, leftover);
    if (family.length > 1) ambiguous = { phrase: leftover, candidates: family, kind: "family" };
    else suggestions.push(...family, ...similarModels(knowledge, leftover).filter((m) => !family.includes(m)));
  }

  const flags = {
    dataClass: firstValue(dataClassMatch),
    useCase: firstValue(useCaseMatch),
    vendor: firstValue(vendorMatch),
    openWeights: OPEN_WEIGHTS.test(lower),
    selfHosted: SELF_HOSTED.test(lower),
  };
  const days = horizonDays(lower);
  const hasModel = models.length > 0 || ambiguous !== null;
  const intent = chooseIntent(lower, hasModel, flags, suggestions.length > 0 || leftover !== null);
  const recognized = [...models, ...(ambiguous?.candidates ?? [])];
  const unrecognized =
    hasModel && ambiguous?.kind !== "family"
      ? besideModels(knowledge, recognized, { phrase: nearMissPhrase, models: suggestions }, leftover)
      : null;

  return {
    intent,
    models,
    ambiguous,
    corrections,
    suggestions: suggestions.slice(0, 3),
    unknownModelPhrase: hasModel ? null : (nearMissPhrase ?? leftover),
    unrecognized,
    ...flags,
    days,
  };
}

const VERSION = /^v?\d+(?:[.-]\d+)*[a-z]?$/i;

/**
 * "Opus 4.8" is not "Opus 5": an alias without a version, followed by a
 * version the model does not have, names another model.
 */
function splitOtherVersions(
  matches: PhraseMatch<Model>[],
  tokens: readonly Token[],
): { kept: PhraseMatch<Model>[]; otherVersions: PhraseMatch<Model>[] } {
  const kept: PhraseMatch<Model>[] = [];
  const otherVersions: PhraseMatch<Model>[] = [];
  for (const match of matches) {
    const next = tokens[match.to]?.text;
    const versionless = !/\d/.test(match.phrase);
    if (versionless && next && VERSION.test(next)) {
      const named = versionDigits(next);
      const same = match.values.filter((model) => versionDigits(model.name) === named);
      if (same.length === 0) {
        otherVersions.push(match);
        continue;
      }
      kept.push({ ...match, values: same, to: match.to + 1 });
      continue;
    }
    kept.push(match);
  }
  return { kept, otherVersions };
}

function versionDigits(text: string): string {
  return (text.match(/\d+(?:\.\d+)*/g) ?? []).join(" ").replace(/(\.0+)+(?=\s|$)/g, "");
}

/** Small typos are forgiven; the longer the name, the more of them. */
function isForgivable(match: PhraseMatch<unknown>): boolean {
  const length = nameKey(match.phrase).length;
  return match.distance === 0 || (match.distance === 1 && length >= 5) || (match.distance === 2 && length >= 10);
}

function chooseIntent(
  lower: string,
  hasModel: boolean,
  flags: { dataClass: unknown; useCase: unknown; vendor: unknown; openWeights: boolean; selfHosted: boolean },
  namesSomethingUnknown: boolean,
): Intent {
  if (hasModel) {
    if (DEPENDENTS.test(lower)) return "dependents";
    if (ALTERNATIVES.test(lower)) return "alternatives";
    if (flags.dataClass) return "data";
    if (flags.useCase) return "use_case";
    return "status";
  }
  if (RETIRING.test(lower)) return "retiring";
  const filtered = Boolean(flags.dataClass || flags.useCase || flags.vendor || flags.openWeights || flags.selfHosted);
  if (LIST.test(lower) && !namesSomethingUnknown) return "list";
  if (filtered && !namesSomethingUnknown && (LIST.test(lower) || STATUS.test(lower) || /\?$/.test(lower))) {
    return "list";
  }
  if (namesSomethingUnknown && (STATUS.test(lower) || ALTERNATIVES.test(lower) || DEPENDENTS.test(lower))) {
    if (DEPENDENTS.test(lower)) return "dependents";
    if (ALTERNATIVES.test(lower)) return "alternatives";
    if (flags.dataClass) return "data";
    if (flags.useCase) return "use_case";
    return "status";
  }
  if (LIST.test(lower) || filtered) return "list";
  return "unknown";
}

function horizonDays(lower: string): number {
  const match = lower.match(/\b(\d{1,4})\s*(day|days|week|weeks|month|months)\b/);
  if (!match) return 90;
  const amount = Number(match[1]);
  const unit = match[2] ?? "days";
  if (unit.startsWith("week")) return amount * 7;
  if (unit.startsWith("month")) return amount * 30;
  return amount;
}

function takenBy(matches: readonly PhraseMatch<unknown>[]): Set<number> {
  const taken = new Set<number>();
  markTaken(taken, matches);
  return taken;
}

function markTaken(taken: Set<number>, matches: readonly PhraseMatch<unknown>[]): void {
  for (const match of matches) for (let i = match.from; i < match.to; i++) taken.add(i);
}

function firstValue<T>(matches: readonly PhraseMatch<T>[]): T | null {
  return matches[0]?.values[0] ?? null;
}

/** What is left once known words are removed: likely a model we do not know. */
function leftoverPhrase(tokens: readonly Token[], text: string, taken: Set<number>): string | null {
  const kept: Token[] = [];
  tokens.forEach((token, index) => {
    if (!taken.has(index) && !isStopword(token)) kept.push(token);
  });
  if (kept.length === 0 || kept.length > 4) return null;
  const first = kept[0] as Token;
  const last = kept[kept.length - 1] as Token;
  const phrase = text.slice(first.start, last.end).replace(/[?!.,]+$/, "");
  return /\p{L}/u.test(phrase) ? phrase : null;
}

function joinPhrases(...lists: PhraseMatch<unknown>[][]): string {
  return lists
    .flat()
    .map((match) => match.phrase)
    .join(" / ");
}

/**
 * A name left beside the recognised models that looks like a model's:
 * another version, or a family. Leftover words that belong to a recognised
 * model's own name ("Claude" in "Claude Mythos", matched by its alias) are
 * not one.
 */
function besideModels(
  knowledge: RegistryKnowledge,
  recognized: readonly Model[],
  nearMiss: { phrase: string | null; models: Model[] },
  leftover: string | null,
): ParsedQuestion["unrecognized"] {
  if (nearMiss.phrase) return { phrase: nearMiss.phrase, near: nearMiss.models.slice(0, 3), kind: "unknown" };
  if (!leftover) return null;
  const unrelated = (near: Model[]) => near.length > 0 && !near.some((model) => recognized.includes(model));
  const family = modelsNamedLike(knowledge, leftover);
  if (unrelated(family)) return { phrase: leftover, near: family, kind: "family" };
  const similar = family.length > 0 ? [] : similarModels(knowledge, leftover);
  return unrelated(similar) ? { phrase: leftover, near: similar, kind: "unknown" } : null;
}

/** "gemini" → every Gemini model: the phrase starts one of their names. */
function modelsNamedLike(knowledge: RegistryKnowledge, phrase: string): Model[] {
  const key = nameKey(phrase);
  return key.length < 3 ? [] : modelsWithKeyPrefix(knowledge, key, 10);
}

/** "llama 3" → Llama 4 Maverick: same leading letters, other version. */
function similarModels(knowledge: RegistryKnowledge, phrase: string): Model[] {
  const key = nameKey(phrase);
  const stem = key.match(/^[a-z]+/)?.[0] ?? "";
  if (stem.length < 3) return [];
  const closeness = (model: Model) => editDistance(key, nameKey(model.name), 99);
  return modelsWithKeyPrefix(knowledge, stem, 20)
    .sort((a, b) => closeness(a) - closeness(b))
    .slice(0, 3);
}
