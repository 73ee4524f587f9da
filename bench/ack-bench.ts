import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { App, HTTPReceiver } from "@slack/bolt";
import { loadConfig } from "../src/config.ts";
import { startAigov } from "../src/main.ts";
import { FAKE_BOT_USER_ID, startFakeSlack } from "../test/support/fake-slack.ts";
import { SlackRequester, TEST_SIGNING_SECRET } from "../test/support/slack-requests.ts";
import { summarize } from "./stats.ts";

const EXAMPLE = fileURLToPath(new URL("../registry.example.yml", import.meta.url));

export interface AckFigures {
  requests: number;
  concurrency: number;
  app: ReturnType<typeof summarize>;
  bolt: ReturnType<typeof summarize>;
}

type Sender = (requester: SlackRequester, i: number) => Promise<{ status: number }>;

/** A mix of what Slack sends: slash commands, mentions, button clicks and modal submissions. */
const MIX: Sender[] = [
  (r, i) => r.slashCommand(`ask is ${["gpt-5", "claude opus 5", "glm 5", "grok"][i % 4]} approved?`),
  (r, i) =>
    r.event({
      type: "app_mention",
      user: "U0EMPLOYEE1",
      text: `<@${FAKE_BOT_USER_ID}> which models are approved for coding?`,
      channel: "C0BENCH0001",
      ts: `1769400000.${String(i).padStart(6, "0")}`,
    }),
  (r) => r.blockAction({ actionId: "answers_feedback_helpful", value: "1" }),
  (r) =>
    r.viewSubmission(
      {
        callback_id: "incident_update",
        private_metadata: "1",
        blocks: [{ type: "input", block_id: "note", element: { type: "plain_text_input", action_id: "value" } }],
      },
      { note: "Still degraded" },
    ),
];

async function measure(requester: SlackRequester, total: number, concurrency: number): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const send = MIX[i % MIX.length] as Sender;
      const started = performance.now();
      const response = await send(requester, i);
      samples.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`request ${i} answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return samples;
}

/**
 * Acknowledgement latency of the whole app against a bare Bolt app with no-op
 * listeners, under the same signed load, in the same run.
 */
export async function benchAck(total = 2000, concurrency = 50): Promise<AckFigures> {
  const fake = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), "aigov-ack-"));
  const aigov = await startAigov(
    loadConfig({
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      DATABASE_URL: join(dir, "bench.sqlite"),
      REGISTRY_PATH: EXAMPLE,
      FEEDS_POLL_MINUTES: "0",
      LOG_LEVEL: "error",
    }),
    { writeLog: () => {} },
  );
  const receiver = new HTTPReceiver({ signingSecret: TEST_SIGNING_SECRET, endpoints: "/slack/events" });
  const bolt = new App({
    token: fake.botToken,
    botId: "B0BARE",
    botUserId: "U0BARE",
    receiver,
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  bolt.command("/aigov", async ({ ack }) => ack());
  bolt.event("app_mention", async () => {});
  bolt.action("answers_feedback_helpful", async ({ ack }) => ack());
  bolt.view("incident_update", async ({ ack }) => ack());
  const boltServer = await bolt.start(0);
  const boltPort = (boltServer.address() as { port: number }).port;
  try {
    const appRequester = new SlackRequester(`http://127.0.0.1:${aigov.port}/slack/events`, fake);
    const boltRequester = new SlackRequester(`http://127.0.0.1:${boltPort}/slack/events`, fake);
    await measure(appRequester, 100, 10);
    await measure(boltRequester, 100, 10);
    const app = summarize(await measure(appRequester, total, concurrency));
    const bare = summarize(await measure(boltRequester, total, concurrency));
    return { requests: total, concurrency, app, bolt: bare };
  } finally {
    await bolt.stop();
    await aigov.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
