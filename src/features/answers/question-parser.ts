import { modelsWithKeyPrefix, type RegistryKnowledge } from "../registry/model-catalog.ts";
import { nameKey } from "../registry/name-key.ts";
import { FUNCTION_WORDS, looksEnglish } from "../registry/name-words.ts";
import { editDistance, type Token, tokenize } from "../registry/phrase-index.ts";
import type { DataClass, Model, UseCase, Vendor } from "../registry/registry.ts";
import { type Mention, resolveSpans } from "../registry/span-resolver.ts";
import { DATA_NOUNS, DATA_PREPOSITIONS, DATA_VERBS, DETERMINERS, NOT_A_USE } from "./question-words.ts";

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
  /** Typos forgiven (in model, data class, use case or vendor names), to say how the question was read. */
  corrections: { phrase: string; name: string }[];
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
  /** Data the question speaks of that is no registry data class or alias: "customer phone numbers". */
  unknownData: string | null;
  /** A use the question names that is no registry use case: "legal review". */
  unknownUseCase: string | null;
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

/** Slack markup, emoji and "asking for the design team" say nothing about models. */
const SLACK_MARKUP = /<[@#!][^>]*>|<(?:https?|mailto):[^>]*>|\bhttps?:\/\/\S+/g;
const EMOJI_CODE = /:[a-z0-9_+'-]+:/gi;
const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}]|\u{FE0F}|\u{200D}/gu;
const ASKING_FOR =
  /\b(?:asking|checking|wondering|on behalf)\s+(?:for|of)\s+(?:(?:the|a|my|our|some)\s+)?(?:[\p{L}&-]+\s+){0,3}?(?:team|teams|folks|colleagues?|friends?|manager|boss|people|group|squad|dept|department|org)\b/giu;

/** At most this many words make one unknown name; a longer run of them is prose. */
const MAX_UNKNOWN_NAME_WORDS = 4;

export function parseQuestion(knowledge: RegistryKnowledge, question: string): ParsedQuestion {
  const text = question
    .replace(SLACK_MARKUP, " ")
    .replace(EMOJI_CODE, " ")
    .replace(EMOJI, " ")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(ASKING_FOR, " ")
    .trim();
  const lower = text.toLowerCase();
  const tokens = tokenize(text);
  const words = tokens.map((token) => token.text.toLowerCase());
  const resolution = resolveSpans(knowledge, tokens, text);
  const claimed = [...resolution.covered];

  const corrections: ParsedQuestion["corrections"] = [];
  const named = <T extends { name: string | null; id: string }>(mentions: Mention<T>[]): T | null => {
    const first = mentions[0];
    const value = first?.values[0];
    if (!first || !value) return null;
    if (first.distance > 0) corrections.push({ phrase: first.phrase, name: value.name ?? value.id });
    return value;
  };
  const dataClass = named(resolution.dataClasses);
  const useCase = named(resolution.useCases);
  const vendor = named(resolution.vendors);
  const { data: unknownData, use: unknownUseCase } = spokenOf(words, claimed, {
    data: dataClass === null,
    use: useCase === null,
  });

  const models: Model[] = [];
  let ambiguous: ParsedQuestion["ambiguous"] = null;
  for (const mention of resolution.models) {
    if (mention.values.length > 1) {
      ambiguous ??= { phrase: mention.phrase, candidates: mention.values, kind: "phrase" };
      continue;
    }
    const model = mention.values[0] as Model;
    if (!models.includes(model)) models.push(model);
    if (mention.distance > 0) corrections.push({ phrase: mention.phrase, name: model.name });
  }
  if (models.length > 1 && !ambiguous) {
    const phrase = resolution.models.map((mention) => mention.phrase).join(" / ");
    ambiguous = { phrase, candidates: models.splice(0), kind: "several" };
  }

  const suggestions: Model[] = [];
  const other = resolution.otherModels[0];
  const nearMissPhrase = other?.phrase ?? null;
  if (other) suggestions.push(...other.near, ...similarModels(knowledge, other.phrase));
  const leftover = unknownName(tokens, text, words, claimed);
  if (models.length === 0 && !ambiguous && !other && leftover) {
    const family = modelsNamedLike(knowledge, leftover);
    if (family.length > 1) ambiguous = { phrase: leftover, candidates: family, kind: "family" };
    else suggestions.push(...family, ...similarModels(knowledge, leftover));
  }

  const flags = {
    dataClass,
    useCase,
    vendor,
    openWeights: OPEN_WEIGHTS.test(lower),
    selfHosted: SELF_HOSTED.test(lower),
  };
  const hasModel = models.length > 0 || ambiguous !== null;
  const about = hasModel || other ? "model" : leftover ? "unknown" : "nothing";
  const intent = chooseIntent(lower, about, { ...flags, unknownData, unknownUseCase });
  const recognized = [...models, ...(ambiguous?.candidates ?? [])];
  const unrecognized =
    hasModel && ambiguous?.kind !== "family"
      ? besideModels(knowledge, recognized, { phrase: nearMissPhrase, models: unique(suggestions) }, leftover)
      : null;

  return {
    intent,
    models,
    ambiguous,
    corrections,
    suggestions: unique(suggestions).slice(0, 3),
    unknownModelPhrase: hasModel ? null : (nearMissPhrase ?? leftover),
    unrecognized,
    ...flags,
    unknownData,
    unknownUseCase,
    days: horizonDays(lower),
  };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * The data and the use a question speaks of in words the registry does not
 * have: the object of "paste", "upload", "share"…; a phrase after "with" or
 * "containing" that has a data noun or an unknown word, or after "into" or
 * "on" one with a data noun ("paste it into ChatGPT" names a tool); and
 * after "for", a data phrase or else a use. Only what the registry's names
 * did not already give is looked for. Their words are claimed, so they are not read as an
 * unknown model's name.
 */
function spokenOf(
  words: readonly string[],
  claimed: boolean[],
  looking: { data: boolean; use: boolean },
): { data: string | null; use: string | null } {
  let data: string | null = null;
  let use: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (claimed[i]) continue;
    const isVerb = DATA_VERBS.has(word);
    const isPreposition = DATA_PREPOSITIONS.has(word);
    if (!isVerb && !isPreposition && word !== "for") continue;
    const object = objectPhrase(words, claimed, i + 1);
    if (!object) continue;
    const hasDataNoun = object.words.some((w) => DATA_NOUNS.has(w));
    const hasUnknownWord = object.words.some((w) => !looksEnglish(w));
    const head = object.words[object.words.length - 1] as string;
    let kind: "data" | "use" | null = null;
    if (isVerb || hasDataNoun) kind = "data";
    else if (isPreposition && word !== "on" && word !== "into" && hasUnknownWord) kind = "data";
    else if (word === "for" && !NOT_A_USE.has(head) && object.words.some((w) => /\p{L}/u.test(w))) kind = "use";
    if (kind === "data" && looking.data && data === null) data = object.words.join(" ");
    else if (kind === "use" && looking.use && use === null) use = object.words.join(" ");
    else continue;
    for (let j = object.from; j < object.to; j++) claimed[j] = true;
  }
  return { data, use };
}

