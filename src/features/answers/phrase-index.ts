import { nameKey } from "../registry/name-key.ts";

/** A word of the question, with where it sits in the original text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

export interface PhraseMatch<T> {
  values: T[];
  /** Token range [from, to) that matched. */
  from: number;
  to: number;
  phrase: string;
  /** 0 for an exact match, else the edit distance of the typo forgiven. */
  distance: number;
}

const MAX_WORDS = 6;
const MAX_TOKEN_LENGTH = 64;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}._+'-]*/gu)) {
    const raw = match[0].replace(/[._+'-]+$/, "");
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
  private readonly deletions = new Map<string, string[]>();
  private readonly fuzzyKeys = new Set<string>();

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
    if (options.fuzzy && key.length >= MIN_FUZZY_LENGTH) {
      this.fuzzyKeys.add(key);
      for (const deletion of singleDeletions(key)) {
        const keys = this.deletions.get(deletion) ?? [];
        keys.push(key);
        this.deletions.set(deletion, keys);
      }
    }
  }

  lookup(phrase: string): T[] {
    return this.exact.get(nameKey(phrase)) ?? [];
  }

  /**
   * Longest matches first; a token belongs to at most one match. With
   * maxDistance 0 only exact matches count; above 0 only typo matches, which
   * never change a digit: "llama 3" is not a typo of "llama 4".
   */
  findAll(
    tokens: readonly Token[],
    text: string,
    options: { maxDistance: number; skip?: ReadonlySet<number> },
  ): PhraseMatch<T>[] {
    const taken = new Set<number>(options.skip ?? []);
    const found: PhraseMatch<T>[] = [];
    const distanceAllowed = options.maxDistance;
    for (let size = Math.min(MAX_WORDS, tokens.length); size >= 1; size--) {
      for (let from = 0; from + size <= tokens.length; from++) {
        const to = from + size;
        if (rangeTaken(taken, from, to)) continue;
        const first = tokens[from] as Token;
        const last = tokens[to - 1] as Token;
        const phrase = text.slice(first.start, last.end);
        const key = nameKey(phrase);
        const match = distanceAllowed === 0 ? this.exactMatch(key) : this.fuzzyMatch(key, distanceAllowed);
        if (!match) continue;
        found.push({ values: match.values, from, to, phrase, distance: match.distance });
        for (let i = from; i < to; i++) taken.add(i);
      }
    }
    return found.sort((a, b) => a.from - b.from);
  }

  private exactMatch(key: string): { values: T[]; distance: number } | null {
    const values = this.exact.get(key);
    return values ? { values, distance: 0 } : null;
  }

  private fuzzyMatch(key: string, maxDistance: number): { values: T[]; distance: number } | null {
    if (key.length < MIN_FUZZY_LENGTH) return null;
    const candidates = new Set<string>();
    for (const candidate of this.deletions.get(key) ?? []) candidates.add(candidate);
    for (const deletion of singleDeletions(key)) {
      if (this.fuzzyKeys.has(deletion)) candidates.add(deletion);
      for (const candidate of this.deletions.get(deletion) ?? []) candidates.add(candidate);
      if (maxDistance >= 2) {
        for (const second of singleDeletions(deletion)) {
          if (this.fuzzyKeys.has(second)) candidates.add(second);
          for (const candidate of this.deletions.get(second) ?? []) candidates.add(candidate);
        }
      }
    }
    let best: { values: T[]; distance: number } | null = null;
    for (const candidate of candidates) {
      if (digitsOf(candidate) !== digitsOf(key)) continue;
      const distance = editDistance(key, candidate, maxDistance);
      if (distance > maxDistance || distance === 0) continue;
      const values = this.exact.get(candidate) ?? [];
      if (!best || distance < best.distance) {
        best = { values: [...values], distance };
      } else if (distance === best.distance) {
        for (const value of values) if (!best.values.includes(value)) best.values.push(value);
      }
    }
    return best;
  }
}

const MIN_FUZZY_LENGTH = 4;

function rangeTaken(taken: Set<number>, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (taken.has(i)) return true;
  return false;
}

function singleDeletions(key: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < key.length; i++) result.push(key.slice(0, i) + key.slice(i + 1));
  return result;
}

function digitsOf(key: string): string {
  return key.replace(/\D+/g, " ").trim();
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
