import type { ModelCatalog } from "./model-catalog.ts";
import { nameKey } from "./name-key.ts";
import { FUNCTION_WORDS, isEnglishWord, looksEnglish, SIZE, VARIANT_WORDS, VERSION } from "./name-words.ts";
import { editDistance, type PhraseIndex, type Token, type TypoKeys, tokenize, typoKeys } from "./phrase-index.ts";
import type { DataClass, Model, UseCase, Vendor } from "./registry.ts";

/** A run of the user's words that names a registry entry, exactly or with a forgiven typo. */
export interface Mention<T> {
  values: T[];
  /** Token range [from, to). */
  from: number;
  to: number;
  /** The user's words. */
  phrase: string;
  /** 0 when exact, else the edits forgiven. */
  distance: number;
}

/** A registry model's name with words glued to it that make it another model: "Nova 3 Flash Lite". */
export interface OtherModel {
  phrase: string;
  /** The registry models whose name it starts with. */
  near: Model[];
  from: number;
  to: number;
}

export interface Resolution {
  models: Mention<Model>[];
  dataClasses: Mention<DataClass>[];
  useCases: Mention<UseCase>[];
  vendors: Mention<Vendor>[];
  otherModels: OtherModel[];
  /** Tokens that belong to a mention or another model. */
  covered: boolean[];
}

/** The most words a registry name spans. */
const MAX_WORDS = 6;
/** Each word explained by a mention; an edit forgiven costs most of one; each mention costs a little, so one long name beats two short ones. */
const WORD_SCORE = 10;
const EDIT_COST = 4;
const MENTION_COST = 1;

type Kind = "model" | "dataClass" | "useCase" | "vendor";

interface Candidate {
  kind: Kind;
  values: unknown[];
  to: number;
  distance: number;
  score: number;
}

/**
 * Reads every registry name in the question as a span of its words, and
 * picks the reading that explains the most words with the fewest edits
 * (a dynamic programme over token positions). So a typo of a longer name
 * ("kimi k2 thinkng", 3 words, 1 edit) beats an exact shorter one ("kimi k2",
 * 2 words, leaving "thinkng" unexplained), and a vendor word inside a model's
 * name ("acme medum 3") does not stop the model's typo match. Then a model is
 * kept only when the span names it whole: a variant word, size, version or
 * unknown word glued after it makes it a model the registry does not have.
 */
export function resolveSpans(catalog: ModelCatalog, tokens: readonly Token[], text: string): Resolution {
  const n = tokens.length;
  const words = tokens.map((token) => token.text.toLowerCase());
  const english = words.map((word) => isEnglishWord(word));
  const indexes: [Kind, PhraseIndex<unknown>][] = [
    ["model", catalog.models],
    ["dataClass", catalog.dataClasses],
    ["useCase", catalog.useCases],
    ["vendor", catalog.vendors],
  ];

  const candidatesAt: Candidate[][] = Array.from({ length: n }, () => []);
  // Exact names first: no typo inside an exactly named span can beat it (an edit costs more than a mention).
  const exactUpTo: number[] = new Array<number>(n).fill(-1);
  // Where the longest exact model name starting at each word ends.
  const exactModelEnd: number[] = new Array<number>(n).fill(-1);
  for (let from = 0; from < n; from++) {
    for (let size = Math.min(MAX_WORDS, n - from); size >= 1; size--) {
      const to = from + size;
      const key = nameKey(spanText(tokens, text, from, to));
      if (key === "") continue;
      for (const [kind, index] of indexes) {
        const exact = index.exactMatch(key);
        if (exact.length === 0) continue;
        candidatesAt[from]?.push(candidate(kind, exact, from, to, 0));
        for (let i = from; i < to; i++) exactUpTo[i] = Math.max(exactUpTo[i] ?? -1, to);
        if (kind === "model") exactModelEnd[from] = Math.max(exactModelEnd[from] ?? -1, to);
      }
    }
  }
  for (let from = 0; from < n; from++) {
    for (let size = Math.min(MAX_WORDS, n - from); size >= 1; size--) {
      const to = from + size;
      if ((exactUpTo[from] ?? -1) >= to || !mayBeTypo(catalog, words, english, from, to)) continue;
      // A model named exactly with correctly spelt variant words or sizes glued on ("Nova 2 Mini" beside "Nova 2")
      // is another model, which keepWholeNames reports: the typo could only be in the exact name, so it is no typo
      // of some third model ("Nova K2 Mini"). A misspelt glued word ("Kimi K2 Thinkng") still may be.
      const modelEnd = exactModelEnd[from] ?? -1;
      if (modelEnd > from && words.slice(modelEnd, to).every((word) => VARIANT_WORDS.has(word) || SIZE.test(word))) {
        continue;
      }
      const phrase = spanText(tokens, text, from, to);
      const key = nameKey(phrase);
      const allowed = key.length >= 10 ? 2 : key.length >= 5 ? 1 : 0;
      if (allowed === 0) continue;
      const typo = typoKeys(key, allowed);
      for (const [kind, index] of indexes) {
        if (index.exactMatch(key).length > 0) continue;
        const near = typoMatch(index, tokens, text, from, to, phrase, typo, allowed);
        if (near) candidatesAt[from]?.push(candidate(kind, near.values, from, to, near.distance));
      }
    }
  }

  // best[i]: the best reading of tokens i..n-1; a token no mention explains scores nothing.
  const best: { score: number; pick: Candidate | null }[] = Array.from({ length: n + 1 }, () => ({
    score: 0,
    pick: null,
  }));
  for (let i = n - 1; i >= 0; i--) {
    let choice: { score: number; pick: Candidate | null } = { score: best[i + 1]?.score ?? 0, pick: null };
    for (const option of candidatesAt[i] ?? []) {
      const total = option.score + (best[option.to]?.score ?? 0);
      if (total > choice.score) choice = { score: total, pick: option };
    }
    best[i] = choice;
  }

  const resolution: Resolution = {
    models: [],
    dataClasses: [],
    useCases: [],
    vendors: [],
    otherModels: [],
    covered: new Array<boolean>(n).fill(false),
  };
  for (let i = 0; i < n; ) {
    const pick = best[i]?.pick;
    if (!pick) {
      i++;
      continue;
    }
    const mention = { values: pick.values, from: i, to: pick.to, phrase: spanText(tokens, text, i, pick.to) };
    const withDistance = { ...mention, distance: pick.distance };
    if (pick.kind === "model") resolution.models.push(withDistance as Mention<Model>);
    else if (pick.kind === "dataClass") resolution.dataClasses.push(withDistance as Mention<DataClass>);
    else if (pick.kind === "useCase") resolution.useCases.push(withDistance as Mention<UseCase>);
    else resolution.vendors.push(withDistance as Mention<Vendor>);
    for (let j = i; j < pick.to; j++) resolution.covered[j] = true;
    i = pick.to;
  }
  keepWholeNames(resolution, tokens, text, words);
  return resolution;
}

