import type { ModelCatalog } from "./model-catalog.ts";
import { nameKey } from "./name-key.ts";
import { FUNCTION_WORDS, looksEnglish } from "./name-words.ts";
import { editDistance, type Token, tokenize } from "./phrase-index.ts";
import type { DataClass, Model, UseCase, Vendor } from "./registry.ts";
import { type Mention, type Resolution, resolveSpans } from "./span-resolver.ts";

/**
 * Several models for one text. `several` when the text names each of them;
 * `phrase` when one name fits several registry entries, and `family` when a
 * bare family name ("gemini") does.
 */
export interface AmbiguousModels {
  phrase: string;
  candidates: Model[];
  kind: "several" | "phrase" | "family";
}

/** A name beside the recognised models that is not one of them: another version ("llama 3") or a family ("claude"). */
export interface UnrecognizedName {
  phrase: string;
  near: Model[];
  kind: "family" | "unknown";
}

/** A typo forgiven: what the user wrote, and the registry name read for it. */
export interface Correction {
  phrase: string;
  name: string;
}

/** The registry names found in a text, before its models are read. */
export interface NameSpans {
  /** The text without Slack markup and emoji, as the names were read in it. */
  text: string;
  tokens: Token[];
  /** The tokens, lower case. */
  words: string[];
  resolution: Resolution;
  /**
   * Tokens a registry name explains. A caller may claim more (the data a
   * question speaks of) before `readModels`, so they are not read as an
   * unknown model's name.
   */
  claimed: boolean[];
  dataClass: DataClass | null;
  useCase: UseCase | null;
  vendor: Vendor | null;
  /** Typos forgiven in the data class, use case and vendor names. */
  corrections: Correction[];
}

/** The models a text names, or nearly names. */
export interface NamedModels {
  /** Each resolved to one registry entry. */
  models: Model[];
  ambiguous: AmbiguousModels | null;
  /** Every typo forgiven, the spans' first. */
  corrections: Correction[];
  /** Close names for a model the registry does not have, at most three. */
  suggestions: Model[];
  /** A registry model's name with words glued to it that make it another model: "Nova 3 Flash Lite". */
  otherModelPhrase: string | null;
  /** The first run of words that could be a name no registry entry has. */
  unknownName: string | null;
  unrecognized: UnrecognizedName | null;
}

export interface RecognizedNames {
  vendorIds: string[];
  modelIds: string[];
  /** The text names a model the registry does not have ("Opus 4.8" when it has Opus 5), and none it has. */
  namesOtherModels: boolean;
}

/** Slack markup, emoji and "asking for the design team" say nothing about models. */
const SLACK_MARKUP = /<[@#!][^>]*>|<(?:https?|mailto):[^>]*>|\bhttps?:\/\/\S+/g;
const EMOJI_CODE = /:[a-z0-9_+'-]+:/gi;
const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}]|\u{FE0F}|\u{200D}/gu;
const ASKING_FOR =
  /\b(?:asking|checking|wondering|on behalf)\s+(?:for|of)\s+(?:(?:the|a|my|our|some)\s+)?(?:[\p{L}&-]+\s+){0,3}?(?:team|teams|folks|colleagues?|friends?|manager|boss|people|group|squad|dept|department|org)\b/giu;

/** At most this many words make one unknown name; a longer run of them is prose. */
const MAX_UNKNOWN_NAME_WORDS = 4;

/** Finds the registry names in a text: the first data class, use case and vendor it names, and the spans of its models. */
export function readSpans(catalog: ModelCatalog, input: string): NameSpans {
  const text = input
    .replace(SLACK_MARKUP, " ")
    .replace(EMOJI_CODE, " ")
    .replace(EMOJI, " ")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(ASKING_FOR, " ")
    .trim();
  const tokens = tokenize(text);
  const resolution = resolveSpans(catalog, tokens, text);
  const corrections: Correction[] = [];
  const named = <T extends { name: string | null; id: string }>(mentions: Mention<T>[]): T | null => {
    const first = mentions[0];
    const value = first?.values[0];
    if (!first || !value) return null;
    if (first.distance > 0) corrections.push({ phrase: first.phrase, name: value.name ?? value.id });
    return value;
  };
  return {
    text,
    tokens,
    words: tokens.map((token) => token.text.toLowerCase()),
    resolution,
    claimed: [...resolution.covered],
    dataClass: named(resolution.dataClasses),
    useCase: named(resolution.useCases),
    vendor: named(resolution.vendors),
    corrections,
  };
}

/**
 * Reads the models of the spans: one each, several, a family to pick from,
 * another model beside ours, or a name the registry does not have with the
 * models closest to it.
 */
