import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { formatProblem, validateRegistryText } from "../../../src/features/registry/registry-validator.ts";

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), "utf8");

describe("validateRegistryText", () => {
  it("accepts the shipped example registry", () => {
    const result = validateRegistryText(
      readFileSync(new URL("../../../registry.example.yml", import.meta.url), "utf8"),
    );
    assert.ok(result.ok, result.ok ? "" : result.problems.map((p) => formatProblem(p)).join("\n"));
    assert.ok(result.registry.models.some((m) => m.status === "suspended"));
    assert.ok(result.registry.models.some((m) => m.status === "deprecated"));
    assert.ok(result.registry.models.some((m) => m.open_weights && m.hosting === "self_hosted"));
  });

  it("reports all twelve mistakes of a file, each with its path and line", () => {
    const result = validateRegistryText(fixture("registry-ten-mistakes.yml"));
    assert.equal(result.ok, false);
    if (result.ok) return;
    const lines = result.problems.map((p) => formatProblem(p));
    const expected = [
      /^10: data_classes\[2\]\.aliases\[1\]: duplicate alias "Customer-Data": already used by "confidential"$/,
      /^16: vendors\[0\]\.statuspage: unknown key$/,
      /^20: models\[0\]\.vendor: unknown vendor "antropic"$/,
      /^23: models\[0\]\.alternatives\[0\]: unknown model "zhipu\/glm-5"$/,
      /^27: models\[1\]\.status: expected one of "approved", .*got "aproved"$/,
      /^28: models\[1\]\.max_data_class: unknown data class "secret"$/,
      /^29: models\[2\]\.conditions: is required when status is restricted$/,
      /^34: models\[2\]\.use_cases\[0\]: unknown use case "cooking"$/,
      /^35: models\[2\]\.retires_on: a date as YYYY-MM-DD$/,
      /^36: models\[3\]\.id: duplicate id "anthropic\/claude-opus-5"$/,
      /^44: systems\[0\]\.owner: a Slack user id such as "U0123ABCD"$/,
      /^47: systems\[0\]\.models\[1\]: unknown model "anthropic\/claude-mythos-5"$/,
    ];
    assert.equal(lines.length, expected.length, lines.join("\n"));
    for (const pattern of expected) {
      assert.ok(
        lines.some((line) => pattern.test(line)),
        `no problem matches ${pattern}:\n${lines.join("\n")}`,
      );
    }
  });

  it("reports YAML syntax errors with their line", () => {
    const result = validateRegistryText("version: 1\ndata_classes:\n  - id: [unclosed\n");
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(typeof result.problems[0]?.line, "number");
      assert.match(result.problems[0]?.message ?? "", /^YAML syntax: /);
    }
  });

  it("rejects a file that is not a mapping", () => {
    const result = validateRegistryText("- just\n- a list\n");
    assert.equal(result.ok, false);
  });

  it("fills the documented defaults", () => {
    const result = validateRegistryText(fixture("registry-small.yml"));
    assert.ok(result.ok);
    const opus = result.registry.models[0];
    assert.equal(opus?.hosting, "vendor_api");
    assert.equal(opus?.open_weights, false);
    assert.equal(opus?.use_cases, null);
    assert.deepEqual(opus?.aliases, []);
  });
  it("rejects names that mix Latin with look-alike Cyrillic or Greek letters, naming the field and the letter", () => {
    // A second "Claude Opus 5" whose O is Cyrillic, a vendor whose o is Greek, an alias with a Cyrillic а.
    const source = fixture("registry-small.yml")
      .replace("name: Anthropic", "name: Anthrοpic")
      .replace(
        "  - id: zhipu/glm-5\n",
        "  - id: anthropic/claude-opus-5b\n    name: Claude \u041Epus 5\n    vendor: anthropic\n    status: approved\n    max_data_class: public\n    aliases: [opus fаst]\n  - id: zhipu/glm-5\n",
      );
    const result = validateRegistryText(source);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(
      result.problems.map((p) => formatProblem(p)),
      [
        "13: vendors[0].name: contains Greek 'ο' (U+03BF) among Latin letters",
        "24: models[1].name: contains Cyrillic 'О' (U+041E) among Latin letters",
        "28: models[1].aliases[0]: contains Cyrillic 'а' (U+0430) among Latin letters",
      ],
    );
  });

  it("accepts a name written wholly in another script", () => {
    const source = fixture("registry-small.yml").replace("name: Zhipu AI", "name: Чжипу");
    assert.ok(validateRegistryText(source).ok);
  });

  it("does not take two models named in another script for duplicates", () => {
    const source = fixture("registry-small.yml")
      .replace("name: Claude Opus 5", "name: 文心 5")
      .replace("name: GLM-5", "name: 千问 5");
    const result = validateRegistryText(source);
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.problems));
  });
});
