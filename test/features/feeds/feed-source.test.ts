import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findingsOf, sourcesOf } from "../../../src/features/feeds/feed-source.ts";
import type { Vendor } from "../../../src/features/registry/registry.ts";

const sourcesWithNoSecrets = (v: Vendor) => sourcesOf(v, () => null);

const vendor = (fields: Partial<Vendor>) => ({ id: "acme", name: "Acme", ...fields }) as Vendor;

describe("a vendor's feeds", () => {
  it("reads the incidents API of a status page given by its address, or the JSON address as given", () => {
    assert.deepEqual(
      sourcesWithNoSecrets(vendor({ status_page: "https://status.acme.com/" })).map((s) => [s.kind, s.url]),
      [["statuspage", "https://status.acme.com/api/v2/incidents.json"]],
    );
    assert.equal(
      sourcesWithNoSecrets(vendor({ status_page: "https://acme.incident.io/proxy/incidents.json" }))[0]?.url,
      "https://acme.incident.io/proxy/incidents.json",
    );
  });

  it("adds the model list and the LiteLLM catalog, in that order, and nothing for a vendor with no feeds", () => {
    const sources = sourcesWithNoSecrets(
      vendor({
        status_page: "https://status.acme.com",
        models_url: "https://api.acme.com/v1/models",
        litellm_url: "https://l/c.json",
      }),
    );
    assert.deepEqual(
      sources.map((s) => s.kind),
      ["statuspage", "openai_models", "litellm"],
    );
    assert.deepEqual(sources[1]?.headers, {}, "no key named, no authorization header");
    assert.deepEqual(sourcesWithNoSecrets(vendor({})), []);
  });

  it("makes findings that name the feed and the vendor", () => {
    const [source] = sourcesWithNoSecrets(vendor({ status_page: "https://status.acme.com" }));
    assert.ok(source);
    assert.deepEqual(findingsOf(source)("created", "INC-0001 logged", 1), {
      feed: "https://status.acme.com/api/v2/incidents.json",
      vendor: "Acme",
      kind: "created",
      message: "INC-0001 logged",
      incidentId: 1,
    });
  });
});
