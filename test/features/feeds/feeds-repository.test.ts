import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import {
  findKnownFeedIncidents,
  saveFeedIncident,
  saveFeedState,
  unpolledFeedState,
} from "../../../src/features/feeds/feeds-repository.ts";
import { newIncident } from "../../support/incidents.ts";
import { openTestDeps } from "../../support/test-app.ts";

const OLD = "https://status.anthropic.com/api/v2/incidents.json";
const NEW = "https://status.claude.com/api/v2/incidents.json";

const statePage = (url: string, vendorId: string) => unpolledFeedState({ url, vendorId, kind: "statuspage" });

describe("the feeds repository", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps());
  });
  afterEach(() => close());

  it("knows a vendor's incidents across its page's moves, merging what each address saw", async () => {
    await saveFeedState(deps.db, statePage(OLD, "anthropic"));
    await saveFeedState(deps.db, statePage("https://status.openai.com/api/v2/incidents.json", "openai"));
    const { incident } = await deps.incidents.create(
      newIncident({ source: "feed", reporter: "feed:status.claude.com" }),
    );
    const seen = { incidentId: null, status: "investigating", impact: "major", name: "Errors" };
    await saveFeedIncident(
      deps.db,
      OLD,
      { ...seen, externalId: "abc", incidentId: incident.id, seenUpdates: ["u1"] },
      "2026-06-13T01:00:00Z",
    );
    await saveFeedIncident(
      deps.db,
      NEW,
      { ...seen, externalId: "abc", status: "monitoring", seenUpdates: ["u2"] },
      "2026-06-13T02:00:00Z",
    );
    await saveFeedIncident(
      deps.db,
      "https://status.openai.com/api/v2/incidents.json",
      { ...seen, externalId: "other-vendor", seenUpdates: [] },
      "2026-06-13T02:00:00Z",
    );
    const known = await findKnownFeedIncidents(deps.db, { vendorId: "anthropic", currentUrl: NEW });
    assert.deepEqual([...known.keys()], ["abc"]);
    assert.deepEqual(known.get("abc"), {
      feedUrl: NEW,
      externalId: "abc",
      incidentId: incident.id,
      status: "monitoring",
      impact: "major",
      name: "Errors",
      seenUpdates: ["u1", "u2"],
    });
  });
});
