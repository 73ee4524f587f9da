import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Deps } from "../../../src/deps.ts";
import { plainVendor } from "../../../src/features/registry/registry.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { EXAMPLE_REGISTRY, openTestDeps, tempDir } from "../../support/test-app.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

describe("registry import and export", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps());
  });
  afterEach(() => close());

  const auditRows = () => deps.db.selectFrom("audit_log").selectAll().orderBy("id").execute();

  it("imports the example, and importing its export changes nothing", async () => {
    const registry = await readRegistryFile(EXAMPLE_REGISTRY);
    const first = await deps.registry.importRegistry(registry, "test");
    assert.equal(first.added.length, 4 + 7 + 9 + 19 + 5);
    assert.deepEqual(
      first.changed.map((c) => c.type),
      ["governance"],
    );
    assert.equal(first.removed.length, 0);

    for (const format of ["yaml", "json"] as const) {
      const { dir, cleanup } = tempDir();
      const file = join(dir, `export.${format}`);
      writeFileSync(file, await deps.registry.exportRegistry(format));
      const again = await deps.registry.importRegistry(await readRegistryFile(file), "test");
      assert.deepEqual([again.added.length, again.changed.length, again.removed.length], [0, 0, 0], format);
      assert.equal(again.revision, first.revision);
      cleanup();
    }
    assert.deepEqual(await deps.registry.currentRegistry(), registry);
  });

  it("syncs: adds, changes and removes, and audits each change with before and after", async () => {
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "lead-a");
    const registry = structuredClone(await deps.registry.currentRegistry());
    const opus = registry.models.find((m) => m.id === "anthropic/claude-opus-5");
    assert.ok(opus);
    opus.status = "suspended";
    registry.systems = registry.systems.filter((s) => s.id !== "docs-translator");
    registry.models = registry.models.filter((m) => m.id !== "openai/gpt-4o");
    for (const model of registry.models) model.alternatives = model.alternatives.filter((a) => a !== "openai/gpt-4o");
    registry.vendors.push(plainVendor("cohere", "Cohere"));
    const before = (await auditRows()).length;

    const summary = await deps.registry.importRegistry(registry, "lead-b");
    assert.deepEqual(
      summary.added.map((c) => `${c.type}:${c.id}`),
      ["vendor:cohere"],
    );
    assert.ok(summary.changed.some((c) => c.id === "anthropic/claude-opus-5"));
    assert.deepEqual(summary.removed.map((c) => `${c.type}:${c.id}`).sort(), [
      "model:openai/gpt-4o",
      "system:docs-translator",
    ]);

    const audit = (await auditRows()).slice(before);
    const opusRow = audit.find((row) => row.entity_id === "anthropic/claude-opus-5");
    assert.equal(opusRow?.actor, "lead-b");
    assert.equal(opusRow?.action, "changed");
    assert.equal(JSON.parse(opusRow?.before ?? "{}").status, "approved");
    assert.equal(JSON.parse(opusRow?.after ?? "{}").status, "suspended");
    assert.match(opusRow?.at ?? "", /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(audit.length, summary.added.length + summary.changed.length + summary.removed.length);

    const exported = parse(await deps.registry.exportRegistry("yaml"));
    assert.equal(exported.models.find((m: { id: string }) => m.id === "anthropic/claude-opus-5").status, "suspended");
    assert.ok(!exported.systems.some((s: { id: string }) => s.id === "docs-translator"));
  });

  it("refuses an invalid file and leaves the database as it was", async () => {
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
    const snapshot = await deps.registry.exportRegistry("json");
    const auditCount = (await auditRows()).length;
    await assert.rejects(readRegistryFile(fixture("registry-ten-mistakes.yml")), (error: Error) => {
      assert.match(error.message, /has 12 problems/);
      assert.match(error.message, /registry-ten-mistakes\.yml:20: models\[0\]\.vendor: unknown vendor "antropic"/);
      return true;
    });
    assert.equal(await deps.registry.exportRegistry("json"), snapshot);
    assert.equal((await auditRows()).length, auditCount);
  });

  it("keeps use_cases: [] (no use case) apart from an absent list (any use case)", async () => {
    const registry = await readRegistryFile(fixture("registry-small.yml"));
    const first = registry.models[0];
    assert.ok(first);
    first.use_cases = [];
    await deps.registry.importRegistry(registry, "test");
    const exported = parse(await deps.registry.exportRegistry("yaml"));
    assert.deepEqual(exported.models[0].use_cases, []);
    assert.equal("use_cases" in exported.models[1], false);
  });

  it("rolls back the whole import when a write fails half way", async () => {
    await deps.registry.importRegistry(await readRegistryFile(fixture("registry-small.yml")), "test");
    const snapshot = await deps.registry.exportRegistry("json");
    const broken = structuredClone(await deps.registry.currentRegistry());
    broken.models.push({
      ...(broken.models[0] as (typeof broken.models)[0]),
      id: "ghost/model",
      vendor: "no-such-vendor",
    });
    await assert.rejects(deps.registry.importRegistry(broken, "test"));
    assert.equal(await deps.registry.exportRegistry("json"), snapshot);
  });

  it("shares one model catalog until the registry changes", async () => {
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
    const first = await deps.registry.catalog();
    assert.equal(await deps.registry.catalog(), first, "built once per revision");
    assert.deepEqual(first.recognize("GPT-5 is down").modelIds, ["openai/gpt-5"]);

    const registry = structuredClone(await deps.registry.currentRegistry());
    const gpt5 = registry.models.find((m) => m.id === "openai/gpt-5");
    assert.ok(gpt5);
    gpt5.aliases.push("big brain");
    await deps.registry.importRegistry(registry, "test");
    const next = await deps.registry.catalog();
    assert.notEqual(next, first);
    assert.deepEqual(next.recognize("big brain is down").modelIds, ["openai/gpt-5"]);
  });
});
