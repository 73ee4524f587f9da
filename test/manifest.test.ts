import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { sharedFixture } from "./support/shared-fixtures.ts";
import { startTestApp, type TestApp } from "./support/test-app.ts";

const manifest = parse(readFileSync(fileURLToPath(new URL("../manifest.yml", import.meta.url)), "utf8"));
const SCHEMA_BASE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/";

describe("manifest.yml", () => {
  const dispatcher = sharedFixture("slack/manifest.schema.json");
  it("is valid against Slack's app-manifest JSON schema", { skip: dispatcher.skip }, () => {
    const load = (name: string) => JSON.parse(readFileSync(sharedFixture(name).path as string, "utf8"));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(load("slack/schemas/manifest.schema.1.0.0.json"), `${SCHEMA_BASE}manifest.schema.1.0.0.json`);
    ajv.addSchema(load("slack/schemas/manifest.schema.2.0.0.json"), `${SCHEMA_BASE}manifest.schema.2.0.0.json`);
    const validate = ajv.compile(load("slack/manifest.schema.json"));
    assert.ok(validate(manifest), JSON.stringify(validate.errors, null, 2));
  });

  describe("and the listeners the app registers", () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ registry: null });
    });
    after(() => t.close());

    it("declare the same slash commands", () => {
      const declared = (manifest.features.slash_commands ?? []).map((c: { command: string }) => c.command);
      assert.deepEqual(new Set(declared), t.aigov.slack.surface.commands);
    });

    it("declare the same shortcuts", () => {
      const declared = (manifest.features.shortcuts ?? []).map((s: { callback_id: string }) => s.callback_id);
      assert.deepEqual(new Set(declared), t.aigov.slack.surface.shortcuts);
    });

    it("declare the same event subscriptions", () => {
      const declared = manifest.settings.event_subscriptions?.bot_events ?? [];
      assert.deepEqual(new Set(declared), t.aigov.slack.surface.events);
    });

    it("enable interactivity and the App Home when something needs them", () => {
      const { actions, views, events } = t.aigov.slack.surface;
      if (actions.size + views.size > 0) assert.equal(manifest.settings.interactivity.is_enabled, true);
      assert.equal(manifest.features.app_home.home_tab_enabled, events.has("app_home_opened"));
    });
  });
});
