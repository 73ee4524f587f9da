import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { incidentSchema, newIncidentSchema } from "../../../src/features/incidents/incident-schemas.ts";
import { newIncident } from "../../support/incidents.ts";

const titleProblem = (title: string) => {
  const result = newIncidentSchema.safeParse(newIncident({ title }));
  return result.success ? null : result.error.issues.find((issue) => issue.path[0] === "title")?.message;
};

describe("incident titles", () => {
  it("refuses a title of only zero-width, format or blank characters, with a clear message", () => {
    for (const title of [
      "\u200b\u200b\u200b",
      "\u200d\u200c\ufeff\u2060",
      " \u200b \u00a0 \u3000 ",
      "\u202e\u202d\u2066",
    ]) {
      assert.equal(
        titleProblem(title),
        "must have visible text, not only blank or invisible characters",
        JSON.stringify(title),
      );
    }
  });

  it("accepts visible text around invisible characters, and emoji joined with zero-width joiners", () => {
    assert.equal(titleProblem("\u200bOpenAI down\u200b"), null);
    assert.equal(titleProblem("👩‍💻👩‍💻👩‍💻"), null);
  });
});

describe("the stored incident schema", () => {
  it("is the new-incident schema plus what the bot keeps, so the two cannot drift apart", () => {
    const stored = {
      ...newIncident({ title: "API down" }),
      id: 42,
      key: "INC-0042",
      vendorName: "OpenAI",
      status: "open",
      cardChannel: null,
      cardTs: null,
      cardUrl: null,
      createdAt: "2026-06-01T00:00:00.000Z",
      updatedAt: "2026-06-01T00:00:00.000Z",
      resolvedAt: null,
    };
    assert.equal(incidentSchema.parse(stored).key, "INC-0042");
    assert.equal(incidentSchema.safeParse({ ...stored, status: "closed" }).success, false);
    assert.equal(incidentSchema.safeParse({ ...stored, type: "meteor" }).success, false);
  });
});
