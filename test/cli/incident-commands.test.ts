import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCliInProcess } from "../support/run-cli.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../support/test-app.ts";
import { testDatabaseEnv } from "../support/test-database.ts";

describe("aigov incident", () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  const aigov = (...args: string[]) => runCliInProcess(args, { env });

  before(async () => {
    ({ dir, cleanup } = tempDir());
    env = { ...testDatabaseEnv(dir, "aigov.sqlite"), LOG_LEVEL: "warn" };
    assert.equal((await aigov("registry", "import", EXAMPLE_REGISTRY)).code, 0);
  });
  after(() => cleanup());

  it("creates, lists, updates and exports incidents", async () => {
    const created = await aigov(
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
      'Anthropic suspended "Mythos" & Fable, export control: =HYPERLINK()',
      "--started-at",
      "2026-06-18T08:00:00Z",
      "--actor",
      "lead@example.com",
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout.trim(), /^INC-\d{4}$/);
    const key = created.stdout.trim();

    const listed = await aigov("incident", "list", "--open", "--json");
    assert.equal(listed.code, 0, listed.stderr);
    const [incident] = JSON.parse(listed.stdout);
    assert.deepEqual(
      {
        id: incident.id,
        vendor: incident.vendor,
        vendor_id: incident.vendor_id,
        models: incident.models,
        type: incident.type,
        severity: incident.severity,
        status: incident.status,
        source: incident.source,
      },
      {
        id: key,
        vendor: "Anthropic",
        vendor_id: "anthropic",
        models: ["anthropic/claude-mythos-5", "anthropic/claude-fable-5"],
        type: "suspension",
        severity: "sev1",
        status: "open",
        source: "cli",
      },
    );

    const asked = await aigov("ask", "--json", "Is Claude Mythos 5 approved?");
    assert.equal(JSON.parse(asked.stdout).verdict, "no");

    const updated = await aigov("incident", "update", key, "--status", "resolved", "--note", "Access restored");
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, /is resolved/);
    assert.equal(JSON.parse((await aigov("ask", "--json", "Is Claude Mythos 5 approved?")).stdout).verdict, "yes");
    assert.equal(JSON.parse((await aigov("incident", "list", "--open", "--json")).stdout).length, 0);

    const csv = await aigov("incident", "export", "--format", "csv", "--since", "2026-01-01");
    assert.equal(csv.code, 0, csv.stderr);
    assert.ok(csv.stdout.startsWith('\uFEFF"id","vendor"'));
    const lines = csv.stdout.split("\r\n");
    assert.match(
      lines[1] ?? "",
      new RegExp(
        `^"${key}","Anthropic","anthropic","anthropic/claude-mythos-5; anthropic/claude-fable-5","suspension","sev1","resolved","Anthropic suspended ""Mythos"" & Fable, export control: =HYPERLINK\\(\\)"`,
      ),
    );
    assert.match(lines[1] ?? "", /"2026-06-18T08:00:00\.000Z"/);

    const json = JSON.parse((await aigov("incident", "export", "--format", "json")).stdout);
    assert.deepEqual(
      json[0].timeline.map((event: { kind: string; new: string | null }) => [event.kind, event.new]),
      [
        ["created", "open"],
        ["status", "resolved"],
      ],
    );
    const later = await aigov("incident", "export", "--format", "csv", "--since", "2026-07-01");
    assert.equal(later.stdout.split("\r\n").filter(Boolean).length, 1);
  });

  it("exports vendor and vendor_id alike in JSON and CSV, for a registry vendor and an unregistered one", async () => {
    const created = await aigov(
      "incident",
      "create",
      "--vendor-name",
      "Tiny Labs",
      "--type",
      "outage",
      "--severity",
      "sev3",
      "--title",
      "Tiny Labs API is down",
    );
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    const json = JSON.parse((await aigov("incident", "export", "--format", "json")).stdout);
    const fields = (id: string) => {
      const { vendor, vendor_id } = json.find((incident: { id: string }) => incident.id === id);
      return { vendor, vendor_id };
    };
    assert.deepEqual(fields(key), { vendor: "Tiny Labs", vendor_id: null });
    const csv = (await aigov("incident", "export", "--format", "csv")).stdout.split("\r\n");
    assert.ok(csv[0]?.startsWith('\uFEFF"id","vendor","vendor_id",'));
    const row = csv.find((line) => line.startsWith(`"${key}",`));
    assert.ok(row?.startsWith(`"${key}","Tiny Labs","",`), row);
    const registered = json.find((incident: { vendor_id: string | null }) => incident.vendor_id === "anthropic");
    assert.equal(registered.vendor, "Anthropic");
    assert.ok(csv.some((line) => line.startsWith(`"${registered.id}","Anthropic","anthropic",`)));
  });

  it("reports every bad flag and stores nothing", async () => {
    const before = JSON.parse((await aigov("incident", "list", "--json")).stdout).length;
    const result = await aigov(
      "incident",
      "create",
      "--vendor",
      "antropic",
      "--model",
      "x/y",
      "--type",
      "meltdown",
      "--severity",
      "sev9",
      "--title",
      "t",
    );
    assert.equal(result.code, 2, "wrong values are a usage error");
    assert.match(result.stderr, /--vendor: unknown vendor "antropic"/);
    assert.match(result.stderr, /--type: expected one of outage/);
    assert.match(result.stderr, /--severity: expected one of sev1/);
    assert.match(result.stderr, /--title: at least 3 characters/);
    assert.match(result.stderr, /--model: unknown model "x\/y"/);
    assert.equal(JSON.parse((await aigov("incident", "list", "--json")).stdout).length, before);

    const bad = await aigov("incident", "update", "INC-9999", "--status", "resolved");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /There is no incident INC-9999/);
  });
});
