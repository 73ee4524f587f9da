import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import { plainVendor, type Registry } from "../../../src/features/registry/registry.ts";
import { diffRegistries } from "../../../src/features/registry/registry-diff.ts";
import {
  findImportedFileHash,
  findRegistryRevision,
  loadRegistry,
  saveImportedFileHash,
  writeRegistryChanges,
} from "../../../src/features/registry/registry-repository.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";
import { openTestDeps } from "../../support/test-app.ts";

const AT = "2026-12-01T09:00:00.000Z";

/** Every field set to something other than its default, and names in several scripts. */
function fullRegistry(): Registry {
  const registry = smallRegistry(
    [
      testModel("acme/model-1", "Modèle Ünö", {
        aliases: ["m1", "模型一"],
        status: "restricted",
        max_data_class: "confidential",
        use_cases: [],
        conditions: "Only with review",
        hosting: "self_hosted",
        open_weights: true,
        retires_on: "2027-01-31",
        alternatives: ["m-2"],
        policy_url: "https://example.com/policy",
        reviewed_on: "2026-11-01",
      }),
      testModel("m-2", "Model Two", { vendor: "globex", use_cases: ["coding"] }),
    ],
    [
      {
        id: "sys",
        name: "Système",
        owner: "U0OWNER1",
        channel: "C0CHAN1",
        data_class: "internal",
        models: ["m-2", "acme/model-1"],
      },
    ],
  );
  registry.governance = { leads: ["U0LEAD1", "U0LEAD2"], notice_channel: "C0NOTICE" };
  registry.vendors[0] = {
    ...plainVendor("acme", "Acme AI"),
    status_page: "https://status.acme.example",
    owner: "U0OWNER1",
    models_url: "https://api.acme.example/v1/models",
    models_api_key_env: "ACME_API_KEY",
    litellm_url: "https://example.com/litellm.json",
    litellm_provider: "acme",
  };
  return registry;
}

