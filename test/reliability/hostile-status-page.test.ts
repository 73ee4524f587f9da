import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
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

/** OpenAI's incident, first seen at its old address; the body tries the same tricks. */
function movingIncident(status: "investigating" | "resolved") {
  const incident = statusIncident({
    id: "mov0001",
    name: "Elevated errors on GPT-5",
    impact: "major",
    shortlink: "https://evil.example/moved",
    body: "<!channel> errors on GPT-5, see <https://evil.example/phish|our new page>",
  });
  if (status === "investigating") return incident;
  return {
    ...incident,
    status,
    incident_updates: [
      { id: "mov0001-u2", status, body: "Fixed. <@U0SOMEBODY> <!subteam^S0123|@ops>", created_at: AT },
      ...incident.incident_updates,
    ],
  };
}

const PAGE = "/api/v2/incidents.json";
const page = (incidents: unknown[]) => JSON.stringify({ page: { id: "p", name: "Status" }, incidents });

describe("hostile, hanging and moving status pages", () => {
  let server: FeedServer;
  let t: TestApp;
  let cleanup: () => void;
  let dir: string;
  let registry: any;
  let people: Set<string>;
  let releaseHanging: () => void = () => {};
  before(async () => {
    const bootedAt = Date.now();
    server = await new FeedServer().start();
    server.serve(PAGE, { body: HOSTILE_PAGE });
    // Google's page never answers until the test lets it; OpenAI's moves from /old to /new.
    server.serve(`/hanging${PAGE}`, {
      body: page([]),
      until: new Promise<void>((resolve) => {
        releaseHanging = resolve;
      }),
    });
    server.serve(`/old${PAGE}`, { body: page([movingIncident("investigating")]) });
    server.serve(`/new${PAGE}`, { body: page([movingIncident("resolved")]) });
    ({ dir, cleanup } = tempDir());
    registry = parse(readFileSync(registryWatching(server, dir), "utf8"));
    const urls: Record<string, string> = {
      anthropic: server.url(),
      openai: server.url("/old"),
      google: server.url("/hanging"),
    };
    for (const vendor of registry.vendors) vendor.status_page = urls[vendor.id] ?? null;
    // The hanging vendor first: polled one after another, it would hold up every other vendor.
    registry.vendors.sort(
      (a: { id: string }, b: { id: string }) => Number(b.id === "google") - Number(a.id === "google"),
    );
    const registryFile = join(dir, "registry.yml");
    writeFileSync(registryFile, stringify(registry));
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
    releaseHanging();
    await t.close();
    await server.stop();
    cleanup();
  });

  const cardOf = (title: RegExp) =>
    t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === "C0AINOTICES" && title.test(c.args.blocks?.[0]?.text?.text ?? ""),
      20_000,
    );

  it("cards other vendors' incidents while one vendor's page hangs", async () => {
    const injected = await cardOf(/^INC-\d{4} · We have suspended access to Claude Opus 5/);
    const big = await cardOf(/^INC-\d{4} · Elevated errors on Claude Sonnet 5 a+/);
    await cardOf(/^INC-\d{4} · Elevated errors on GPT-5$/);
    assert.ok(
      server.requests.some((r) => r.path === `/hanging${PAGE}`),
      "the hanging page was asked",
    );
    assert.deepEqual(server.abandoned, [], "every card came before the hanging page's poll gave up");
    assert.ok(injected && (big.args.blocks?.[0]?.text?.text ?? "").length <= 150, "the 1 MB name is cut to a title");
    releaseHanging();
  });

  it("follows an incident to the vendor's new status page address without logging it again", async () => {
    const card = await cardOf(/^INC-\d{4} · Elevated errors on GPT-5$/);
    const header = card.args.blocks[0].text.text;
    for (const vendor of registry.vendors) if (vendor.id === "openai") vendor.status_page = server.url("/new");
    await t.deps.registry.importRegistry(registry, "test: OpenAI's page moved");
    const resolved = await t.fake.waitForCall(
      "chat.update",
      (c) =>
        c.args.blocks?.[0]?.text?.text === header && /\*Status\*\\n\S+ resolved/.test(JSON.stringify(c.args.blocks)),
      20_000,
    );
    assert.equal(resolved.args.channel, "C0AINOTICES");
    assert.ok(server.requests.some((r) => r.path === `/new${PAGE}`));
    const logged = (await t.deps.incidents.list({ openOnly: false, limit: 50 })).filter(
      (incident) => incident.title === "Elevated errors on GPT-5",
    );
    assert.equal(logged.length, 1, "one incident, followed across the move");
    assert.equal(logged[0]?.status, "resolved");
    const cards = t.fake
      .callsTo("chat.postMessage")
      .filter((c) => /· Elevated errors on GPT-5$/.test(c.args.blocks?.[0]?.text?.text ?? ""));
    assert.equal(cards.length, 1, "one card");
  });

  it("gets no mention, special command or foreign link into any message, card or notice", async () => {
    // The sev1 suspension's notice is posted on its own; wait for one delivery to a system's channel.
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) => /^:rotating_light: We have suspended access/.test(c.args.text ?? ""),
      20_000,
    );
    await t.deps.followUps.settle(5_000);

    const feedHost = new URL(server.url()).host;
    const sent = t.fake.calls.filter((c) => /^(chat\.|views\.)/.test(c.method));
    assert.ok(
      sent.some((c) => /GPT-5/.test(JSON.stringify(c.args))),
      "the moving page's cards are checked too",
    );
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
