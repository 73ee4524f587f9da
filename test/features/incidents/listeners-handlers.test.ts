import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  appMentioned,
  nextPageClicked,
  resolveClicked,
  triageClicked,
  triageFormSubmitted,
} from "../../../src/features/incidents/listeners.ts";
import { newIncident } from "../../support/incidents.ts";
import { recordingClient } from "../../support/recording-client.ts";
import { servicesWithFakeSlack } from "../../support/services-with-fake-slack.ts";

const LEAD = "U0GOVLEAD1";

/** Bolt's arguments for a handler, as far as it reads them. */
const args = (fields: Record<string, unknown>) => fields as never;

describe("incident listener handlers, called with fake Bolt arguments", () => {
  const suite = servicesWithFakeSlack();

  it("resolveClicked resolves, refreshes the card through the service and replies in its thread", async () => {
    const { incident } = await suite.deps.incidents.create(newIncident());
    await suite.deps.incidents.publishCard(incident.id);
    const slack = recordingClient();
    await resolveClicked(suite.deps)(
      args({ action: { value: String(incident.id) }, body: { user: { id: LEAD } }, client: slack.client }),
    );
    assert.equal((await suite.deps.incidents.get(incident.id)).status, "resolved");
    assert.equal(suite.fake.callsTo("chat.update").length, 1, "the card was updated in place");
    const reply = slack.callsTo("chat.postMessage")[0];
    assert.equal(reply?.thread_ts, (await suite.deps.incidents.get(incident.id)).cardTs);
    assert.match(String(reply?.text), new RegExp(`<@${LEAD}> resolved ${incident.key}`));
  });

  it("resolveClicked refuses someone who is not a lead, and changes nothing", async () => {
    const { incident } = await suite.deps.incidents.create(newIncident());
    const slack = recordingClient();
    await assert.rejects(
      resolveClicked(suite.deps)(
        args({ action: { value: String(incident.id) }, body: { user: { id: "U0SOMEONE" } }, client: slack.client }),
      ),
      { code: "forbidden" },
    );
    assert.equal((await suite.deps.incidents.get(incident.id)).status, "open");
    assert.equal(slack.calls.length, 0);
  });

  it("triageClicked opens the status form for a lead only", async () => {
    const { incident } = await suite.deps.incidents.create(newIncident());
    const slack = recordingClient();
    const click = (user: string) =>
      triageClicked(
        "status",
        suite.deps,
      )(
        args({
          action: { value: String(incident.id) },
          body: { user: { id: user }, trigger_id: "t1" },
          client: slack.client,
        }),
      );
    await assert.rejects(click("U0SOMEONE"), { code: "forbidden" });
    await click(LEAD);
    assert.equal(slack.callsTo("views.open").length, 1);
  });

  it("triageFormSubmitted changes the severity, tells the thread, offers the notice and queues notice updates", async () => {
    const { incident } = await suite.deps.incidents.create(newIncident({ severity: "sev3" }));
    await suite.deps.incidents.publishCard(incident.id);
    const slack = recordingClient();
    const view = {
      id: "V1",
      private_metadata: String(incident.id),
      state: {
        values: { severity: { value: { selected_option: { value: "sev1" } } }, note: { value: { value: "Worse" } } },
      },
    };
    await triageFormSubmitted(
      "severity",
      suite.deps,
    )(args({ view, body: { user: { id: LEAD } }, client: slack.client }));
    assert.equal((await suite.deps.incidents.get(incident.id)).severity, "sev1");
    assert.match(
      String(slack.callsTo("chat.postMessage")[0]?.text),
      /changed the severity of INC-\d{4}: sev3 → sev1\. Worse/,
    );
    const preview = suite.fake.callsTo("chat.postEphemeral").find((c) => c.args.user === LEAD);
    assert.match(String(preview?.args.text), /notice is due/, "the lead is offered the notice");
    // The same form again (Slack's retry) does nothing more.
    await triageFormSubmitted(
      "severity",
      suite.deps,
    )(args({ view, body: { user: { id: LEAD } }, client: slack.client }));
    assert.equal(slack.callsTo("chat.postMessage").length, 1);
  });

  it("nextPageClicked refuses a button that names no page", async () => {
    const responses: unknown[] = [];
    await assert.rejects(
      nextPageClicked(suite.deps)(
        args({ action: { value: "nonsense" }, respond: async (r: unknown) => responses.push(r) }),
      ),
      { code: "invalid_input" },
    );
    assert.deepEqual(responses, []);
  });

  it("appMentioned tells the user privately when the thread holds no incident", async () => {
    const slack = recordingClient();
    await appMentioned(suite.deps)(
      args({
        event: { text: "<@U0BOT> update: vendor confirms a fix", channel: "C1", thread_ts: "9.9", user: "U0SOMEONE" },
        client: slack.client,
      }),
    );
    assert.match(String(slack.callsTo("chat.postEphemeral")[0]?.text), /no incident in this thread/);
  });
});
