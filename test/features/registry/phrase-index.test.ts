import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  editDistance,
  PhraseIndex,
  tokenize,
  typoKeys,
  versionSignature,
} from "../../../src/features/registry/phrase-index.ts";

describe("tokenize", () => {
  it("keeps each word's place in the text, without a possessive or trailing punctuation", () => {
    assert.deepEqual(tokenize("Is Meta's GPT-4o ok?"), [
      { text: "Is", start: 0, end: 2 },
      { text: "Meta", start: 3, end: 7 },
      { text: "GPT-4o", start: 10, end: 16 },
      { text: "ok", start: 17, end: 19 },
    ]);
    assert.deepEqual(tokenize("use v2.5."), [
      { text: "use", start: 0, end: 3 },
      { text: "v2.5", start: 4, end: 8 },
    ]);
  });

  it("skips a word longer than any name (URLs, encoded blobs)", () => {
    assert.deepEqual(
      tokenize(`see ${"x".repeat(65)} now`).map((token) => token.text),
      ["see", "now"],
    );
  });
});

describe("PhraseIndex", () => {
  it("matches exactly with case, spaces and punctuation ignored, and collects every value of a phrase", () => {
    const index = new PhraseIndex<string>();
    index.add("GPT-4o", "a");
    index.add("gpt 4o", "b");
    index.add("GPT 4O", "a");
    assert.deepEqual(index.exactMatch("gpt4o"), ["a", "b"]);
    assert.deepEqual(index.exactMatch("gpt5"), []);
  });

  it("finds a fuzzy phrase a typo or two away, closest first, with the registry's spelling", () => {
    const index = new PhraseIndex<string>();
    index.add("Mistral Large", "large", { fuzzy: true });
    index.add("Mistral Lrg", "other", { fuzzy: true });
    const near = index.nearMatches("mistral larg", 2);
    assert.deepEqual(
      near.map((match) => [match.phrase, match.values, match.distance]),
      [
        ["Mistral Large", ["large"], 1],
        ["Mistral Lrg", ["other"], 1],
      ],
    );
    assert.deepEqual(index.nearMatches("mistrl lage", 1), [], "two edits are more than one allowed");
    assert.deepEqual(
      index.nearMatches("mistral large", 2).map((match) => match.phrase),
      ["Mistral Lrg"],
      "an exact phrase is no near match of itself",
    );
  });

  it("forgives no typo in a phrase added without fuzzy, nor in a key shorter than four letters", () => {
    const index = new PhraseIndex<string>();
    index.add("Sonata", "exact only");
    index.add("abc", "short", { fuzzy: true });
    assert.deepEqual(index.nearMatches("sonnta", 1), []);
    assert.deepEqual(index.nearMatches("abd", 1), []);
  });

  it("never takes another version for a typo: the digits and the letters glued to them must agree", () => {
    const index = new PhraseIndex<string>();
    index.add("Llama 4", "llama-4", { fuzzy: true });
    index.add("GPT 5", "gpt-5", { fuzzy: true });
    assert.deepEqual(index.nearMatches("llama 3", 1), []);
    assert.deepEqual(index.nearMatches("gpt 5o", 1), []);
    assert.deepEqual(
      index.nearMatches("lama 4", 1).map((match) => match.values),
      [["llama-4"]],
    );
  });

  it("takes the typed key's deletions computed once, as typoKeys gives them", () => {
    const index = new PhraseIndex<string>();
    index.add("Kimi Thinking", "kimi", { fuzzy: true });
    const typo = typoKeys("kimithinkng", 2);
    assert.deepEqual(
      index.nearMatches("kimi thinkng", 2, typo).map((match) => match.values),
      [["kimi"]],
    );
  });
});

describe("versionSignature and editDistance", () => {
  it("reads a name's numbers with the letters glued to them", () => {
    assert.equal(versionSignature("Qwen3 32B"), "3 32b");
    assert.equal(versionSignature("GPT-4o"), "4o");
    assert.equal(versionSignature("Claude Haiku 4.5"), "4.5");
    assert.equal(versionSignature("Sonnet"), "");
  });

  it("counts an adjacent swap as one edit and stops past the cap", () => {
    assert.equal(editDistance("sonnet", "sonent", 2), 1);
    assert.equal(editDistance("sonnet", "sonnet", 2), 0);
    assert.equal(editDistance("kitten", "sitting", 3), 3);
    assert.equal(editDistance("kitten", "sitting", 1), 2, "capped: cap + 1");
    assert.equal(editDistance("a", "abcdef", 2), 3);
  });
});
