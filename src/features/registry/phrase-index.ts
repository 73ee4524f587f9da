import { DeletionIndex, deletionHash, singleDeletions } from "./deletion-index.ts";
import { nameKey } from "./name-key.ts";

/** A word of the question, with where it sits in the original text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** A registry phrase within a few edits of what the user typed. */
export interface NearPhrase<T> {
  key: string;
  /** The registry's own spelling of the phrase. */
  phrase: string;
  values: T[];
  distance: number;
}

const MAX_TOKEN_LENGTH = 64;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}._+'-]*/gu)) {
    // "Meta's Llama" names Meta: a possessive is not part of a name.
    const raw = match[0].replace(/'s$/i, "").replace(/[._+'-]+$/, "");
    // No model name is this long; URLs and encoded blobs would only cost time.
    if (raw.length > MAX_TOKEN_LENGTH) continue;
    tokens.push({ text: raw, start: match.index, end: match.index + raw.length });
  }
  return tokens;
}

/**
 * Finds registry names (ids, names, aliases) inside free text. Exact matches
 * compare names with case, spaces and punctuation ignored; typo matches use
 * a deletion index (SymSpell) so that a lookup stays fast with 10,000 models.
 */
export class PhraseIndex<T> {
  private readonly exact = new Map<string, T[]>();
  private readonly deletions = new DeletionIndex();
  private readonly fuzzyKeys = new Set<string>();
  /** The first spelling added for each key. */
  private readonly phrases = new Map<string, string>();
  private longestKey = 0;

  /** Adds a phrase; `fuzzy` allows typo matches on it. */
  add(phrase: string, value: T, options: { fuzzy: boolean } = { fuzzy: false }): void {
    const key = nameKey(phrase);
    if (key === "") return;
    const bucket = this.exact.get(key);
    if (bucket) {
      if (!bucket.includes(value)) bucket.push(value);
      return;
    }
    this.exact.set(key, [value]);
    this.phrases.set(key, phrase);
    this.longestKey = Math.max(this.longestKey, key.length);
    if (options.fuzzy && key.length >= MIN_FUZZY_LENGTH) {
      this.fuzzyKeys.add(key);
      this.deletions.add(key);
    }
  }

  exactMatch(key: string): T[] {
    return this.exact.get(key) ?? [];
  }

  /**
   * Registry phrases within `maxDistance` edits of `phrase`, closest first.
   * Only a typo in letters is one: the digits and the letters glued to them
   * must agree, so "llama 3" is no typo of "llama 4", nor "gpt 5o" of "gpt 5".
   */
  nearMatches(
    phrase: string,
    maxDistance: number,
    typo: TypoKeys = typoKeys(nameKey(phrase), maxDistance),
  ): NearPhrase<T>[] {
    const key = typo.key;
    if (key.length < MIN_FUZZY_LENGTH || key.length > this.longestKey + maxDistance) return [];
    const candidates = new Set<string>();
    for (const candidate of this.deletions.keysWithDeletion(key)) candidates.add(candidate);
    typo.deletions.forEach((deletion, i) => {
      if (this.fuzzyKeys.has(deletion)) candidates.add(deletion);
      for (const candidate of this.deletions.keysWithDeletion(deletion, typo.hashes[i])) candidates.add(candidate);
    });
    const signature = versionSignature(phrase);
    const found: NearPhrase<T>[] = [];
    for (const candidate of candidates) {
      const original = this.phrases.get(candidate);
      if (original === undefined || versionSignature(original) !== signature) continue;
      const distance = editDistance(key, candidate, maxDistance);
      if (distance > maxDistance || distance === 0) continue;
      found.push({ key: candidate, phrase: original, values: this.exact.get(candidate) ?? [], distance });
    }
    return found.sort((a, b) => a.distance - b.distance);
  }
}

const MIN_FUZZY_LENGTH = 4;

/** A typed key's deletions, one and two deep: computed once, looked up in every index. */
export interface TypoKeys {
  key: string;
  deletions: string[];
  /** Each deletion's `deletionHash`, in the same order. */
  hashes: number[];
}

export function typoKeys(key: string, maxDistance: number): TypoKeys {
  const deletions = new Set<string>();
  for (const deletion of singleDeletions(key)) {
    deletions.add(deletion);
    if (maxDistance >= 2) for (const second of singleDeletions(deletion)) deletions.add(second);
  }
  const list = [...deletions];
  return { key, deletions: list, hashes: list.map(deletionHash) };
}

/** "Qwen3 32B" → "3 32b", "GPT-4o" → "4o": the numbers of a name and the letters glued to them. */
export function versionSignature(phrase: string): string {
  return (phrase.toLowerCase().match(/\d+(?:\.\d+)*[a-z]*/g) ?? []).join(" ");
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), capped. */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((d[i - 1]?.[j] ?? 0) + 1, (d[i]?.[j - 1] ?? 0) + 1, (d[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (d[i - 2]?.[j - 2] ?? 0) + 1);
      }
      (d[i] as number[])[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
  }
  return d[a.length]?.[b.length] ?? cap + 1;
}
