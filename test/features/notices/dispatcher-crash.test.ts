import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack.ts";
import { runAigov, spawnAigov } from "../../support/run-cli.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../../support/test-app.ts";

const AUDIENCES = ["C0AINOTICES", "C0SUPPORT01", "C0ENGPLAT01", "D0OWNER001", "D0OWNER002"];

describe("aigov notify killed mid-fan-out", () => {
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
    assert.equal((await runAigov(["registry", "import", EXAMPLE_REGISTRY], { cwd: dir, env })).code, 0);
    const created = await runAigov(
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
      { cwd: dir, env },
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
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const second = await runAigov(["notify", key], { cwd: dir, env });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^reconciled /m);
    assert.match(second.stdout, /5 delivered, 0 failed, 0 still queued/);

    for (const channel of AUDIENCES) {
      const notices = fake.messagesIn(channel).filter((m) => m.metadata?.event_type === "aigov_notice");
      assert.equal(notices.length, 1, `${channel} has exactly one notice`);
    }

    const third = await runAigov(["notify", key], { cwd: dir, env });
    assert.equal(third.code, 0);
    assert.match(third.stdout, /nothing new to send/);
    assert.equal(fake.callsTo("chat.postMessage").length, AUDIENCES.length);
  });
});
