/**
 * A reader for the plain block YAML that registry files are written in:
 * mappings with simple keys, block sequences, one-line flow sequences,
 * plain, single- and double-quoted one-line scalars, and comments. The full
 * YAML parser takes about 0.3 ms per model (most of a minute for 100,000
 * models, and gigabytes); this takes a few microseconds. It returns null at
 * the first thing outside that subset (anchors, tags, block scalars,
 * multi-line scalars, escapes, flow mappings, tabs, duplicate keys…), and the
 * caller reads the file with the full parser instead, so what a file means
 * never depends on which reader read it.
 */

import type { PathSegment } from "./registry-validator.ts";

/** Where each value starts: container → key or index → line. */
type LineMap = WeakMap<object, Map<PathSegment, number>>;

class NotPlain extends Error {}

/** Keys the core schema reads as something other than a string. */
const SPECIAL_KEY = /^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
/** Plain scalars the core schema reads as numbers this reader does not convert: left to the full parser. */
const OTHER_NUMBER =
  /^(0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
/** Characters that give a plain scalar's first character another meaning. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** The file's data, or null when it uses YAML beyond the plain subset. */
export function readPlainYaml(source: string): { value: unknown } | null {
  try {
    return { value: new Reader(source, null).document() };
  } catch (error) {
    if (error instanceof NotPlain) return null;
    throw error;
  }
}

/**
 * The line each path starts on, as the full parser's document would give it:
 * the line of the deepest part of the path that exists. Read again only when
 * a file has problems, so valid files never pay for it.
 */
export function plainYamlLines(source: string): (path: readonly PathSegment[]) => number | null {
  const lines: LineMap = new WeakMap();
  const reader = new Reader(source, lines);
  const root = reader.document();
  const rootLine = reader.firstLine;
  return (path) => {
    let node: unknown = root;
    let best = rootLine;
    for (const segment of path) {
      const line = node && typeof node === "object" ? lines.get(node)?.get(segment) : undefined;
      if (line === undefined) break;
      best = line;
      node = (node as Record<PathSegment, unknown>)[segment];
    }
    return best;
  };
}

/**
 * Walks the significant lines (neither blank nor comments) one at a time,
 * without splitting the whole file: a 40 MB registry stays one string.
 */
class Reader {
  private pos = 0;
  private lineCount = 0;
  private startSeen = false;
  /** The current significant line: its number, indentation and text; `done` past the last. */
  private number = 0;
  private indent = 0;
  private text = "";
  private done = false;
  firstLine: number | null = null;

  private readonly source: string;
  private readonly lineMap: LineMap | null;

  constructor(source: string, lineMap: LineMap | null) {
    this.source = source;
    this.lineMap = lineMap;
    // Tabs, a byte order mark and a carriage return that ends no CRLF are left to the full parser.
    if (source.includes("\t") || source.charCodeAt(0) === 0xfeff || /\r(?!\n)/.test(source)) throw new NotPlain();
    this.advance();
  }

  /** Moves to the next significant line. */
  private advance(): void {
    const { source } = this;
    while (this.pos < source.length) {
      let end = source.indexOf("\n", this.pos);
      if (end < 0) end = source.length;
      const start = this.pos;
      this.pos = end + 1;
      this.lineCount++;
      let first = start;
      while (source.charCodeAt(first) === 32) first++;
      let last = end;
      while (last > first && (source.charCodeAt(last - 1) === 32 || source.charCodeAt(last - 1) === 13)) last--;
      if (last === first || source.charCodeAt(first) === 35) continue;
      const text = source.slice(first, last);
      if (text.startsWith("---") || text.startsWith("...") || text.startsWith("%")) {
        // One document start before anything else is common and changes nothing.
        if (text !== "---" || first !== start || this.startSeen || this.number !== 0) throw new NotPlain();
        this.startSeen = true;
        continue;
      }
      this.number = this.lineCount;
      this.indent = first - start;
      this.text = text;
      return;
    }
    this.done = true;
  }

  document(): unknown {
    if (this.done || this.indent !== 0) throw new NotPlain();
    this.firstLine = this.number;
    const value = this.block(0);
    if (!this.done) throw new NotPlain();
    return value;
  }

  private record(container: object, key: PathSegment, line: number): void {
    if (!this.lineMap) return;
    let map = this.lineMap.get(container);
    if (!map) {
      map = new Map();
      this.lineMap.set(container, map);
    }
    map.set(key, line);
  }

  private atItem(): boolean {
    return this.text === "-" || this.text.startsWith("- ");
  }

  /** A block sequence or mapping starting at the current line, at `indent`. */
  private block(indent: number): unknown {
    return this.atItem() ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    while (!this.done && this.indent === indent && !this.atItem()) {
      const colon = keyEnd(this.text);
      const key = this.text.slice(0, colon);
      if (colon < 0 || SPECIAL_KEY.test(key) || Object.hasOwn(map, key) || key === "__proto__") throw new NotPlain();
      const keyLine = this.number;
      const inline = this.text.slice(colon + 1).trimStart();
      this.advance();
      if (inline === "" || inline.startsWith("#")) {
        if (!this.done && (this.indent > indent || (this.indent === indent && this.atItem()))) {
          this.record(map, key, this.number);
          map[key] = this.block(this.indent);
        } else {
          this.record(map, key, keyLine);
          map[key] = null;
        }
      } else {
        this.record(map, key, keyLine);
        map[key] = this.inline(inline, indent);
      }
    }
    return map;
  }

  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    while (!this.done && this.indent === indent && this.atItem()) {
      const rest = this.text.slice(1).trimStart();
      const index = list.length;
      const itemLine = this.number;
      if (rest === "" || rest.startsWith("#")) {
        this.advance();
        if (!this.done && this.indent > indent) {
          this.record(list, index, this.number);
          list.push(this.block(this.indent));
        } else {
          this.record(list, index, itemLine);
          list.push(null);
        }
      } else if (keyEnd(rest) > 0) {
        // "- id: x" starts a mapping whose keys line up with "id": the line is read again from there.
        const innerIndent = indent + (this.text.length - rest.length);
        this.indent = innerIndent;
        this.text = rest;
        this.record(list, index, itemLine);
        list.push(this.mapping(innerIndent));
      } else if (rest === "-" || rest.startsWith("- ")) {
        throw new NotPlain();
      } else {
        this.advance();
        this.record(list, index, itemLine);
        list.push(this.inline(rest, indent));
      }
    }
    return list;
  }

  /** A value on its key's or dash's line (already passed); nothing may continue it on the lines below. */
  private inline(text: string, indent: number): unknown {
    if (!this.done && this.indent > indent) throw new NotPlain();
    if (text.startsWith("[")) return this.flowSequence(text);
    if (text.startsWith('"') || text.startsWith("'")) {
      const { value, end } = quoted(text, 0);
      if (!isComment(text.slice(end))) throw new NotPlain();
      return value;
    }
    return plainScalar(withoutComment(text));
  }

  private flowSequence(text: string): unknown[] {
    const items: unknown[] = [];
    let at = skipSpaces(text, 1);
    if (text[at] === "]") return finishFlow(text, at + 1, items);
    for (;;) {
      let value: unknown;
      if (text[at] === '"' || text[at] === "'") {
        const read = quoted(text, at);
        value = read.value;
        at = skipSpaces(text, read.end);
      } else {
        let end = at;
        while (end < text.length && !",[]{}#".includes(text[end] as string)) end++;
        if (text[end] === "#" && text[end - 1] !== " ") throw new NotPlain();
        value = plainScalar(text.slice(at, end).trim());
        at = end;
      }
      items.push(value);
      if (text[at] === "]") return finishFlow(text, at + 1, items);
      if (text[at] !== ",") throw new NotPlain();
      at = skipSpaces(text, at + 1);
      if (text[at] === "]" || text[at] === ",") throw new NotPlain();
    }
  }
}

