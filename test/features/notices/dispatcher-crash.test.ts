import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { eventually } from "../../support/eventually.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack.ts";
import { runCliInProcess, spawnAigov } from "../../support/run-cli.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../../support/test-app.ts";
import { sqliteOnly } from "../../support/test-database.ts";

const AUDIENCES = ["C0AINOTICES", "C0SUPPORT01", "C0ENGPLAT01", "D0OWNER001", "D0OWNER002"];

describe("aigov notify killed mid-fan-out", sqliteOnly("reads the outbox from the SQLite file"), () => {
  let fake: FakeSlack;
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  before(async () => {
    fake = await startFakeSlack();
    ({ dir, cleanup } = tempDir());
    env = {
      DATABASE_URL: join(dir, "aigov.sqlite"),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
      NOTICE_LEASE_SECONDS: "1",
      LOG_LEVEL: "warn",
    };
  });
  after(async () => {
    await fake.stop();
    cleanup();
  });

  it("delivers exactly one notice per channel after SIGKILL and a restart", async () => {
    assert.equal((await runCliInProcess(["registry", "import", EXAMPLE_REGISTRY], { env })).code, 0);
    const created = await runCliInProcess(
      [
        "incident",
        "create",
        "--vendor",
        "anthropic",
        "--model",
        "anthropic/claude-mythos-5",
        "--model",
        "anthropic/claude-fable-5",
        "--type",
        "suspension",
        "--severity",
        "sev1",
        "--title",
        "Anthropic suspended Mythos and Fable",
      ],
      { env },
    );
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();

    // Slack accepts each notice at once but answers late: killing the sender
    // then leaves messages that Slack has and the database does not know of.
    fake.delayResponses("chat.postMessage", 2000);
    const first = spawnAigov(["notify", key], { cwd: dir, env });
    await fake.waitForCall("chat.postMessage", () => fake.callsTo("chat.postMessage").length >= 2, 15_000);
    first.child.kill("SIGKILL");
    const killed = await first.done;
    assert.notEqual(killed.code, 0);
    const acceptedBeforeKill = fake.callsTo("chat.postMessage").length;
    assert.ok(
      acceptedBeforeKill >= 2 && acceptedBeforeKill < AUDIENCES.length,
      `killed mid-way (${acceptedBeforeKill} sent)`,
    );

    fake.delayResponses("chat.postMessage", 0);
    // The killed sender's claims run out (NOTICE_LEASE_SECONDS=1): only then may a restart reconcile them.
    await eventually(() => {
      const db = new Database(env.DATABASE_URL as string, { readonly: true });
      try {
        const { latest } = db
          .prepare("select max(lease_until) latest from notice_deliveries where state = 'sending'")
          .get() as { latest: string | null };
        return latest !== null && Date.parse(latest) < Date.now();
      } finally {
        db.close();
      }
    }, "the killed sender's leases to run out");
    const second = await runCliInProcess(["notify", key], { env });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^reconciled /m);
    assert.match(second.stdout, /5 delivered, 0 failed, 0 still queued/);

    for (const channel of AUDIENCES) {
      const notices = fake.messagesIn(channel).filter((m) => m.metadata?.event_type === "aigov_notice");
      assert.equal(notices.length, 1, `${channel} has exactly one notice`);
    }

    const third = await runCliInProcess(["notify", key], { env });
    assert.equal(third.code, 0);
    assert.match(third.stdout, /nothing new to send/);
    assert.equal(fake.callsTo("chat.postMessage").length, AUDIENCES.length);
  });
});
