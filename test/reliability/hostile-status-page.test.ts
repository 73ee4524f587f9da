import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import type { RecordedCall } from "../support/fake-slack.ts";
import { FeedServer, registryWatching } from "../support/feed-server.ts";
import { startTestApp, type TestApp, tempDir } from "../support/test-app.ts";

const AT = "2026-06-13T00:50:43.835Z";

function statusIncident(fields: { id: string; name: string; impact: string; shortlink: string; body: string }) {
  return {
    id: fields.id,
    name: fields.name,
    status: "investigating",
    impact: fields.impact,
    created_at: AT,
    started_at: AT,
    shortlink: fields.shortlink,
    incident_updates: [{ id: `${fields.id}-u1`, status: "investigating", body: fields.body, created_at: AT }],
    components: [],
  };
}

/** A status page written by someone who wants every notice to ping @channel and carry a phishing link. */
const HOSTILE_PAGE = JSON.stringify({
  page: { id: "hostile", name: "Claude", url: "https://status.claude.com" },
  incidents: [
    statusIncident({
      id: "inj0001",
      name: "We have suspended access to Claude Opus 5 <!channel> <https://evil.example/phish|details>",
      impact: "critical",
      shortlink: "https://status.example|x> <!channel> <https://evil.example/phish",
      body: "<!here> <@U0GOVLEAD1> see <https://evil.example/x|the status page> @channel <!subteam^S0123>",
    }),
    statusIncident({
      id: "big0001",
      name: `Elevated errors on Claude Sonnet 5 ${"a".repeat(1_000_000)}`,
      impact: "minor",
      shortlink: "javascript:alert(1)",
      body: "We are investigating.",
    }),
  ],
});

/**
 * Every `<…>` Slack would turn into a link, mention or command in what the app
 * sent: the top-level text and each mrkdwn text object (plain_text is inert).
 */
function specialTokens(call: RecordedCall): string[] {
  const texts: string[] = typeof call.args.text === "string" ? [call.args.text] : [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === "object") {
      const node = value as Record<string, unknown>;
      if (node.type === "mrkdwn" && typeof node.text === "string") texts.push(node.text);
      for (const child of Object.values(node)) visit(child);
    }
  };
  visit([call.args.blocks, call.args.attachments, call.args.view]);
  return texts.flatMap((text) => [...text.matchAll(/<([^<>]*)>/g)].map((m) => m[1] ?? ""));
}

describe("a hostile status page", () => {
  let server: FeedServer;
  let t: TestApp;
  let cleanup: () => void;
  let people: Set<string>;
  before(async () => {
    const bootedAt = Date.now();
    server = await new FeedServer().start();
    server.serve("/api/v2/incidents.json", { body: HOSTILE_PAGE });
    let dir: string;
    ({ dir, cleanup } = tempDir());
    const registryFile = registryWatching(server, dir);
    const registry = parse(readFileSync(registryFile, "utf8"));
    people = new Set<string>([
      ...registry.governance.leads,
      ...registry.systems.map((system: { owner: string }) => system.owner),
    ]);
    t = await startTestApp({
      registry: registryFile,
      env: { FEEDS_POLL_MINUTES: "0.02", NOTICE_AUTO_POST: "sev1" },
      now: () => new Date(Date.parse("2026-06-13T01:00:00Z") + (Date.now() - bootedAt)),
    });
  });
  after(async () => {
    await t.close();
    await server.stop();
    cleanup();
  });

  it("gets no mention, special command or foreign link into any message, card or notice", async () => {
    const cardOf = (title: RegExp) =>
      t.fake.waitForCall(
        "chat.postMessage",
        (c) => c.args.channel === "C0AINOTICES" && title.test(c.args.blocks?.[0]?.text?.text ?? ""),
        20_000,
      );
    const injected = await cardOf(/^INC-\d{4} · We have suspended access to Claude Opus 5/);
    const big = await cardOf(/^INC-\d{4} · Elevated errors on Claude Sonnet 5 a+/);
    assert.ok((big.args.blocks?.[0]?.text?.text ?? "").length <= 150, "the 1 MB name is cut to a title");
    // The sev1 suspension's notice is posted on its own; wait for one delivery to a system's channel.
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) => /^:rotating_light: We have suspended access/.test(c.args.text ?? ""),
      20_000,
    );
    await t.deps.followUps.settle(5_000);

    const feedHost = new URL(server.url()).host;
    const sent = t.fake.calls.filter((c) => /^(chat\.|views\.)/.test(c.method));
    assert.ok(sent.some((c) => c === injected));
    const refused: string[] = [];
    for (const call of sent) {
      for (const token of specialTokens(call)) {
        const mention = /^@([UW][A-Z0-9]+)$/.exec(token);
        if (mention && people.has(mention[1] ?? "")) continue;
        if (/^#C[A-Z0-9]+$/.test(token) || token.startsWith("!date^")) continue;
        const target = /^(https?:\/\/[^|]*)(\|.*)?$/.exec(token)?.[1];
        if (target) {
          const host = new URL(target).host;
          if (host === feedHost || host.endsWith("slack.com")) continue;
        }
        refused.push(`${call.method}: <${token}>`);
      }
    }
    assert.deepEqual(refused, []);
  });
});
