import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import { createFeedService, type FeedService } from "../../../src/features/feeds/feed-service.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { FeedServer } from "../../support/feed-server.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

describe("model retirement dates from vendors' model lists and the LiteLLM catalog", () => {
  let server: FeedServer;
  let deps: Deps;
  let close: () => Promise<void>;
  let feeds: FeedService;

  before(async () => {
    server = await new FeedServer().start();
  });
  after(() => server.stop());
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps({ now: () => new Date("2026-11-24T10:00:00Z") }));
    const registry = await readRegistryFile(EXAMPLE_REGISTRY);
    for (const vendor of registry.vendors) {
      vendor.status_page = null;
      if (vendor.id === "openai") vendor.models_url = server.url("/v1/models");
      if (vendor.id === "anthropic") {
        vendor.litellm_url = server.url("/litellm.json");
        vendor.litellm_provider = "anthropic";
      }
    }
    await deps.registry.importRegistry(registry, "test");
    feeds = createFeedService({ ...deps, pollIntervalMs: 60_000 });
  });
  afterEach(() => close());

  const deprecations = async () => (await deps.incidents.list()).filter((i) => i.type === "deprecation");

  it("logs a new or moved retirement date of a model that systems depend on, once", async () => {
    server.serve("/v1/models", {
      body: JSON.stringify({
        object: "list",
        data: [
          {
            id: "gpt-4o-2024-08-06",
            object: "model",
            created: 1722902400,
            owned_by: "system",
            shutdown_date: "2027-03-01",
          },
          { id: "gpt-5-mini", object: "model", created: 1754500000, owned_by: "system", shutdown_date: 1798761600 },
          { id: "gpt-5", object: "model", created: 1754500000, owned_by: "system", shutdown_date: "2027-06-30" },
          { id: "o3", object: "model", created: 1744000000, owned_by: "system" },
        ],
      }),
    });
    server.serve("/litellm.json", {
      body: JSON.stringify({
        "claude-mythos-5-20260101": { litellm_provider: "anthropic", mode: "chat", deprecation_date: "2027-02-01" },
        "claude-opus-5": { litellm_provider: "anthropic", mode: "chat" },
        "gpt-4o": { litellm_provider: "openai", mode: "chat", deprecation_date: "2026-12-01" },
      }),
    });
    const findings = await feeds.pollAll({ force: true });
    const logged = await deprecations();
    assert.deepEqual(logged.map((i) => i.title).sort(), [
      "Claude Mythos 5 retires on 2027-02-01",
      "GPT-4o retires on 2027-03-01",
      "GPT-5 mini retires on 2027-01-01",
    ]);
    const gpt4o = logged.find((i) => i.models[0] === "openai/gpt-4o");
    assert.match(gpt4o?.description ?? "", /the registry says 2027-01-15/);
    assert.equal(gpt4o?.severity, "sev3");
    assert.equal(logged.find((i) => i.models[0] === "openai/gpt-5-mini")?.severity, "sev3");
    assert.ok(
      !logged.some((i) => i.title.startsWith("GPT-4o retires on 2026-12-01")),
      "another provider's catalog entries are ignored",
    );
    assert.ok(
      findings.some(
        (f) => f.kind === "recorded" && /GPT-5 retires on 2027-06-30 \(no system depends on it\)/.test(f.message),
      ),
    );

    await feeds.pollAll({ force: true });
    assert.equal((await deprecations()).length, 3, "the same dates log nothing new");

    server.serve("/v1/models", {
      body: JSON.stringify({ data: [{ id: "gpt-4o", shutdown_date: "2027-04-15" }] }),
    });
    await feeds.pollAll({ force: true });
    const moved = (await deprecations()).filter((i) => i.models[0] === "openai/gpt-4o");
    assert.equal(moved.length, 2);
    assert.match(moved.find((i) => /2027-04-15/.test(i.title))?.description ?? "", /it said 2027-03-01 before/);
  });

  it("refuses a model list of the wrong shape without logging anything", async () => {
    server.serve("/v1/models", { body: JSON.stringify({ models: ["gpt-4o"] }) });
    server.serve("/litellm.json", { body: "[1, 2, 3]" });
    const findings = await feeds.pollAll({ force: true });
    assert.deepEqual(
      findings.map((f) => f.kind),
      ["error", "error"],
    );
    assert.equal((await deprecations()).length, 0);
  });
});
