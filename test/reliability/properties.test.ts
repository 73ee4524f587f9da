import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import type { Deps } from "../../src/deps.ts";
import { isAppError } from "../../src/errors.ts";
import { INCIDENT_TYPES, SEVERITIES } from "../../src/features/incidents/incident.ts";
import { readRegistryFile } from "../../src/features/registry/registry-files.ts";
import { validateRegistryData, validateRegistryText } from "../../src/features/registry/registry-validator.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../support/test-app.ts";

describe("properties: any input gets the right thing or a clear error, never a crash or a partial write", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  before(async () => {
    ({ deps, close } = await openTestDeps());
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
  });
  after(() => close());

  it("answers any question text, or refuses it with a user-facing error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), fc.constant("")),
        async (text) => {
          try {
            const { answer } = await deps.answers.ask({ question: text, surface: "cli" });
            assert.ok(answer.answer.length > 0);
            assert.ok(["yes", "no", "conditional", "unknown", null].includes(answer.verdict));
          } catch (error) {
            assert.ok(isAppError(error) && error.isUserFacing, String(error));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("checks any registry file without throwing, and every problem has a path", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = validateRegistryText(text);
        if (!result.ok) assert.ok(result.problems.every((p) => p.path.length > 0 && p.message.length > 0));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = validateRegistryData(value);
        if (!result.ok) assert.ok(result.problems.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  it("imports a mutated registry completely or not at all", async () => {
    const base = await readRegistryFile(EXAMPLE_REGISTRY);
    const mutation = fc.record({
      model: fc.nat({ max: base.models.length - 1 }),
      field: fc.constantFrom("vendor", "max_data_class", "status", "alternatives", "use_cases", "name"),
      value: fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constant("anthropic"),
        fc.constant("public"),
        fc.constant(null),
        fc.constant(["zhipu/glm-5"]),
      ),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ model, field, value }) => {
        const raw = structuredClone(base) as unknown as { models: Record<string, unknown>[] };
        (raw.models[model] as Record<string, unknown>)[field] = value;
        const before = await deps.registry.exportRegistry("json");
        const result = validateRegistryData(raw);
        if (!result.ok) {
          assert.equal(await deps.registry.exportRegistry("json"), before);
          return;
        }
        await deps.registry.importRegistry(result.registry, "property");
        const again = await deps.registry.importRegistry(result.registry, "property");
        assert.equal(again.added.length + again.changed.length + again.removed.length, 0);
        await deps.registry.importRegistry(base, "property");
      }),
      { numRuns: 60 },
    );
  });

  it("stores an incident form only when every field is valid", async () => {
    const count = async () => (await deps.db.selectFrom("incidents").select("id").execute()).length;
    const form = fc.record({
      vendorId: fc.oneof(fc.constantFrom("anthropic", "openai", "nope"), fc.constant(null)),
      vendorName: fc.oneof(fc.string({ maxLength: 120 }), fc.constant(null)),
      models: fc.array(fc.constantFrom("anthropic/claude-opus-5", "openai/gpt-5", "x/y"), { maxLength: 3 }),
      type: fc.oneof(fc.constantFrom(...INCIDENT_TYPES), fc.string({ maxLength: 10 })),
      severity: fc.oneof(fc.constantFrom(...SEVERITIES), fc.string({ maxLength: 5 })),
      title: fc.string({ maxLength: 200 }),
      description: fc.oneof(fc.string({ maxLength: 50 }), fc.constant(null)),
      impact: fc.constant(null),
      startedAt: fc.oneof(
        fc
          .date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc.string({ maxLength: 30 }),
      ),
      reporter: fc.constant("U0EMPLOYEE1"),
      source: fc.constant("cli" as const),
      sourceChannel: fc.constant(null),
      sourceTs: fc.constant(null),
      sourceUrl: fc.constant(null),
    });
    await fc.assert(
      fc.asyncProperty(form, async (input) => {
        const before = await count();
        const checked = await deps.incidents.validate(input);
        if (!checked.ok) {
          assert.ok(Object.keys(checked.errors).length > 0);
          assert.equal(await count(), before);
          return;
        }
        const { incident } = await deps.incidents.create(checked.incident);
        assert.equal(await count(), before + 1);
        assert.equal((await deps.incidents.timeline(incident.id))[0]?.kind, "created");
      }),
      { numRuns: 200 },
    );
  });
});
