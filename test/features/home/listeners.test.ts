import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import { gatherHome, type HomeOpenedArgs, homeOpened } from "../../../src/features/home/listeners.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { blockKitProblems } from "../../support/block-kit-limits.ts";
import { asArgs, fakeBolt } from "../../support/fake-bolt-args.ts";
import { newIncident } from "../../support/incidents.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

describe("App Home listener", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  before(async () => {
    ({ deps, close } = await openTestDeps({ now: () => new Date("2026-11-24T10:00:00Z") }));
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
    await deps.incidents.create(newIncident({ title: "Mythos suspended for EU traffic" }));
  });
  after(() => close());

  it("gathers each section's plain data from its feature's service", async () => {
    const data = await gatherHome(deps);
    assert.ok(data.models.exampleQuestions.length > 0);
    assert.ok(data.models.approvedByUseCase.some((group) => group.useCase === "Coding"));
    assert.deepEqual(
      data.incidents.open.map((incident) => incident.title),
      ["Mythos suspended for EU traffic"],
    );
    assert.equal(data.incidents.openTotal, 1);
    assert.equal(data.incidents.stats.days, 90);
    assert.ok(Array.isArray(data.lockIn));
  });

  it("publishes the opener's App Home when the Home tab opens", async () => {
    const slack = fakeBolt();
    await homeOpened(deps)(
      asArgs<HomeOpenedArgs>({ event: { tab: "home", user: "U0EMPLOYEE8" }, client: slack.client }),
    );
    const [published] = slack.sentTo("views.publish");
    assert.equal(published.user_id, "U0EMPLOYEE8");
    assert.equal(published.view.type, "home");
    const text = JSON.stringify(published.view.blocks);
    assert.match(text, /\*Coding\*: .*Qwen3 Coder/);
    assert.match(text, /GPT-4o.*retires \*2027-01-15\*/);
    assert.match(text, /Mythos suspended for EU traffic/);
    assert.match(text, /Vendor lock-in/);
    assert.deepEqual(blockKitProblems(published.view.blocks, "home"), []);
  });

  it("publishes nothing when the Messages tab opens", async () => {
    const slack = fakeBolt();
    await homeOpened(deps)(
      asArgs<HomeOpenedArgs>({ event: { tab: "messages", user: "U0EMPLOYEE8" }, client: slack.client }),
    );
    assert.deepEqual(slack.sent, []);
  });
});
