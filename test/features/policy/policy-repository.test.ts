import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  type PolicySection,
  replacePolicySections,
  searchPolicySections,
} from "../../../src/features/policy/policy-repository.ts";
import { openTestDeps } from "../../support/test-app.ts";

const AT = "2026-11-24T10:00:00.000Z";
const policySection = (heading: string, body: string): PolicySection => ({
  sourcePath: "use.md",
  sourceUrl: null,
  heading,
  body,
});

describe("policy repository", async () => {
  const { deps, close } = await openTestDeps();
  const db = deps.db;
  after(() => close());

  const headingsFor = async (words: string[], limit = 5) =>
    (await searchPolicySections(db, words, limit)).map((hit) => hit.heading);

  it("finds sections by any of the words, a match in the heading ranking first", async () => {
    await replacePolicySections(
      db,
      [
        policySection("Travel", "Recruiting trips are booked by the recruiting team."),
        policySection("Recruiting", "AI must not screen applicants."),
        policySection("Coding", "Use approved assistants."),
      ],
      AT,
    );
    assert.deepEqual(await headingsFor(["recruiting"]), ["Recruiting", "Travel"]);
    assert.deepEqual(await headingsFor(["recruiting"], 1), ["Recruiting"]);
    assert.deepEqual(await headingsFor(["assistants", "nothing"]), ["Coding"]);
    assert.deepEqual(await headingsFor([]), []);
  });

  it("reads what a user types as words, never as FTS5 syntax", async () => {
    await replacePolicySections(db, [policySection("Coding", "Use approved assistants.")], AT);
    for (const word of ['"', "NEAR(", "coding*", "AND", "-", "heading:coding", 'cod"ing']) {
      await assert.doesNotReject(searchPolicySections(db, [word], 5), `searching for ${word}`);
    }
    assert.deepEqual(await headingsFor(['"coding"']), ["Coding"]);
  });

  it("replaces every section and its index, and keeps the old policy when an import fails", async () => {
    await replacePolicySections(db, [policySection("Old", "retired words")], AT);
    await replacePolicySections(db, [policySection("New", "fresh words")], AT);
    assert.deepEqual(await headingsFor(["words"]), ["New"]);
    assert.deepEqual(await headingsFor(["retired"]), []);

    const broken = { ...policySection("Broken", "half imported"), heading: null } as unknown as PolicySection;
    await assert.rejects(replacePolicySections(db, [policySection("Partial", "more words"), broken], AT));
    assert.deepEqual(await headingsFor(["words"]), ["New"]);
    const rows = await db.selectFrom("policy_sections").select(["heading", "position", "imported_at"]).execute();
    assert.deepEqual(rows, [{ heading: "New", position: 0, imported_at: AT }]);
  });
});