/** The words after a verb or preposition, past "my", "the"…, up to the next function word or registry name. */
function objectPhrase(
  words: readonly string[],
  claimed: readonly boolean[],
  start: number,
): { words: string[]; from: number; to: number } | null {
  let from = start;
  while (from < words.length && !claimed[from] && DETERMINERS.has(words[from] as string)) from++;
  let to = from;
  while (to < words.length && !claimed[to]) {
    const word = words[to] as string;
    if (FUNCTION_WORDS.has(word) && !DATA_NOUNS.has(word)) break;
    to++;
  }
  return to > from ? { words: words.slice(from, to), from, to } : null;
}

/**
 * The first run of words no registry name explains that could be a name:
 * between function words, trimmed of English, with a word that is not English.
 */
function unknownName(
  tokens: readonly Token[],
  text: string,
  words: readonly string[],
  claimed: readonly boolean[],
): string | null {
  let i = 0;
  while (i < tokens.length) {
    if (claimed[i] || FUNCTION_WORDS.has(words[i] as string)) {
      i++;
      continue;
    }
    let end = i;
    while (end < tokens.length && !claimed[end] && !FUNCTION_WORDS.has(words[end] as string)) end++;
    let from = i;
    let to = end;
    while (from < to && looksEnglish(words[from] as string)) from++;
    while (to > from && looksEnglish(words[to - 1] as string)) to--;
    i = end;
    if (to === from || to - from > MAX_UNKNOWN_NAME_WORDS) continue;
    const phrase = text.slice((tokens[from] as Token).start, (tokens[to - 1] as Token).end).replace(/[?!.,]+$/, "");
    if (/\p{L}/u.test(phrase)) return phrase;
  }
  return null;
}

type About = "model" | "unknown" | "nothing";

function chooseIntent(
  lower: string,
  about: About,
  flags: {
    dataClass: unknown;
    useCase: unknown;
    vendor: unknown;
    openWeights: boolean;
    selfHosted: boolean;
    unknownData: string | null;
    unknownUseCase: string | null;
  },
): Intent {
  const byStructure = (): Intent => {
    if (DEPENDENTS.test(lower)) return "dependents";
    if (ALTERNATIVES.test(lower)) return "alternatives";
    if (flags.dataClass || flags.unknownData) return "data";
    if (flags.useCase || flags.unknownUseCase) return "use_case";
    return "status";
  };
  if (about === "model") return byStructure();
  const spokenOf = Boolean(flags.dataClass || flags.useCase || flags.unknownData || flags.unknownUseCase);
  if (about === "unknown") {
    // "nova 9 for translation" is about Nova 9, not a list of translation models.
    if (STATUS.test(lower) || ALTERNATIVES.test(lower) || DEPENDENTS.test(lower) || spokenOf) return byStructure();
    if (LIST.test(lower)) return "list";
    return "unknown";
  }
  if (RETIRING.test(lower)) return "retiring";
  // Only filters the registry names make a list of a question that does not ask for one.
  const filtered = Boolean(flags.dataClass || flags.useCase || flags.vendor || flags.openWeights || flags.selfHosted);
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

/**
 * A name left beside the recognised models: another version glued to one
 * of them, a family ("claude"), or any other word that could be a name. A
 * word of a recognised model's own name ("Claude" in "Claude Fable",
 * matched by its alias "fable") is not one.
 */
function besideModels(
  knowledge: RegistryKnowledge,
  recognized: readonly Model[],
  nearMiss: { phrase: string | null; models: Model[] },
  leftover: string | null,
): ParsedQuestion["unrecognized"] {
  if (nearMiss.phrase) return { phrase: nearMiss.phrase, near: nearMiss.models.slice(0, 3), kind: "unknown" };
  if (!leftover) return null;
  const key = nameKey(leftover);
  const ownWord = recognized.some((model) =>
    [model.name, model.id, ...model.aliases].some((phrase) => nameKey(phrase).includes(key)),
  );
  if (ownWord) return null;
  const family = modelsNamedLike(knowledge, leftover);
  if (family.length > 1) return { phrase: leftover, near: family, kind: "family" };
  const near = family.length > 0 ? family : similarModels(knowledge, leftover);
  return { phrase: leftover, near, kind: "unknown" };
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
