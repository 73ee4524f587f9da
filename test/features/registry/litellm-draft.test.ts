import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { draftFromLitellmFile } from "../../../src/features/registry/registry-files.ts";
import { validateRegistryText } from "../../../src/features/registry/registry-validator.ts";
import { sharedFixture } from "../../support/shared-fixtures.ts";

const small = fileURLToPath(new URL("../../fixtures/litellm-small.json", import.meta.url));

describe("registry draft from the LiteLLM catalog", () => {
  it("drafts every chat model under review, with vendor and retirement date; names people would type alike get a suffix", async () => {
    const draft = await draftFromLitellmFile(small);
    const validation = validateRegistryText(draft.yaml);
    assert.ok(validation.ok, validation.ok ? "" : JSON.stringify(validation.problems));
    const { registry } = validation;
    assert.deepEqual(
      registry.models.map((m) => m.id),
      [
        "openai/gpt-4o",
        "azure/gpt-3.5-turbo-0125",
        "azure/gpt-35-turbo-0125-2",
        "bedrock/-/1-month-commitment/cohere.command-text-v14",
        "ollama/llama3.1",
      ],
    );
    assert.ok(registry.models.every((m) => m.status === "under_review"));
    assert.equal(registry.models.find((m) => m.id === "azure/gpt-3.5-turbo-0125")?.retires_on, "2025-03-31");
    assert.equal(registry.models.find((m) => m.id === "ollama/llama3.1")?.retires_on, null);
    assert.equal(registry.models.find((m) => m.id === "ollama/llama3.1")?.hosting, "self_hosted");
    assert.deepEqual(
      registry.vendors.map((v) => v.id),
      ["openai", "azure", "bedrock", "ollama"],
    );
    assert.equal(draft.skipped, 3);
  });

  const real = sharedFixture("litellm-model-prices.json");
  it("drafts the real 1,800-model catalog into a registry that passes validation", { skip: real.skip }, async () => {
    const catalog = JSON.parse(readFileSync(real.path as string, "utf8")) as Record<string, { mode?: string }>;
    const chatModels = Object.entries(catalog).filter(([key, value]) => key !== "sample_spec" && value.mode === "chat");
    const draft = await draftFromLitellmFile(real.path as string);
    const validation = validateRegistryText(draft.yaml);
    assert.ok(validation.ok, validation.ok ? "" : JSON.stringify(validation.problems.slice(0, 5)));
    assert.equal(validation.registry.models.length, chatModels.length);
    const withDates = chatModels.filter(
      ([, value]) => (value as { deprecation_date?: string }).deprecation_date,
    ).length;
    assert.equal(validation.registry.models.filter((m) => m.retires_on !== null).length, withDates);
    assert.equal(parse(draft.yaml).models.length, chatModels.length);
  });
});
