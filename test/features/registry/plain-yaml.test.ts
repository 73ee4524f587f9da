import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseDocument, stringify } from "yaml";
import { generateRegistry } from "../../../bench/generated-registry.ts";
import { readPlainYaml } from "../../../src/features/registry/plain-yaml.ts";
import { toRegistryFile } from "../../../src/features/registry/registry-file-format.ts";
import { validateRegistryText } from "../../../src/features/registry/registry-validator.ts";

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), "utf8");
const example = readFileSync(new URL("../../../registry.example.yml", import.meta.url), "utf8");

/** What the full parser makes of the text. */
function fullParse(source: string) {
  const doc = parseDocument(source, { uniqueKeys: true });
  assert.deepEqual(doc.errors, []);
  return doc.toJS();
}

describe("the plain YAML reader", () => {
  const sources: [string, string][] = [
    ["the example registry", example],
    ["the small fixture", fixture("registry-small.yml")],
    ["the confusable fixture", fixture("registry-confusable.yml")],
    ["the fixture with mistakes", fixture("registry-ten-mistakes.yml")],
    ["a generated registry", stringify(toRegistryFile(generateRegistry(300, 60)), { lineWidth: 0 })],
    [
      "hand-written odds and ends",
      [
        "---",
        "# a comment",
        "version: 1   # trailing comment",
        "governance:",
        "  leads: [ U0A , 'U0B' , \"U0C\" ]  # flow with spaces",
        "  notice_channel:",
        "data_classes:",
        "- id: public",
        "  aliases: []",
        "-   id: 'it''s'",
        "    name: ~",
        "use_cases:",
        "  -",
        "    id: coding",
        "  - plain text with # inside and C#",
        "  - 2026-10-01",
        "  - -12",
        "  - true",
        "  - https://example.com/a:b",
        "vendors: []\r\n",
      ].join("\n"),
    ],
  ];
  for (const [name, source] of sources) {
    it(`reads ${name} exactly as the full parser does`, () => {
      const plain = readPlainYaml(source);
      assert.ok(plain, "the plain reader took it");
      assert.deepEqual(plain.value, fullParse(source));
    });
  }

  it("finds the same line for every problem as the full parser", () => {
    const source = fixture("registry-ten-mistakes.yml");
    assert.ok(readPlainYaml(source));
    // An anchor changes nothing in the data or its lines, and sends the file to the full parser.
    const anchored = source.replace(/^version: 1$/m, "version: &v 1");
    assert.notEqual(anchored, source);
    assert.equal(readPlainYaml(anchored), null);
    const plain = validateRegistryText(source);
    const full = validateRegistryText(anchored);
    assert.ok(!plain.ok && !full.ok);
    assert.deepEqual(plain.problems, full.problems);
    assert.equal(plain.problems.length, 12);
  });

  for (const [what, source] of [
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a block scalar", "a: |\n  text\n"],
    ["a multi-line plain scalar", "a: some\n  more\n"],
    ["an escape", 'a: "tab\\there"\n'],
    ["a flow mapping", "a: {b: 1}\n"],
    ["a float", "a: 4.5\n"],
    ["a hexadecimal number", "a: 0x1F\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a quoted key", '"a": 1\n'],
    ["a tab", "a:\t1\n"],
    ["a carriage return alone", "a: 1\rb: 2\n"],
    ["a second document", "a: 1\n---\nb: 2\n"],
    ["a nested sequence on one line", "a:\n  - - 1\n"],
    ["a multi-line flow sequence", "a: [1,\n  2]\n"],
  ]) {
    it(`leaves ${what} to the full parser`, () => {
      assert.equal(readPlainYaml(source as string), null);
    });
  }
});
