import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../../src/config.ts";
import type { Deps } from "../../../src/deps.ts";
import { importRegistryFileIfChanged, readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { openDeps } from "../../../src/main.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../../support/test-app.ts";

describe("importing the registry file at start-up", () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, "registry.yml");
  let deps: Deps;
  before(async () => {
    deps = await openDeps(loadConfig({ DATABASE_URL: join(dir, "aigov.sqlite"), LOG_LEVEL: "warn" }), {
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
});
