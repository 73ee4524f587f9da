import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { IncidentCardContent } from "../../../src/features/incidents/incident-service.ts";
import { createSlackCardPublisher } from "../../../src/features/incidents/slack-card-publisher.ts";
import { createLogger } from "../../../src/logger.ts";
import { storedIncident } from "../../support/incidents.ts";
import { recordingClient } from "../../support/recording-client.ts";

const logger = createLogger({ level: "error", write: () => {} });
const content = (places: IncidentCardContent["places"]): IncidentCardContent => ({
  systems: [],
  modelNames: new Map(),
  lastUpdate: null,
  places,
});

describe("the Slack card publisher", () => {
  it("updates a posted card in place and reports nothing new", async () => {
    const slack = recordingClient();
    const publisher = createSlackCardPublisher(() => slack.client, logger);
    const incident = storedIncident({ cardChannel: "C0AINOTICES", cardTs: "1.000100" });
    assert.equal(await publisher.show(incident, content([{ channel: "C0OTHER", threadTs: null }])), null);
    assert.deepEqual(
      slack.calls.map((c) => c.method),
      ["chat.update"],
    );
    assert.equal(slack.callsTo("chat.update")[0]?.ts, "1.000100");
  });

  it("posts in the first place that takes the card, and tells the reporter where it went", async () => {
    const slack = recordingClient({ "chat.postMessage": { C0SOURCE: "not_in_channel" } });
    const publisher = createSlackCardPublisher(() => slack.client, logger);
    const incident = storedIncident({ reporter: "U0REPORTER" });
    const posted = await publisher.show(
      incident,
      content([
        { channel: "C0SOURCE", threadTs: "5.5" },
        { channel: "C0AINOTICES", threadTs: null },
      ]),
    );
    assert.equal(posted?.channel, "C0AINOTICES");
    assert.match(posted?.url ?? "", /archives\/C0AINOTICES/);
    const told = slack.callsTo("chat.postMessage").find((args) => args.channel === "U0REPORTER");
    assert.match(String(told?.text), /could not post INC-0042's card in <#C0SOURCE> \(I am not in that channel/);
  });

  it("lets other Slack errors through rather than trying elsewhere", async () => {
    const slack = recordingClient({ "chat.postMessage": { C0SOURCE: "invalid_blocks" } });
    const publisher = createSlackCardPublisher(() => slack.client, logger);
    await assert.rejects(
      publisher.show(
        storedIncident(),
        content([
          { channel: "C0SOURCE", threadTs: null },
          { channel: "C0AINOTICES", threadTs: null },
        ]),
      ),
      /invalid_blocks/,
    );
    assert.equal(slack.callsTo("chat.postMessage").length, 1);
  });

  it("asks for its client only when it shows a card, so a process without a bot token starts", async () => {
    const publisher = createSlackCardPublisher(() => {
      throw new Error("no bot token");
    }, logger);
    await assert.rejects(publisher.show(storedIncident(), content([])), /no bot token/);
  });
});
