import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isEnglishWord, looksEnglish, SIZE, VERSION } from "../../../src/features/registry/name-words.ts";

describe("name words", () => {
  it("knows ordinary English, its inflected forms and words made of English parts", () => {
    for (const word of ["hello", "Thanks", "approved", "reviewing", "customers", "open-weight", "what's"]) {
      assert.equal(isEnglishWord(word), true, word);
    }
    for (const word of ["claude", "gpt5", "zorblax", "llama"]) assert.equal(isEnglishWord(word), false, word);
  });

  it("takes a long English word one typo away for English, never a short one or a name", () => {
    assert.equal(looksEnglish("approvd"), true);
    assert.equal(looksEnglish("thnks"), false, "too short to call a typo");
    assert.equal(looksEnglish("zorblax"), false);
    assert.equal(isEnglishWord("approvd"), false, "typo matching still sees it as a possible name");
  });

  it("tells parameter counts and versions apart from words", () => {
    for (const size of ["32b", "70B", "1.5b", "8x7b", "a22b", "e4b", "400m"]) assert.match(size, SIZE);
    assert.doesNotMatch("mini", SIZE);
    for (const version of ["4", "4.5", "v3", "4o"]) assert.match(version, VERSION);
    assert.doesNotMatch("pro", VERSION);
  });
});
