import { after, afterEach, before, beforeEach } from "node:test";
import type { Deps } from "../../src/deps.ts";
import { readRegistryFile } from "../../src/features/registry/registry-files.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "./test-app.ts";

/**
 * Inside a describe: one fake Slack for the suite, and before each test fresh
 * services on a temporary database holding the example registry, whose Slack
 * ports post to that fake.
 */
export function servicesWithFakeSlack(): { readonly deps: Deps; readonly fake: FakeSlack } {
  let fake: FakeSlack | null = null;
  let opened: { deps: Deps; close: () => Promise<void> } | null = null;
  before(async () => {
    fake = await startFakeSlack();
  });
  after(() => fake?.stop());
  beforeEach(async () => {
    const slack = fake as FakeSlack;
    opened = await openTestDeps({ env: { SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl } });
    await opened.deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
  });
  afterEach(() => opened?.close());
  return {
    get deps() {
      return (opened as { deps: Deps }).deps;
    },
    get fake() {
      return fake as FakeSlack;
    },
  };
}