export function readModels(catalog: ModelCatalog, spans: NameSpans): NamedModels {
  const { resolution } = spans;
  const corrections = [...spans.corrections];
  const models: Model[] = [];
  let ambiguous: AmbiguousModels | null = null;
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
  const otherModelPhrase = other?.phrase ?? null;
  if (other) suggestions.push(...other.near, ...similarModels(catalog, other.phrase));
  const leftover = unknownName(spans.tokens, spans.text, spans.words, spans.claimed);
  if (models.length === 0 && !ambiguous && !other && leftover) {
    const family = modelsNamedLike(catalog, leftover);
    if (family.length > 1) ambiguous = { phrase: leftover, candidates: family, kind: "family" };
    else suggestions.push(...family, ...similarModels(catalog, leftover));
  }
  const hasModel = models.length > 0 || ambiguous !== null;
  const recognized = [...models, ...(ambiguous?.candidates ?? [])];
  const unrecognized =
    hasModel && ambiguous?.kind !== "family"
      ? besideModels(catalog, recognized, { phrase: otherModelPhrase, models: unique(suggestions) }, leftover)
      : null;
  return {
    models,
    ambiguous,
    corrections,
    suggestions: unique(suggestions).slice(0, 3),
    otherModelPhrase,
    unknownName: leftover,
    unrecognized,
  };
}

export function recognizeNames(catalog: ModelCatalog, text: string): RecognizedNames {
  const spans = readSpans(catalog, text);
  const named = readModels(catalog, spans);
  const candidates = named.ambiguous && named.ambiguous.kind !== "family" ? named.ambiguous.candidates : [];
  const models = [...named.models, ...candidates];
  return {
    vendorIds: spans.vendor ? [spans.vendor.id] : [],
    modelIds: [...new Set(models.map((model) => model.id))],
    // "Opus 4.8" when the registry has Opus 5: a model, just not one of ours.
    namesOtherModels: models.length === 0 && named.suggestions.length > 0,
  };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
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

/**
 * A name left beside the recognised models: another version glued to one
 * of them, a family ("claude"), or any other word that could be a name. A
 * word of a recognised model's own name ("Claude" in "Claude Fable",
 * matched by its alias "fable") is not one.
 */
function besideModels(
  catalog: ModelCatalog,
  recognized: readonly Model[],
  nearMiss: { phrase: string | null; models: Model[] },
  leftover: string | null,
): UnrecognizedName | null {
  if (nearMiss.phrase) return { phrase: nearMiss.phrase, near: nearMiss.models.slice(0, 3), kind: "unknown" };
  if (!leftover) return null;
  const key = nameKey(leftover);
  const ownWord = recognized.some((model) =>
    [model.name, model.id, ...model.aliases].some((phrase) => nameKey(phrase).includes(key)),
  );
  if (ownWord) return null;
  const family = modelsNamedLike(catalog, leftover);
  if (family.length > 1) return { phrase: leftover, near: family, kind: "family" };
  const near = family.length > 0 ? family : similarModels(catalog, leftover);
  return { phrase: leftover, near, kind: "unknown" };
}

/** "gemini" → every Gemini model: the phrase starts one of their names. */
function modelsNamedLike(catalog: ModelCatalog, phrase: string): Model[] {
  const key = nameKey(phrase);
  return key.length < 3 ? [] : modelsWithKeyPrefix(catalog, key, 10);
}

/** "llama 3" → Llama 4 Maverick: same leading letters, other version. */
function similarModels(catalog: ModelCatalog, phrase: string): Model[] {
  const key = nameKey(phrase);
  const stem = key.match(/^[a-z]+/)?.[0] ?? "";
  if (stem.length < 3) return [];
  const closeness = (model: Model) => editDistance(key, nameKey(model.name), 99);
  return modelsWithKeyPrefix(catalog, stem, 20)
    .sort((a, b) => closeness(a) - closeness(b))
    .slice(0, 3);
}

/** Models with a name, alias or id that starts with `prefix` (a name key), at most `limit`. */
export function modelsWithKeyPrefix(catalog: ModelCatalog, prefix: string, limit: number): Model[] {
  const keys = catalog.modelKeysSorted;
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] as { key: string }).key < prefix) low = middle + 1;
    else high = middle;
  }
  const found: Model[] = [];
  for (let i = low; i < keys.length && found.length < limit; i++) {
    const entry = keys[i] as { key: string; model: Model };
    if (!entry.key.startsWith(prefix)) break;
    if (!found.includes(entry.model)) found.push(entry.model);
  }
  return found;
}