describe("registry repository", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps());
  });
  afterEach(() => close());

  /** Writes `registry` over what is stored, the way an import does. */
  async function write(registry: Registry, actor = "test") {
    const diff = await deps.db.transaction().execute(async (trx) => {
      const computed = diffRegistries(await loadRegistry(trx), registry);
      await writeRegistryChanges(trx, { registry, diff: computed, actor, at: AT });
      return computed;
    });
    return diff;
  }
  const audit = () =>
    deps.db
      .selectFrom("audit_log")
      .select(["actor", "action", "entity_type", "entity_id", "before", "after"])
      .orderBy("id")
      .execute();

  it("reads an empty registry at revision 0 from a fresh database", async () => {
    assert.equal(await findRegistryRevision(deps.db), 0);
    assert.equal(await findImportedFileHash(deps.db), null);
    assert.deepEqual(await loadRegistry(deps.db), {
      version: 1,
      governance: { leads: [], notice_channel: null },
      data_classes: [],
      use_cases: [],
      vendors: [],
      models: [],
      systems: [],
    });
  });

  it("reads back exactly what it wrote, every field and every list in order", async () => {
    const registry = fullRegistry();
    await write(registry);
    assert.deepEqual(await loadRegistry(deps.db), registry);
    assert.equal(await findRegistryRevision(deps.db), 1);
    const state = await deps.db.selectFrom("registry_state").selectAll().executeTakeFirstOrThrow();
    assert.deepEqual([state.imported_at, state.imported_by], [AT, "test"]);
  });

  it("keeps the revision when nothing changed, and moves rows without auditing the move", async () => {
    await write(fullRegistry());
    const audited = (await audit()).length;
    await write(fullRegistry());
    assert.equal(await findRegistryRevision(deps.db), 1);

    const moved = fullRegistry();
    moved.models.reverse();
    moved.vendors.reverse();
    await write(moved);
    assert.equal(await findRegistryRevision(deps.db), 1);
    assert.equal((await audit()).length, audited);
    const loaded = await loadRegistry(deps.db);
    assert.deepEqual(
      loaded.models.map((m) => m.id),
      ["m-2", "acme/model-1"],
    );
    assert.deepEqual(
      loaded.vendors.map((v) => v.id),
      ["globex", "acme"],
    );
  });

  it("audits each change with actor, before and after, and bumps the revision once per write", async () => {
    await write(fullRegistry(), "first");
    const changed = fullRegistry();
    changed.models[1] = { ...changed.models[1]!, status: "prohibited" };
    changed.systems[0] = { ...changed.systems[0]!, models: ["acme/model-1"] };
    await write(changed, "second");
    assert.equal(await findRegistryRevision(deps.db), 2);
    const rows = (await audit()).filter((row) => row.actor === "second");
    assert.deepEqual(
      rows.map((row) => `${row.action} ${row.entity_type} ${row.entity_id}`),
      ["changed model m-2", "changed system sys"],
    );
    assert.equal(JSON.parse(rows[0]?.before ?? "null").status, "approved");
    assert.equal(JSON.parse(rows[0]?.after ?? "null").status, "prohibited");
    assert.deepEqual((await loadRegistry(deps.db)).systems[0]?.models, ["acme/model-1"]);
    assert.equal(
      (await deps.db.selectFrom("system_models").selectAll().execute()).length,
      1,
      "the system's old links are gone",
    );
  });

  it("renames an id: the old row goes, the new one comes, and what pointed at it follows", async () => {
    await write(fullRegistry());
    const renamed = fullRegistry();
    renamed.models[1] = { ...renamed.models[1]!, id: "m-two" };
    renamed.models[0] = { ...renamed.models[0]!, alternatives: ["m-two"] };
    renamed.systems[0] = { ...renamed.systems[0]!, models: ["m-two", "acme/model-1"] };
    await write(renamed);
    assert.deepEqual(await loadRegistry(deps.db), renamed);
    const rows = await audit();
    assert.ok(rows.some((row) => row.action === "removed" && row.entity_id === "m-2" && row.after === null));
    assert.ok(rows.some((row) => row.action === "added" && row.entity_id === "m-two" && row.before === null));
  });

  it("removes a vendor with its models and the system using them in one write, foreign keys and all", async () => {
    await write(fullRegistry());
    const smaller = fullRegistry();
    smaller.vendors = smaller.vendors.filter((v) => v.id !== "globex");
    smaller.models = smaller.models.filter((m) => m.vendor !== "globex");
    smaller.models[0] = { ...smaller.models[0]!, alternatives: [] };
    smaller.systems = [];
    smaller.data_classes = smaller.data_classes.filter((d) => d.id !== "public");
    await write(smaller);
    assert.deepEqual(await loadRegistry(deps.db), smaller);
    assert.equal((await deps.db.selectFrom("system_models").selectAll().execute()).length, 0);
  });

  it("writes nothing of a write that fails part way, when the caller's transaction rolls back", async () => {
    const registry = fullRegistry();
    await write(registry);
    const broken = fullRegistry();
    broken.models[0] = { ...broken.models[0]!, name: "Renamed before the failure" };
    broken.models.push(testModel("orphan", "Orphan", { vendor: "no-such-vendor" }));
    await assert.rejects(write(broken), /foreign key/i);
    assert.deepEqual(await loadRegistry(deps.db), registry);
    assert.equal(await findRegistryRevision(deps.db), 1);
  });

  it("writes and reads a registry larger than one batch of rows, in order", async () => {
    const models = Array.from({ length: 1203 }, (_, index) => testModel(`m-${1202 - index}`, `Model ${1202 - index}`));
    const registry = smallRegistry(models, [
      { id: "all", name: "All", owner: null, channel: null, data_class: "public", models: models.map((m) => m.id) },
    ]);
    const diff = await write(registry);
    assert.equal(diff.changes.length, 3 + 1 + 2 + 1203 + 1);
    const loaded = await loadRegistry(deps.db);
    assert.deepEqual(loaded, registry);
    assert.equal((await audit()).length, diff.changes.length);
  });

  it("saves the imported file's hash, and clears it", async () => {
    await saveImportedFileHash(deps.db, "abc123");
    assert.equal(await findImportedFileHash(deps.db), "abc123");
    await saveImportedFileHash(deps.db, null);
    assert.equal(await findImportedFileHash(deps.db), null);
  });
});
