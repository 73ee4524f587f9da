import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually } from "../../support/eventually.ts";
import { FeedServer, registryWatching } from "../../support/feed-server.ts";
import { runCliInProcess } from "../../support/run-cli.ts";
import { startTestApp, type TestApp, tempDir } from "../../support/test-app.ts";
import { testDatabaseEnv } from "../../support/test-database.ts";

const SUSPENSION_PAGE = JSON.stringify({
  page: { id: "tymt9n04zgry", name: "Claude", url: "https://status.claude.com" },
  incidents: [
    {
      id: "s9w82lp9dcn9",
      name: "We\u2019ve suspended access to Claude Mythos 5 and Claude Fable 5",
      status: "monitoring",
      impact: "major",
      created_at: "2026-06-13T00:50:43.835Z",
      started_at: "2026-06-13T00:50:43.835Z",
      shortlink: "https://stspg.io/s9w82lp9dcn9",
      incident_updates: [
        {
          id: "u1",
          status: "monitoring",
          body: "Access is suspended to comply with a directive.",
          created_at: "2026-06-13T00:50:43.835Z",
          display_at: "2026-06-13T00:50:43.835Z",
        },
      ],
      components: [],
    },
  ],
});

describe("the bot watching status pages", () => {
  let server: FeedServer;
  let t: TestApp;
  let dir: string;
  let cleanup: () => void;
  before(async () => {
    const bootedAt = Date.now();
    server = await new FeedServer().start();
    server.serve("/api/v2/incidents.json", { body: SUSPENSION_PAGE });
    ({ dir, cleanup } = tempDir());
    t = await startTestApp({
      registry: registryWatching(server, dir),
      env: { FEEDS_POLL_MINUTES: "0.02" },
      // The day of the capture, with time running, so that polls fall due again.
      now: () => new Date(Date.parse("2026-06-18T08:10:00Z") + (Date.now() - bootedAt)),
    });
  });
  after(async () => {
    await t.close();
    await server.stop();
    cleanup();
  });

  it("posts a detected suspension to the notice channel, where a lead can post its notice", async () => {
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) =>
        c.args.channel === "C0AINOTICES" &&
        /^INC-\d{4} · We’ve suspended access/.test(c.args.blocks?.[0]?.text?.text ?? ""),
      10_000,
    );
    const preview = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === "C0AINOTICES" && /notice is due/.test(c.args.text ?? ""),
      10_000,
    );
    assert.ok(preview.args.thread_ts, "the preview sits in the card's thread");
    const { answer } = await t.deps.answers.ask({ question: "Is Claude Fable 5 approved?", surface: "cli" });
    assert.equal(answer.verdict, "no");
    // Two more polls of the page, then count the cards.
    const polled = server.requests.length;
    await eventually(() => server.requests.length >= polled + 2, "two more polls of the page", 15_000);
    const cards = t.fake
      .callsTo("chat.postMessage")
      .filter((c) => /^INC-\d{4} · /.test(c.args.blocks?.[0]?.text?.text ?? ""));
    assert.equal(cards.length, 1, "later polls post nothing new");
  });

  it("runs one poll from the CLI with aigov feeds check --once", async () => {
    const env = { ...testDatabaseEnv(dir, "cli.sqlite"), LOG_LEVEL: "warn" };
    assert.equal((await runCliInProcess(["registry", "import", join(dir, "registry.yml")], { env })).code, 0);
    const result = await runCliInProcess(["feeds", "check", "--once"], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^created {3}Anthropic: INC-0001 logged: We’ve suspended access to Claude Mythos 5 and Claude Fable 5 \(suspension, sev2, mitigated\)/m,
    );
    const again = await runCliInProcess(["feeds", "check", "--once"], { env });
    assert.match(again.stdout, /^unchanged Anthropic: nothing new/m);
  });
});
