import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { runBot } from "../support/bot-process.ts";
import { within } from "../support/eventually.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.ts";
import { SlackRequester } from "../support/slack-requests.ts";
import { startTestApp, type TestApp, tempDir } from "../support/test-app.ts";

interface RawRequest {
  socket: Socket;
  /** The response's status, once it starts arriving; null if the connection closes without one. */
  status: Promise<number | null>;
}

/** Opens a connection and sends a request's headers, and optionally the start of its body. */
async function rawRequest(port: number, headers: Record<string, string>, bodyStart = ""): Promise<RawRequest> {
  const socket = new Socket();
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.connect(port, "127.0.0.1", resolve);
  });
  socket.on("error", () => {});
  const status = new Promise<number | null>((resolve) => {
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const match = received.match(/^HTTP\/1\.1 (\d{3})/);
      if (match) resolve(Number(match[1]));
    });
    socket.once("close", () => resolve(null));
  });
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  await new Promise<void>((resolve) =>
    socket.write(`POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n${head}\r\n${bodyStart}`, () => resolve()),
  );
  return { socket, status };
}

const now = () => String(Math.floor(Date.now() / 1000));
/** Headers that pass every check made before the body: only the body's signature is wrong. */
const plausible = (length: number) => ({
  "content-type": "application/x-www-form-urlencoded",
  "content-length": String(length),
  "x-slack-request-timestamp": now(),
  "x-slack-signature": `v0=${"0".repeat(64)}`,
});

describe("requests refused on their headers alone", () => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await startTestApp({ registry: null });
    port = t.aigov.port;
  });
  after(() => t.close());

  const cases: [string, Record<string, string>, number][] = [
    ["no signature", { "x-slack-signature": "" }, 401],
    ["a signature of the wrong shape", { "x-slack-signature": "v0=not-hex" }, 401],
    ["a v1 signature", { "x-slack-signature": `v1=${"a".repeat(64)}` }, 401],
    ["no timestamp", { "x-slack-request-timestamp": "" }, 401],
    ["a timestamp six minutes old", { "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000) - 360) }, 401],
    ["a declared body over the cap", { "content-length": String(600 * 1024) }, 413],
  ];
  for (const [what, changed, expected] of cases) {
    it(`answers ${expected} to ${what} without waiting for the body`, async () => {
      const headers = Object.fromEntries(
        Object.entries({ ...plausible(1000), ...changed }).filter(([, value]) => value !== ""),
      );
      const request = await rawRequest(port, headers);
      try {
        // Not one byte of the declared body is sent: an answer can only come from the headers.
        assert.equal(await within(request.status, 2_000, `an answer to ${what}`), expected);
      } finally {
        request.socket.destroy();
      }
    });
  }
});

/** The process's resident memory now and at its peak, in bytes (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1]) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

describe("slow senders against the bot process", { skip: process.platform !== "linux" && "reads /proc" }, () => {
  let fake: FakeSlack;
  let dir: string;
  let cleanup: () => void;
  before(async () => {
    fake = await startFakeSlack();
    ({ dir, cleanup } = tempDir());
  });
  after(async () => {
    await fake.stop();
    cleanup();
  });

  it("holds little memory for hundreds of trickling bodies and keeps answering signed requests at once", {
    timeout: 60_000,
  }, async () => {
    const bot = runBot(process.execPath, ["bin/aigov.js", "start"], fake, dir);
    const attackers: RawRequest[] = [];
    const trickle = setInterval(() => {
      for (const { socket } of attackers) if (!socket.destroyed) socket.write("a");
    }, 200);
    try {
      const port = Number((await bot.logged(/listening on port (\d+)/))[1]);
      const pid = bot.child.pid as number;
      const slack = new SlackRequester(`http://127.0.0.1:${port}/slack/events`, fake);
      for (let i = 0; i < 5; i++) assert.equal((await slack.slashCommand("help")).status, 200);
      const baseline = memoryOf(pid).rss;

      // Large bodies nearly sent, then a byte at a time: buffered whole, 250 of them held 75 MB.
      for (let i = 0; i < 250; i++) attackers.push(await rawRequest(port, plausible(400_000), "a".repeat(300_000)));
      // Small ones too, which fit the lane Slack's own requests take.
      for (let i = 0; i < 100; i++) attackers.push(await rawRequest(port, plausible(60_000), "a".repeat(50_000)));

      const latencies: number[] = [];
      for (let i = 0; i < 20; i++) {
        const startedAt = performance.now();
        const sent = await slack.slashCommand("help");
        latencies.push(performance.now() - startedAt);
        assert.equal(sent.status, 200, `signed request ${i} during the attack`);
      }
      const grew = memoryOf(pid).peak - baseline;
      const refused = (await Promise.all(attackers.map((a) => Promise.race([a.status, Promise.resolve(-1)])))).filter(
        (status) => status === 503,
      ).length;
      assert.ok(refused > 0, "the senders beyond the slots are told to come back later");
      assert.ok(grew < 40 * 1024 * 1024, `resident memory grew by ${Math.round(grew / 1024 / 1024)} MB`);
      assert.ok(Math.max(...latencies) < 2_000, `slowest signed request: ${Math.round(Math.max(...latencies))} ms`);
    } finally {
      clearInterval(trickle);
      for (const { socket } of attackers) socket.destroy();
      bot.child.kill("SIGKILL");
      await bot.closed;
    }
  });
});
