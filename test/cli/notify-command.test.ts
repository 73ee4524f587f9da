import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { CliIo } from "../../src/cli/cli-io.ts";
import { runCli } from "../../src/cli/main.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../support/test-app.ts";

/** Runs `aigov` in this process, capturing what it prints. */
async function aigov(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (text) => {
      out += `${text}\n`;
    },
    err: (text) => {
      err += `${text}\n`;
    },
    async *readStdin() {},
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe("aigov notify after a failed delivery", () => {
  let fake: FakeSlack;
  let cleanup: () => void;
  const names = ["DATABASE_URL", "LOG_LEVEL", "SLACK_BOT_TOKEN", "SLACK_API_URL"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  before(async () => {
    fake = await startFakeSlack();
    const temp = tempDir();
    cleanup = temp.cleanup;
    process.env.DATABASE_URL = join(temp.dir, "aigov.sqlite");
    process.env.LOG_LEVEL = "error";
    process.env.SLACK_BOT_TOKEN = fake.botToken;
    process.env.SLACK_API_URL = fake.apiUrl;
    const imported = await aigov("registry", "import", EXAMPLE_REGISTRY);
    assert.equal(imported.code, 0, imported.err);
  });
  after(async () => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await fake.stop();
    cleanup();
  });

  it("says that deliveries failed earlier, and which, instead of 'already delivered'", async () => {
    const created = await aigov(
      ...["incident", "create", "--vendor", "anthropic", "--model", "anthropic/claude-mythos-5"],
      ...["--type", "suspension", "--severity", "sev1", "--title", "Anthropic suspended Mythos"],
    );
    assert.equal(created.code, 0, created.err);
    const key = created.out.trim();
    fake.failNext("chat.postMessage", { error: "not_in_channel", channel: "C0SUPPORT01" });

    const first = await aigov("notify", key);
    assert.equal(first.code, 1, first.out + first.err);
    assert.match(first.out, /^failed .*#C0SUPPORT01 \(system_channel\): not_in_channel/m);
    assert.match(first.out, new RegExp(`^${key}: \\d+ delivered, 1 failed, 0 still queued$`, "m"));

    const again = await aigov("notify", key);
    assert.equal(again.code, 1, "a failed delivery still counts as failed");
    assert.doesNotMatch(again.out, /already delivered/);
    assert.match(again.out, /^failed .*#C0SUPPORT01 \(system_channel\): not_in_channel \(after 1 attempt\)$/m);
    assert.match(
      again.out,
      new RegExp(
        `^${key}: 1 delivery of the notice for its current status \\(open\\) failed earlier and is not retried \\(listed above\\); tell that recipient directly\\. Nothing new to send\\.$`,
        "m",
      ),
    );
  });
});
