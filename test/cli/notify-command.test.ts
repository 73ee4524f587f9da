import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.ts";
import { runCliInProcess } from "../support/run-cli.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../support/test-app.ts";
import { testDatabaseEnv } from "../support/test-database.ts";

describe("aigov notify after a failed delivery", () => {
  let fake: FakeSlack;
  let cleanup: () => void;
  let env: Record<string, string>;
  const aigov = (...args: string[]) => runCliInProcess(args, { env });
  before(async () => {
    fake = await startFakeSlack();
    const temp = tempDir();
    cleanup = temp.cleanup;
    env = {
      ...testDatabaseEnv(temp.dir, "aigov.sqlite"),
      LOG_LEVEL: "error",
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
    };
    const imported = await aigov("registry", "import", EXAMPLE_REGISTRY);
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(async () => {
    await fake.stop();
    cleanup();
  });

  it("says that deliveries failed earlier, and which, instead of 'already delivered'", async () => {
    const created = await aigov(
      ...["incident", "create", "--vendor", "anthropic", "--model", "anthropic/claude-mythos-5"],
      ...["--type", "suspension", "--severity", "sev1", "--title", "Anthropic suspended Mythos"],
    );
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    fake.failNext("chat.postMessage", { error: "not_in_channel", channel: "C0SUPPORT01" });

    const first = await aigov("notify", key);
    assert.equal(first.code, 1, first.stdout + first.stderr);
    assert.match(first.stdout, /^failed .*#C0SUPPORT01 \(system_channel\): not_in_channel/m);
    assert.match(first.stdout, new RegExp(`^${key}: \\d+ delivered, 1 failed, 0 still queued$`, "m"));

    const again = await aigov("notify", key);
    assert.equal(again.code, 1, "a failed delivery still counts as failed");
    assert.doesNotMatch(again.stdout, /already delivered/);
    assert.match(again.stdout, /^failed .*#C0SUPPORT01 \(system_channel\): not_in_channel \(after 1 attempt\)$/m);
    assert.match(
      again.stdout,
      new RegExp(
        `^${key}: 1 delivery of the notice for its current status \\(open\\) failed earlier and is not retried \\(listed above\\); tell that recipient directly\\. Nothing new to send\\.$`,
        "m",
      ),
    );
  });
});
