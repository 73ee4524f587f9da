import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DeletionIndex, singleDeletions } from "../../../src/features/registry/deletion-index.ts";

/** What the index stands for: every key one deletion turns into `deletion`, in the order added, once each. */
function keysWithDeletion(keys: readonly string[], deletion: string): string[] {
  return keys.filter((key) => singleDeletions(key).includes(deletion));
}

describe("DeletionIndex", () => {
  it("finds each key one deletion away, once, in the order the keys were added", () => {
    const index = new DeletionIndex();
    for (const key of ["gpt4o", "gpt4", "claude", "aab", "clude"]) index.add(key);
    assert.deepEqual(index.keysWithDeletion("gpt4"), ["gpt4o"]);
    assert.deepEqual(index.keysWithDeletion("ab"), ["aab"]);
    assert.deepEqual(index.keysWithDeletion("clude"), ["claude"]);
    assert.deepEqual(index.keysWithDeletion("gpt"), ["gpt4"]);
    assert.deepEqual(index.keysWithDeletion("claude"), []);
    assert.deepEqual(index.keysWithDeletion("xyz"), []);
  });

  it("answers as a map from every deletion to its keys would, for keys added after a lookup too", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom("a", "b", "c", "é", "文"), minLength: 1, maxLength: 6 }), {
          maxLength: 40,
        }),
        fc.integer({ min: 0, max: 40 }),
        (keys, split) => {
          const index = new DeletionIndex();
          for (const key of keys.slice(0, split)) index.add(key);
          index.keysWithDeletion("a");
          for (const key of keys.slice(split)) index.add(key);
          for (const deletion of new Set(keys.flatMap(singleDeletions))) {
            assert.deepEqual(index.keysWithDeletion(deletion), keysWithDeletion(keys, deletion));
          }
        },
      ),
    );
  });
});
