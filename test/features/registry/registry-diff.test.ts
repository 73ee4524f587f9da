import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Model, plainVendor, type Registry } from "../../../src/features/registry/registry.ts";
import { diffRegistries, type RegistryDiff } from "../../../src/features/registry/registry-diff.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const base = () =>
  smallRegistry(
    [testModel("m-1", "Model One"), testModel("m-2", "Model Two"), testModel("m-3", "Model Three")],
    [{ id: "sys", name: "System", owner: null, channel: null, data_class: "internal", models: ["m-1"] }],
  );

const summary = (diff: RegistryDiff) => diff.changes.map((c) => `${c.action} ${c.type} ${c.id}`);
const touchedIds = (diff: RegistryDiff) =>
  Object.fromEntries(Object.entries(diff.touched).map(([type, ids]) => [type, [...ids].sort()]));

describe("diffRegistries", () => {
  it("finds nothing between a registry and an equal copy, whatever order its keys were read in", () => {
    const before = base();
    const reordered = JSON.parse(
      JSON.stringify(before, (_key, value: unknown) =>
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as Registry;
    const diff = diffRegistries(before, reordered);
    assert.deepEqual(diff.changes, []);
    assert.ok(Object.values(diff.touched).every((ids) => ids.size === 0));
  });

  it("lists an empty registry against a full one as all added, and the reverse as all removed", () => {
    const empty: Registry = { ...base(), data_classes: [], use_cases: [], vendors: [], models: [], systems: [] };
    const added = diffRegistries(empty, base());
    assert.deepEqual(summary(added), [
      "added data_class public",
      "added data_class internal",
      "added data_class confidential",
      "added use_case coding",
      "added vendor acme",
      "added vendor globex",
      "added model m-1",
      "added model m-2",
      "added model m-3",
      "added system sys",
    ]);
    assert.deepEqual(added.changes[0], {
      action: "added",
      type: "data_class",
      id: "public",
      before: null,
      after: base().data_classes[0],
    });
    assert.deepEqual(touchedIds(added).model, ["m-1", "m-2", "m-3"]);

    const removed = diffRegistries(base(), empty);
    assert.equal(removed.changes.length, 10);
    assert.ok(removed.changes.every((c) => c.action === "removed" && c.after === null && c.before !== null));
    assert.ok(
      Object.values(removed.touched).every((ids) => ids.size === 0),
      "a removed row is not written",
    );
  });

  it("reports a changed field with the whole entity before and after", () => {
    const after = base();
    after.models[1] = { ...after.models[1]!, status: "prohibited" };
    const diff = diffRegistries(base(), after);
    assert.deepEqual(summary(diff), ["changed model m-2"]);
    const [change] = diff.changes;
    assert.ok(change);
    assert.equal((change.before as Model).status, "approved");
    assert.equal((change.after as Model).status, "prohibited");
    assert.deepEqual({ ...(change.after as Model), status: "approved" }, change.before, "the whole model, not a field");
    assert.deepEqual(touchedIds(diff).model, ["m-2"]);
  });

  it("sees a renamed id as one entity removed and another added", () => {
    const after = base();
    after.models[0] = { ...after.models[0]!, id: "m-1-renamed" };
    const diff = diffRegistries(base(), after);
    assert.deepEqual(summary(diff), ["added model m-1-renamed", "removed model m-1"]);
    assert.deepEqual(touchedIds(diff).model, ["m-1-renamed"]);
  });

  it("rewrites moved models silently, without reporting a change", () => {
    const after = base();
    after.models.reverse();
    const diff = diffRegistries(base(), after);
    assert.deepEqual(diff.changes, []);
    assert.deepEqual(touchedIds(diff).model, ["m-1", "m-3"], "m-2 stays in the middle and needs no write");
  });

  it("reports moved data classes as changed, with their rank, since order is sensitivity", () => {
    const after = base();
    after.data_classes = [after.data_classes[1]!, after.data_classes[0]!, after.data_classes[2]!];
    const diff = diffRegistries(base(), after);
    assert.deepEqual(summary(diff), ["changed data_class internal", "changed data_class public"]);
    const internal = diff.changes[0];
    assert.deepEqual(internal?.before, { id: "internal", name: "Internal", aliases: [], rank: 1 });
    assert.deepEqual(internal?.after, { id: "internal", name: "Internal", aliases: [], rank: 0 });
    assert.deepEqual(touchedIds(diff).data_class, ["internal", "public"]);
  });

  it("reports a governance change once, under the id governance", () => {
    const after = base();
    after.governance = { leads: ["U0LEAD1"], notice_channel: null };
    const diff = diffRegistries(base(), after);
    assert.deepEqual(diff.changes, [
      {
        action: "changed",
        type: "governance",
        id: "governance",
        before: { leads: [], notice_channel: null },
        after: { leads: ["U0LEAD1"], notice_channel: null },
      },
    ]);
  });

  it("sees order inside a list field as a change, and unicode names compared exactly", () => {
    const before = base();
    before.systems[0] = { ...before.systems[0]!, models: ["m-1", "m-2"] };
    before.vendors[1] = plainVendor("globex", "Glöbex");
    const after = base();
    after.systems[0] = { ...after.systems[0]!, models: ["m-2", "m-1"] };
    after.vendors[1] = plainVendor("globex", "Globex");
    assert.deepEqual(summary(diffRegistries(before, after)), ["changed vendor globex", "changed system sys"]);
  });
});
