import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Audience } from "../../../src/features/notices/notice-service.ts";
import { createSlackNoticeOffers } from "../../../src/features/notices/slack-notice-offers.ts";
import { storedIncident } from "../../support/incidents.ts";
import { recordingClient } from "../../support/recording-client.ts";

const audience: Audience = {
  due: true,
  channels: ["C0AINOTICES"],
  owners: ["U0OWNER"],
  systems: [{ id: "s", name: "Support bot", owner: "U0OWNER", channel: null, data_class: "internal", models: [] }],
};

describe("Slack notice offers", () => {
  const carded = storedIncident({ cardChannel: "C0AINOTICES", cardTs: "7.7" });

  it("shows a lead the preview privately, by the card when there is one, else in their DM", async () => {
    const slack = recordingClient();
    const offers = createSlackNoticeOffers(() => slack.client);
    await offers.previewTo("U0GOVLEAD1", carded, audience);
    await offers.previewTo("U0GOVLEAD1", storedIncident(), audience);
    const [byCard, inDm] = slack.callsTo("chat.postEphemeral");
    assert.equal(byCard?.channel, "C0AINOTICES");
    assert.equal(inDm?.channel, "U0GOVLEAD1");
    assert.match(JSON.stringify(byCard?.blocks), /Support bot/);
  });

  it("puts the preview and the auto-post note in the card's thread, and nowhere without a card", async () => {
    const slack = recordingClient();
    const offers = createSlackNoticeOffers(() => slack.client);
    await offers.previewInThread(carded, audience);
    await offers.autoPosted(carded);
    await offers.previewInThread(storedIncident(), audience);
    await offers.autoPosted(storedIncident());
    const posts = slack.callsTo("chat.postMessage");
    assert.deepEqual(
      posts.map((p) => p.thread_ts),
      ["7.7", "7.7"],
    );
    assert.match(String(posts[1]?.text), /posted automatically/);
  });
});
