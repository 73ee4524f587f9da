import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../../src/config.ts";
import type { Deps } from "../../../src/deps.ts";
import {
  checkRegistryFile,
  draftFromLitellmFile,
  importRegistryFileIfChanged,
  readRegistryFile,
} from "../../../src/features/registry/registry-files.ts";
import { validateRegistryText } from "../../../src/features/registry/registry-validator.ts";
import { openDeps } from "../../../src/main.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../../support/test-app.ts";
import { testDatabaseEnv } from "../../support/test-database.ts";

describe("importing the registry file at start-up", () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, "registry.yml");
  let deps: Deps;
  before(async () => {
    deps = await openDeps(loadConfig({ ...testDatabaseEnv(dir, "aigov.sqlite"), LOG_LEVEL: "warn" }), {
      writeLog: () => {},
    });
    copyFileSync(EXAMPLE_REGISTRY, file);
  });
  after(async () => {
    await deps.db.destroy();
    cleanup();
  });

  const auditRows = async () =>
    Number(
      (
        await deps.db
          .selectFrom("audit_log")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("imports a new file, skips it while its content is unchanged, and imports it again once changed", async () => {
    const first = await importRegistryFileIfChanged(deps.registry, file, "startup");
    assert.ok(first && first.added.length > 0);
    const revision = await deps.registry.currentRevision();
    const audited = await auditRows();

    assert.equal(await importRegistryFileIfChanged(deps.registry, file, "startup"), null);
    assert.equal(await deps.registry.currentRevision(), revision);
    assert.equal(await auditRows(), audited);

    appendFileSync(file, "\n# a comment changes the content, if not the registry\n");
    const again = await importRegistryFileIfChanged(deps.registry, file, "startup");
    assert.ok(again, "a changed file is read and imported");
    assert.equal(again.changed.length + again.added.length + again.removed.length, 0);
    assert.equal(await importRegistryFileIfChanged(deps.registry, file, "startup"), null);
  });

  it("reads the file again after an import from elsewhere (the CLI), and still refuses an invalid one", async () => {
    const registry = await readRegistryFile(file);
    await deps.registry.importRegistry({ ...registry, systems: registry.systems.slice(1) }, "cli:someone");
    const restored = await importRegistryFileIfChanged(deps.registry, file, "startup");
    assert.equal(restored?.added.length, 1, "the system the CLI import removed comes back");

    writeFileSync(file, "version: 1\nmodels: [oops\n");
    await assert.rejects(importRegistryFileIfChanged(deps.registry, file, "startup"), { code: "registry_invalid" });
  });

  it("leaves the registry and the file hash whole when a changed file is invalid, and imports the next valid one", async () => {
    copyFileSync(EXAMPLE_REGISTRY, file);
    await importRegistryFileIfChanged(deps.registry, file, "startup");
    const registry = await deps.registry.currentRegistry();
    const revision = await deps.registry.currentRevision();
    const hash = await deps.registry.importedFileHash();

    const example = readFileSync(EXAMPLE_REGISTRY, "utf8");
    writeFileSync(file, `${example}\n  - id: broken\n`);
    await assert.rejects(importRegistryFileIfChanged(deps.registry, file, "startup"), { code: "registry_invalid" });
    assert.deepEqual(await deps.registry.currentRegistry(), registry);
    assert.equal(await deps.registry.currentRevision(), revision);
    assert.equal(await deps.registry.importedFileHash(), hash);

    writeFileSync(file, example.replace(/status: approved/, "status: suspended"));
    const fixed = await importRegistryFileIfChanged(deps.registry, file, "startup");
    assert.equal(fixed?.changed.length, 1);
    assert.notEqual(await deps.registry.importedFileHash(), hash);
  });

  it("refuses a missing file as unreadable", async () => {
    await assert.rejects(importRegistryFileIfChanged(deps.registry, join(dir, "absent.yml"), "startup"), {
      code: "registry_file_unreadable",
    });
  });
});

describe("reading registry files", () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const smallFixture = fileURLToPath(new URL("../../fixtures/registry-small.yml", import.meta.url));
  const mistakes = fileURLToPath(new URL("../../fixtures/registry-ten-mistakes.yml", import.meta.url));

  it("reads a valid file into the registry", async () => {
    const registry = await readRegistryFile(smallFixture);
    assert.deepEqual(
      registry.models.map((m) => m.id),
      ["anthropic/claude-opus-5", "zhipu/glm-5"],
    );
    assert.deepEqual(registry.governance, { leads: ["U0GOVLEAD1"], notice_channel: "C0AINOTICES" });
  });

  it("says a missing file is missing, naming it, for reading and for checking", async () => {
    const missing = join(dir, "nope.yml");
    for (const read of [readRegistryFile, checkRegistryFile]) {
      await assert.rejects(read(missing), {
        code: "registry_file_unreadable",
        message: `Cannot read registry file ${missing}: no such file`,
      });
    }
    await assert.rejects(readRegistryFile(dir), (error: Error & { code: string }) => {
      assert.equal(error.code, "registry_file_unreadable");
      assert.match(error.message, /^Cannot read registry file .*: (?!no such file)/);
      return true;
    });
  });

  it("refuses an invalid file listing every problem with file and line, in the message and the details", async () => {
    const check = await checkRegistryFile(mistakes);
    assert.equal(check.ok, false);
    const problems = check.ok ? [] : check.problems;
    await assert.rejects(readRegistryFile(mistakes), (error: Error & { code: string; details: string[] }) => {
      assert.equal(error.code, "registry_invalid");
      assert.equal(error.details.length, problems.length);
      assert.ok(error.details.every((line) => line.startsWith(`${mistakes}:`)));
      assert.ok(error.message.startsWith(`${mistakes} has ${problems.length} problems:\n`));
      assert.ok(error.message.endsWith(error.details.join("\n")));
      return true;
    });
  });

  it("checks without throwing: a valid file comes back with its registry", async () => {
    const check = await checkRegistryFile(smallFixture);
    assert.ok(check.ok);
    assert.deepEqual(check.registry, await readRegistryFile(smallFixture));
  });

  it("refuses a LiteLLM catalog that is missing or not JSON as unreadable", async () => {
    const missing = join(dir, "absent.json");
    await assert.rejects(draftFromLitellmFile(missing), {
      code: "registry_file_unreadable",
      message: `Cannot read LiteLLM catalog ${missing}: no such file`,
    });
    const notJson = join(dir, "catalog.json");
    writeFileSync(notJson, "{ not json");
    await assert.rejects(draftFromLitellmFile(notJson), (error: Error & { code: string }) => {
      assert.equal(error.code, "registry_file_unreadable");
      assert.ok(error.message.startsWith(`Cannot read LiteLLM catalog ${notJson}: `));
      return true;
    });
  });

  it("drafts from a catalog with no chat model a registry that says where it came from", async () => {
    const catalog = join(dir, "embeddings.json");
    writeFileSync(catalog, JSON.stringify({ "text-embedding-3": { litellm_provider: "openai", mode: "embedding" } }));
    const draft = await draftFromLitellmFile(catalog);
    assert.deepEqual([draft.models, draft.skipped], [0, 1]);
    assert.ok(validateRegistryText(draft.yaml).ok);
    assert.ok(draft.yaml.startsWith(`# Registry draft generated from the LiteLLM model catalog (${catalog}).\n`));
  });
});
