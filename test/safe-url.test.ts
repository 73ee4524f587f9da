import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { safeHttpUrl } from "../src/safe-url.ts";

describe("safeHttpUrl", () => {
  it("keeps plain http(s) URLs", () => {
    assert.equal(safeHttpUrl("https://status.claude.com/incidents/abc"), "https://status.claude.com/incidents/abc");
    assert.equal(safeHttpUrl("http://127.0.0.1:8080/x?y=1"), "http://127.0.0.1:8080/x?y=1");
  });

  it("refuses other schemes, hosts with link syntax, and over-long or missing values", () => {
    for (const url of [
      "javascript:alert(1)",
      "slack://channel?id=C1",
      "https://status.example|x> <!channel> <https://evil.example/phish",
      "not a url",
      `https://example.com/${"a".repeat(2001)}`,
      "",
      null,
      undefined,
    ]) {
      assert.equal(safeHttpUrl(url), null, String(url));
    }
  });

  it("percent-encodes what could end or split a link in a path or query", () => {
    const url = safeHttpUrl("https://example.com/a|b>c<d e?q=<!channel>|x");
    assert.ok(url);
    assert.doesNotMatch(url, /[<>|\s]/);
  });
});
