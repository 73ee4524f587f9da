import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FeedError } from "../../../src/features/feeds/feed-source.ts";
import { retirementDates } from "../../../src/features/feeds/retirement-sync.ts";
import type { Vendor } from "../../../src/features/registry/registry.ts";

const vendor = { id: "anthropic", name: "Anthropic", litellm_provider: "anthropic" } as Vendor;

describe("retirement dates read from a feed", () => {
  it("reads a model list's shutdown dates, dates or Unix seconds, under the name without its snapshot date", () => {
    const dates = retirementDates(
      { kind: "openai_models", vendor },
      {
        data: [
          { id: "gpt-4o-2024-08-06", shutdown_date: "2027-01-15" },
          { id: "gpt-4-turbo", shutdown_date: Date.parse("2026-12-01T00:00:00Z") / 1000 },
          { id: "gpt-5", shutdown_date: null },
          { id: "o1", shutdown_date: "not a date" },
        ],
      },
    );
    assert.deepEqual(Object.fromEntries(dates), { "gpt-4o": "2027-01-15", "gpt-4-turbo": "2026-12-01" });
  });

  it("reads only the vendor's own models from LiteLLM's catalog, without provider prefixes", () => {
    const dates = retirementDates(
      { kind: "litellm", vendor },
      {
        "anthropic/claude-opus-5-20260101": { litellm_provider: "anthropic", deprecation_date: "2027-03-01" },
        "bedrock/claude-opus-5": { litellm_provider: "bedrock", deprecation_date: "2026-12-31" },
        "claude-sonnet-5": { litellm_provider: "anthropic" },
      },
    );
    assert.deepEqual(Object.fromEntries(dates), { "claude-opus-5": "2027-03-01" });
  });

  it("refuses bodies of the wrong shape as a feed error, so the poller backs off", () => {
    assert.throws(() => retirementDates({ kind: "openai_models", vendor }, { models: [] }), FeedError);
    assert.throws(() => retirementDates({ kind: "litellm", vendor }, [1, 2]), FeedError);
  });
});
