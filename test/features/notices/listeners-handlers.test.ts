import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { acknowledgeClicked, postNoticeClicked } from "../../../src/features/notices/listeners.ts";
import { newIncident } from "../../support/incidents.ts";
import { servicesWithFakeSlack } from "../../support/services-with-fake-slack.ts";

const LEAD = "U0GOVLEAD1";
const args = (fields: Record<string, unknown>) => fields as never;

describe("notice listener handlers, called with fake Bolt arguments", () => {
  const suite = servicesWithFakeSlack();

  const click = (handler: ReturnType<typeof postNoticeClicked>, value: string, user: string) => {
    const responses: { text?: string }[] = [];
    const run = handler(
      args({
        action: { value },
        body: { user: { id: user } },
        respond: async (r: { text?: string }) => responses.push(r),
      }),
    );
    return { run, responses };
  };

  it("postNoticeClicked queues the notice once for a lead", async () => {
    const { incident } = await suite.deps.incidents.create(newIncident());
    const first = click(postNoticeClicked(suite.deps), String(incident.id), LEAD);
    await first.run;
    assert.match(String(first.responses[0]?.text), /Notice for INC-\d{4} queued: \d+ messages? on the way/);
    const again = click(postNoticeClicked(suite.deps), String(incident.id), LEAD);
    await again.run;
    assert.match(String(again.responses[0]?.text), /already posted; nothing new to send/);
  });

  it("postNoticeClicked refuses non-leads and buttons that name no incident", async () => {
    const { incident } = await suite.deps.incidents.create(newIncident());
    await assert.rejects(click(postNoticeClicked(suite.deps), String(incident.id), "U0SOMEONE").run, {
      code: "forbidden",
    });
    await assert.rejects(click(postNoticeClicked(suite.deps), "", LEAD).run, { code: "invalid_input" });
    assert.equal(await suite.deps.notices.hasNotice(incident.id), false);
  });

  it("acknowledgeClicked answers the first acknowledgement and then says it is done", async () => {
    const { incident } = await suite.deps.incidents.create(newIncident());
    const { noticeId } = await suite.deps.notices.queueIncidentNotice(incident.id, LEAD);
    const [system] = await suite.deps.incidents.affectedSystems(incident);
    assert.ok(system);
    const value = `${noticeId}:${system.id}`;
    const first = click(acknowledgeClicked(suite.deps), value, LEAD);
    await first.run;
    assert.match(String(first.responses[0]?.text), /Acknowledged for/);
    const again = click(acknowledgeClicked(suite.deps), value, LEAD);
    await again.run;
    assert.match(String(again.responses[0]?.text), /already acknowledged/);
  });

  it("offers a feed incident's notice in its card's thread, once", async () => {
    const { incident } = await suite.deps.incidents.create(
      newIncident({ source: "feed", reporter: "feed:status.example.com" }),
    );
    const carded = await suite.deps.incidents.publishCard(incident.id);
    assert.equal((await suite.deps.notices.offerNotice(incident.id, null)).kind, "preview");
    const preview = suite.fake.callsTo("chat.postMessage").find((c) => /notice is due/.test(c.args.text ?? ""));
    assert.equal(preview?.args.thread_ts, carded.cardTs);
    await suite.deps.notices.queueIncidentNotice(incident.id, LEAD);
    assert.equal((await suite.deps.notices.offerNotice(incident.id, null)).kind, "none", "no offer once it is posted");
  });

  it("offers nothing to someone who is not a lead", async () => {
    const { incident } = await suite.deps.incidents.create(newIncident());
    assert.equal((await suite.deps.notices.offerNotice(incident.id, "U0SOMEONE")).kind, "none");
  });
});
