import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plainVendor } from "../../../src/features/registry/registry.ts";
import { registryFileSchema } from "../../../src/features/registry/registry-schemas.ts";

describe("plainVendor", () => {
  it("sets the id and name and leaves every other field null", () => {
    const { id, name, ...rest } = plainVendor("acme", "Acme AI");
    assert.deepEqual([id, name], ["acme", "Acme AI"]);
    assert.ok(Object.keys(rest).length > 0);
    assert.deepEqual(
      Object.entries(rest).filter(([, value]) => value !== null),
      [],
    );
  });

  it("is the vendor a file with only id and name reads as", () => {
    const parsed = registryFileSchema.parse({
      version: 1,
      data_classes: [{ id: "public" }],
      vendors: [{ id: "zhipu", name: "智谱 AI" }],
    });
    assert.deepEqual(parsed.vendors[0], plainVendor("zhipu", "智谱 AI"));
  });

  it("returns a fresh object each time, so changing one vendor leaves the next alone", () => {
    const first = plainVendor("a", "A");
    first.owner = "U0OWNER1";
    assert.equal(plainVendor("a", "A").owner, null);
  });
});