function candidate(kind: Kind, values: unknown[], from: number, to: number, distance: number): Candidate {
  return { kind, values, to, distance, score: WORD_SCORE * (to - from) - EDIT_COST * distance - MENTION_COST };
}

function spanText(tokens: readonly Token[], text: string, from: number, to: number): string {
  return text.slice((tokens[from] as Token).start, (tokens[to - 1] as Token).end);
}

/**
 * A typo leaves a word that is not English; and a span crossing a function
 * word ("is", "for") is no name unless a registry name has that word.
 */
function mayBeTypo(
  catalog: ModelCatalog,
  words: readonly string[],
  english: readonly boolean[],
  from: number,
  to: number,
): boolean {
  let unknownWord = false;
  for (let i = from; i < to; i++) {
    const word = words[i] as string;
    if (FUNCTION_WORDS.has(word) && !catalog.nameWords.has(word)) return false;
    if (!english[i]) unknownWord = true;
  }
  return unknownWord;
}

/**
 * The closest registry phrase a few edits away, when forgivable: one edit
 * in five letters, two in ten. Each word the user typed must bring the span
 * closer to it (so "nova 3 flash x" is no typo of "Nova 3 Flash", but
 * "kimi k2 thinkng" is one of "Kimi K2 Thinking"), and a variant word or
 * size the user typed must be in it.
 */
function typoMatch(
  index: PhraseIndex<unknown>,
  tokens: readonly Token[],
  text: string,
  from: number,
  to: number,
  phrase: string,
  typo: TypoKeys,
  allowed: number,
): { values: unknown[]; distance: number } | null {
  const typed = tokens.slice(from, to).map((token) => token.text.toLowerCase());
  for (const near of index.nearMatches(phrase, allowed, typo)) {
    const theirs = new Set(tokenize(near.phrase).map((token) => token.text.toLowerCase()));
    if (typed.some((word) => (VARIANT_WORDS.has(word) || SIZE.test(word)) && !theirs.has(word))) continue;
    if (to - from > 1) {
      const withoutFirst = nameKey(spanText(tokens, text, from + 1, to));
      const withoutLast = nameKey(spanText(tokens, text, from, to - 1));
      if (editDistance(withoutFirst, near.key, near.distance) <= near.distance) continue;
      if (editDistance(withoutLast, near.key, near.distance) <= near.distance) continue;
    }
    return { values: near.values, distance: near.distance };
  }
  return null;
}

/**
 * "Nova 5 mini", "Qwen3 32B", "Opus 4.8", "Nova 5 Codex": words glued after
 * a model's name that make it another model. A version the model has is
 * part of its name ("maverick 4"); anything else turns the mention into a
 * model the registry does not have.
 */
function keepWholeNames(
  resolution: Resolution,
  tokens: readonly Token[],
  text: string,
  words: readonly string[],
): void {
  const kept: Mention<Model>[] = [];
  for (const mention of resolution.models) {
    let end = mention.to;
    const next = words[end];
    if (next !== undefined && !resolution.covered[end] && VERSION.test(next) && !/\d/.test(mention.phrase)) {
      const same = mention.values.filter((model) => versionDigits(model.name) === versionDigits(next));
      if (same.length > 0) {
        mention.values = same;
        resolution.covered[end] = true;
        end += 1;
        mention.to = end;
        mention.phrase = spanText(tokens, text, mention.from, end);
      }
    }
    // Glued means next to it, with nothing but a space or a hyphen between: "Fable (export control)" is not "Fable export".
    let glued = end;
    while (
      glued < tokens.length &&
      !resolution.covered[glued] &&
      /^[\s_/-]*$/.test(text.slice((tokens[glued - 1] as Token).end, (tokens[glued] as Token).start)) &&
      isModifier(words[glued] as string)
    ) {
      glued++;
    }
    if (glued === end) {
      kept.push(mention);
      continue;
    }
    for (let i = end; i < glued; i++) resolution.covered[i] = true;
    resolution.otherModels.push({
      phrase: spanText(tokens, text, mention.from, glued),
      near: mention.values,
      from: mention.from,
      to: glued,
    });
  }
  resolution.models = kept;
}

function isModifier(word: string): boolean {
  return VARIANT_WORDS.has(word) || SIZE.test(word) || VERSION.test(word) || !looksEnglish(word);
}

export function versionDigits(text: string): string {
  return (text.match(/\d+(?:\.\d+)*/g) ?? []).join(" ").replace(/(\.0+)+(?=\s|$)/g, "");
}
