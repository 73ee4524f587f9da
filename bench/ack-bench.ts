import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { FAKE_BOT_USER_ID, type FakeSlack } from "../test/support/fake-slack.ts";
import { SlackRequester, TEST_SIGNING_SECRET, type Transport } from "../test/support/slack-requests.ts";
import { summarize } from "./stats.ts";

const EXAMPLE = fileURLToPath(new URL("../registry.example.yml", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BOT_TOKEN = "xoxb-bench-token";

export interface AckFigures {
  requests: number;
  concurrency: number;
  app: ReturnType<typeof summarize>;
  bolt: ReturnType<typeof summarize>;
  /** From the app's last acknowledgement until its follow-up work (answers, replies) had all finished. */
  followUpsDrainedMs: number;
}

export type Sender = (requester: SlackRequester, i: number) => Promise<{ status: number }>;

/** A mix of what Slack sends: slash commands, mentions, button clicks and modal submissions. */
export const MIX: Sender[] = [
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
 * Keep-alive connections, at most one per concurrent sender, as a load
 * balancer in front of the app would hold them. With fetch's pool, a sender
 * that fires again before its connection is released opens a new one, and
 * connection set-up in the load generator then dominates the tail.
 */
export function keepAliveTransport(maxSockets: number): Transport {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return (url, headers, body) =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: "POST", agent, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
}

/** Polls the app's /healthz until no follow-up work is waiting or running. */
export async function waitForFollowUps(healthUrl: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const health = (await (await fetch(healthUrl)).json()) as { followUps?: { inFlight: number } };
    if (health.followUps?.inFlight === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the app's follow-up work did not finish within 2 minutes");
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a server process and waits until it answers signed requests. */
async function startProcess(args: string[], env: Record<string, string>, probe: SlackRequester): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const answered = await probe.slashCommand("help").catch(() => null);
    if (answered?.status === 200) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`${args.join(" ")} did not start`);
}

/** Starts the fake Slack in a child process; resolves with its API URL. */
async function startFakeSlackProcess(token: string): Promise<{ child: ChildProcess; apiUrl: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/fake-slack-server.ts"), token], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const apiUrl = await new Promise<string>((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", () => reject(new Error("the fake Slack process exited")));
  });
  return { child, apiUrl };
}

/** aigov and a bare Bolt app, each in its own process, and the fake Slack they both call. */
export interface AckServers {
  app: { requester: SlackRequester; pid: number; healthUrl: string };
  bolt: { requester: SlackRequester; pid: number };
  stop(): void;
}

export async function startAckServers(maxSockets: number): Promise<AckServers> {
  const remote = await startFakeSlackProcess(BOT_TOKEN);
  // The requests' response_urls point at the separate fake Slack too.
  let responses = 0;
  const base = remote.apiUrl.replace(/\/api\/$/, "");
  const fake = { newResponseUrl: () => `${base}/response/${++responses}` } as unknown as FakeSlack;
  const dir = mkdtempSync(join(tmpdir(), "aigov-ack-"));
  const [appPort, boltPort] = [await freePort(), await freePort()];
  const transport = keepAliveTransport(maxSockets);
  const appRequester = new SlackRequester(`http://127.0.0.1:${appPort}/slack/events`, fake, undefined, transport);
  const boltRequester = new SlackRequester(`http://127.0.0.1:${boltPort}/slack/events`, fake, undefined, transport);
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) child.kill("SIGTERM");
    remote.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const app = await startProcess(
      [join(ROOT, "bin/aigov.js"), "start"],
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: remote.apiUrl,
        PORT: String(appPort),
        DATABASE_URL: join(dir, "bench.sqlite"),
        REGISTRY_PATH: EXAMPLE,
        FEEDS_POLL_MINUTES: "0",
        LOG_LEVEL: "error",
      },
      appRequester,
    );
    children.push(app);
    const bolt = await startProcess(
      [
        "--import",
        "tsx",
        join(ROOT, "bench/bare-bolt-server.ts"),
        String(boltPort),
        remote.apiUrl,
        BOT_TOKEN,
        TEST_SIGNING_SECRET,
      ],
      {},
      boltRequester,
    );
    children.push(bolt);
    return {
      app: { requester: appRequester, pid: app.pid as number, healthUrl: `http://127.0.0.1:${appPort}/healthz` },
      bolt: { requester: boltRequester, pid: bolt.pid as number },
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * Acknowledgement latency of the whole app against a bare Bolt app with
 * no-op listeners: each runs in its own process, as in production, while
 * this process sends the same signed load and plays Slack.
 */
export async function benchAck(total = 2000, concurrency = 50): Promise<AckFigures> {
  const servers = await startAckServers(concurrency);
  const appRequester = servers.app.requester;
  const boltRequester = servers.bolt.requester;
  try {
    // Warm-up at full concurrency opens every connection and lets the JIT settle.
    const healthUrl = servers.app.healthUrl;
    await measure(appRequester, 500, concurrency);
    await waitForFollowUps(healthUrl);
    await measure(boltRequester, 500, concurrency);
    const app = summarize(await measure(appRequester, total, concurrency));
    const lastAck = performance.now();
    // The baseline runs alone: the app's remaining follow-ups would slow it.
    await waitForFollowUps(healthUrl);
    const followUpsDrainedMs = performance.now() - lastAck;
    const bolt = summarize(await measure(boltRequester, total, concurrency));
    return { requests: total, concurrency, app, bolt, followUpsDrainedMs };
  } finally {
    servers.stop();
  }
}
