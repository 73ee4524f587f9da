import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { link } from "../../src/slack/mrkdwn.ts";

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
