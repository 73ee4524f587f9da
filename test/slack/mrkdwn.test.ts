import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeText, link, truncate } from "../../src/slack/mrkdwn.ts";

describe("link", () => {
  it("builds Slack's link markup for an http(s) URL, with the label escaped", () => {
    assert.equal(link("https://example.com/a", "INC-0001"), "<https://example.com/a|INC-0001>");
    assert.equal(
      link("https://example.com/a", "<!channel> a|b & c"),
      "<https://example.com/a|&lt;!channel&gt; a¦b &amp; c>",
    );
  });

  it("gives only the escaped label when the target is not an http(s) URL", () => {
    assert.equal(link("javascript:alert(1)", "original message"), "original message");
    assert.equal(link(null, "<@U0GOVLEAD1>"), "&lt;@U0GOVLEAD1&gt;");
  });
});

/** True when every surrogate in the text is half of a pair: valid UTF-16, which Slack needs. */
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe("truncate", () => {
  it("never cuts inside an emoji: no lone surrogate, no half of a joined sequence", () => {
    // 9 UTF-16 units of ASCII, then emoji of 2 units (😀), and a family of 11 (👩‍👩‍👧‍👦).
    const text = `abcdefghi😀😀${"👩‍👩‍👧‍👦".repeat(3)}`;
    for (let limit = 5; limit < text.length; limit++) {
      const cut = truncate(text, limit);
      assert.ok(cut.length <= limit, `within ${limit}: ${cut.length}`);
      assert.ok(wellFormed(cut), `well-formed at ${limit}`);
      assert.ok(cut.endsWith("…"));
      assert.ok(text.startsWith(cut.slice(0, -1)), `a prefix at ${limit}`);
      assert.doesNotMatch(cut.slice(0, -1), /\u200d$/u, `no dangling joiner at ${limit}`);
    }
    assert.equal(truncate("abcdefghi😀😀", 11), "abcdefghi…");
    assert.equal(truncate("abcdefghi😀😀", 12), "abcdefghi😀…");
  });

  it("keeps a letter and its accents whole", () => {
    assert.equal(truncate("xe\u0301\u0302yz", 4), "x…");
  });

  it("drops NUL and other control characters, but keeps newlines and tabs", () => {
    assert.equal(truncate("a\u0000b\u0007c\r\nd\te\u007f\u009b", 100), "abc\nd\te");
    assert.equal(truncate(`${"\u0000".repeat(50)}short`, 10), "short");
  });
});

describe("escapeText", () => {
  it("drops control characters as it escapes", () => {
    assert.equal(escapeText("<b>\u0000&\u001b[31m\n"), "&lt;b&gt;&amp;[31m\n");
  });
});
