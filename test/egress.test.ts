import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../src/config.ts";
import { isAppError } from "../src/errors.ts";
import { readRegistryFile } from "../src/features/registry/registry-files.ts";
import { FakeOpenAI } from "./support/fake-openai.ts";
import { FakeSocketMode } from "./support/fake-socket-mode.ts";
import { FeedServer } from "./support/feed-server.ts";
import { EXAMPLE_REGISTRY, startTestApp, type TestApp } from "./support/test-app.ts";
import { TestProxy } from "./support/test-proxy.ts";

const hostOf = (url: string) => new URL(url).host;

describe("the egress proxy", () => {
  let proxy: TestProxy;
  let llm: FakeOpenAI;
  let feed: FeedServer;
  before(async () => {
    proxy = await new TestProxy().start();
    llm = await new FakeOpenAI(() => ({ content: "GPT-5 is approved for internal data, per the registry." })).start();
    feed = await new FeedServer().start();
    feed.serve("/api/v2/incidents.json", { body: JSON.stringify({ page: { id: "p" }, incidents: [] }) });
  });
  after(async () => {
    await proxy.stop();
    await llm.stop();
    await feed.stop();
  });

  /** The bot with an LLM provider and one vendor's status page, all on 127.0.0.1, as a proxy sees them. */
  async function startBot(env: Record<string, string>): Promise<TestApp> {
    const providers = [{ name: "local", baseUrl: llm.baseUrl, model: "m" }];
    const t = await startTestApp({ env: { LLM_PROVIDERS: JSON.stringify(providers), ...env } });
    const registry = await readRegistryFile(EXAMPLE_REGISTRY);
    for (const vendor of registry.vendors) vendor.status_page = vendor.id === "anthropic" ? feed.url() : null;
    await t.deps.registry.importRegistry(registry, "test");
    return t;
  }

  /** A Slack call at start-up (auth.test), an LLM call and a feed poll. */
  async function callOut(t: TestApp): Promise<void> {
    const before = llm.requests.length;
    await t.deps.answers.ask({ question: "Can I use GPT-5 for coding?", surface: "cli" });
    assert.ok(llm.requests.length > before, "the LLM was asked");
    const findings = await t.deps.feeds.pollAll({ force: true });
    assert.ok(
      findings.some((f) => f.kind !== "error"),
      `the feed was read: ${JSON.stringify(findings)}`,
    );
  }

  it("carries Slack's Web API, LLM calls and feed polls when HTTPS_PROXY and HTTP_PROXY are set", async () => {
    proxy.targets.length = 0;
    const t = await startBot({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
    try {
      await proxy.waitForTarget(hostOf(t.fake.apiUrl));
      await callOut(t);
      await proxy.waitForTarget(hostOf(llm.baseUrl));
      await proxy.waitForTarget(hostOf(feed.url()));
    } finally {
      await t.close();
    }
  });

  it("goes direct to the hosts in NO_PROXY", async () => {
    proxy.targets.length = 0;
    const t = await startBot({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" });
    try {
      await callOut(t);
      assert.ok(t.fake.callsTo("auth.test").length > 0);
      assert.deepEqual(proxy.targets, []);
    } finally {
      await t.close();
    }
  });

  it("opens the Socket Mode WebSocket through the proxy", async () => {
    proxy.targets.length = 0;
    const socket = await new FakeSocketMode().start();
    const t = await startTestApp({
      env: { SLACK_APP_TOKEN: "xapp-1-A0AIGOVAPP1-fake-app-token", SLACK_SIGNING_SECRET: "", HTTP_PROXY: proxy.url },
      beforeStart: (fake) => {
        fake.socketModeUrl = socket.url;
      },
    });
    try {
      await socket.until(() => socket.connections === 1);
      await proxy.waitForTarget(hostOf(t.fake.apiUrl));
      await proxy.waitForTarget(hostOf(socket.url));
    } finally {
      await t.close();
      await socket.stop();
    }
  });
});

describe("proxy settings", () => {
  it("prefer the lowercase names, and use the HTTP proxy for https when no HTTPS proxy is set", () => {
    assert.deepEqual(
      loadConfig({ HTTP_PROXY: "http://upper:3128", http_proxy: "http://lower:3128", no_proxy: ".internal" }).proxy,
      { httpProxy: "http://lower:3128", httpsProxy: "http://lower:3128", noProxy: ".internal" },
    );
    assert.deepEqual(loadConfig({ HTTPS_PROXY: "http://tls:3128" }).proxy, {
      httpProxy: null,
      httpsProxy: "http://tls:3128",
      noProxy: null,
    });
    assert.deepEqual(loadConfig({}).proxy, { httpProxy: null, httpsProxy: null, noProxy: null });
  });

  it("refuse a malformed proxy URL without echoing it, since it may hold a password", () => {
    assert.throws(
      () => loadConfig({ HTTPS_PROXY: "user:hunter2@proxy" }),
      (error: unknown) =>
        isAppError(error) &&
        /HTTPS_PROXY: expected a proxy URL/.test(error.message) &&
        !error.message.includes("hunter2"),
    );
  });
});
