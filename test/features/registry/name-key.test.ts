import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nameKey } from "../../../src/features/registry/name-key.ts";

describe("nameKey", () => {
  it("ignores case, spaces, hyphens and other punctuation", () => {
    assert.equal(nameKey("Claude Opus-5"), "claudeopus5");
    assert.equal(nameKey("claude opus5"), nameKey("Claude Opus-5"));
    assert.equal(nameKey("  GPT-4.1 (mini)! "), "gpt41mini");
  });

  it("reads every printable ASCII character as the full Unicode rules do", () => {
    const ascii = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)).join("");
    // A leading "é" sends the whole name through Unicode normalisation; it becomes "e".
    for (const name of [ascii, "GPT-4.1 (mini)", "Claude_Opus~5", "a^b`c|d"]) {
      assert.equal(`e${nameKey(name)}`, nameKey(`é${name}`));
    }
  });

  it("drops accents, so an accented name meets its plain spelling", () => {
    assert.equal(nameKey("Mistral Médium"), nameKey("mistral medium"));
    assert.equal(nameKey("Ñandú"), "nandu");
  });

  it("folds compatibility forms such as full-width letters and ligatures", () => {
    assert.equal(nameKey("ＧＰＴ４"), "gpt4");
    assert.equal(nameKey("ﬁne-tune"), "finetune");
  });

  it("keeps digits apart, so versions do not meet", () => {
    assert.notEqual(nameKey("Llama 3.1"), nameKey("Llama 3"));
    assert.equal(nameKey("Llama 3.1"), "llama31");
  });

  it("keeps the letters of every script, so names in other scripts do not all meet", () => {
    assert.equal(nameKey("文心 一言"), "文心一言");
    assert.notEqual(nameKey("文心 5"), nameKey("千问 5"));
    assert.equal(nameKey("Клод-5"), "клод5");
    assert.equal(nameKey("Straße"), "straße");
  });

  it("gives an empty key to a name of punctuation only", () => {
    assert.equal(nameKey(""), "");
    assert.equal(nameKey(" - . / "), "");
  });
});