/**
 * Where the colon of a "key: value" or "key:" line is, for a key of letters,
 * digits and underscores; -1 for any other line. Scanned by hand: this runs
 * for every line of the file.
 */
function keyEnd(text: string): number {
  const first = text.charCodeAt(0);
  if (!isKeyChar(first) || (first >= 48 && first <= 57)) return -1;
  let at = 1;
  while (at < text.length && isKeyChar(text.charCodeAt(at))) at++;
  if (text.charCodeAt(at) !== 58) return -1;
  return at + 1 === text.length || text.charCodeAt(at + 1) === 32 ? at : -1;
}

function isKeyChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

function finishFlow(text: string, end: number, items: unknown[]): unknown[] {
  if (!isComment(text.slice(end))) throw new NotPlain();
  return items;
}

function skipSpaces(text: string, at: number): number {
  let index = at;
  while (text[index] === " ") index++;
  return index;
}

/** Nothing, or a comment, after a value. */
function isComment(rest: string): boolean {
  return rest.trim() === "" || /^ +#/.test(rest);
}

function withoutComment(text: string): string {
  const hash = text.indexOf(" #");
  return (hash >= 0 ? text.slice(0, hash) : text).trimEnd();
}

/** A one-line quoted scalar starting at `start`; escapes and line breaks are left to the full parser. */
function quoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  if (quote === '"') {
    const close = text.indexOf('"', start + 1);
    const value = text.slice(start + 1, close);
    if (close < 0 || value.includes("\\")) throw new NotPlain();
    return { value, end: close + 1 };
  }
  let value = "";
  let at = start + 1;
  for (;;) {
    const close = text.indexOf("'", at);
    if (close < 0) throw new NotPlain();
    value += text.slice(at, close);
    if (text[close + 1] !== "'") return { value, end: close + 1 };
    value += "'";
    at = close + 2;
  }
}

/** A plain scalar as the YAML 1.2 core schema reads it. */
function plainScalar(text: string): unknown {
  // An empty item in a flow sequence ("[a, #]") is left to the full parser.
  if (text === "") throw new NotPlain();
  if (text === "~" || text === "null" || text === "Null" || text === "NULL") return null;
  if (text === "true" || text === "True" || text === "TRUE") return true;
  if (text === "false" || text === "False" || text === "FALSE") return false;
  if (INT.test(text)) {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new NotPlain();
    return value;
  }
  if (OTHER_NUMBER.test(text) || INDICATOR.test(text) || text.includes(": ") || text.endsWith(":")) {
    throw new NotPlain();
  }
  return text;
}
