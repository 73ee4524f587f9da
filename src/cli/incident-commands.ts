import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { AppError } from "../errors.ts";
import type { Incident, IncidentStatus, NewIncident } from "../features/incidents/incident.ts";
import { incidentsCsvHeader, incidentsToCsvRows, incidentToJson } from "../features/incidents/incident-export.ts";
import { incidentStatusSchema } from "../features/incidents/incident-schemas.ts";
import type { IncidentBatch } from "../features/incidents/incident-service.ts";
import { count } from "../plural.ts";
import { withCliDeps } from "./cli-deps.ts";
import type { CliCommand, CliIo } from "./cli-io.ts";

const cliActor = (given: string | undefined) => given ?? `cli:${userInfo().username}`;

export const incidentCreateCommand: CliCommand = {
  path: ["incident", "create"],
  usage:
    'aigov incident create (--vendor V | --vendor-name NAME) [--model M …] --type T --severity S --title "…" [--description "…"] [--started-at ISO] [--actor NAME]',
  summary: "log a vendor incident; prints its id (INC-…)",
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        vendor: { type: "string" },
        "vendor-name": { type: "string" },
        model: { type: "string", multiple: true, default: [] },
        type: { type: "string" },
        severity: { type: "string" },
        title: { type: "string" },
        description: { type: "string" },
        impact: { type: "string" },
        "started-at": { type: "string" },
        actor: { type: "string" },
      },
    });
    if (positionals.length > 0) throw new AppError("usage", `usage: ${this.usage}`);
    const startedAt = values["started-at"] === undefined ? null : parseInstant(values["started-at"]);
    return withCliDeps(env, io, async (deps) => {
      const input = {
        vendorId: values.vendor ?? null,
        vendorName: values["vendor-name"] ?? null,
        models: values.model ?? [],
        type: values.type as NewIncident["type"],
        severity: values.severity as NewIncident["severity"],
        title: values.title ?? "",
        description: values.description ?? null,
        impact: values.impact ?? null,
        startedAt: startedAt ?? deps.now().toISOString(),
        reporter: cliActor(values.actor),
        source: "cli" as const,
        sourceChannel: null,
        sourceTs: null,
        sourceUrl: null,
      };
      const checked = await deps.incidents.validate(input);
      if (!checked.ok) {
        for (const [field, message] of Object.entries(checked.errors)) io.err(`${flagFor(field)}: ${message}`);
        return USAGE_EXIT;
      }
      const { incident } = await deps.incidents.create(checked.incident);
      io.out(incident.key);
      return 0;
    });
  },
};

/** The exit code of a command given wrong values, as for any other usage error. */
const USAGE_EXIT = 2;

/** An ISO 8601 date or date and time; words such as "yesterday" are refused rather than guessed. */
function parseInstant(value: string): string {
  const parsed = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new AppError("usage", `--started-at: expected a date or time such as 2026-08-17T14:20Z, got "${value}"`);
  }
  return new Date(parsed).toISOString();
}

function flagFor(field: string): string {
  const flags: Record<string, string> = {
    vendorId: "--vendor",
    vendorName: "--vendor-name",
    models: "--model",
    startedAt: "--started-at",
  };
  return flags[field] ?? `--${field}`;
}

export const incidentListCommand: CliCommand = {
  path: ["incident", "list"],
  usage: "aigov incident list [--open] [--json]",
  summary: "list incidents, newest first",
  async run(args, io, env) {
    const { values } = parseArgs({
      args,
      options: { open: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
    });
    return withCliDeps(env, io, async (deps) => {
      const batches = deps.incidents.batches({ openOnly: values.open });
      if (values.json) {
        await writeJsonArray(io, batches, (incident) => JSON.stringify(incidentToJson(incident)));
        return 0;
      }
      let any = false;
      for await (const { incidents } of batches) {
        any = true;
        io.out(incidents.map(listLine).join("\n"));
        await io.drain?.();
      }
      if (!any) io.out(values.open ? "No open incidents." : "No incidents.");
      return 0;
    });
  },
};

function listLine(incident: Incident): string {
  const models = incident.models.length > 0 ? incident.models.join(", ") : "(whole vendor)";
  return `${incident.key}  ${incident.status.padEnd(13)} ${incident.severity}  ${incident.type.padEnd(18)} ${incident.vendorName}: ${models}  ${incident.title}`;
}

/**
 * A JSON array written a batch at a time, one element per line (or per
 * block of lines), so any number of incidents fits in bounded memory.
 */
async function writeJsonArray(
  io: CliIo,
  batches: AsyncIterable<IncidentBatch>,
  element: (incident: Incident, batch: IncidentBatch) => string,
): Promise<void> {
  // Each element but the last is followed by a comma, so the last one waits for the next.
  let pending: string | null = null;
  for await (const batch of batches) {
    const lines: string[] = [];
    for (const incident of batch.incidents) {
      lines.push(pending === null ? "[" : `${pending},`);
      pending = element(incident, batch);
    }
    io.out(lines.join("\n"));
    await io.drain?.();
  }
  io.out(pending === null ? "[]" : `${pending}\n]`);
}

export const incidentUpdateCommand: CliCommand = {
  path: ["incident", "update"],
  usage: 'aigov incident update INC-… [--status S] [--note "…"] [--actor NAME]',
  summary: "change an incident's status and/or add a note to its timeline",
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { status: { type: "string" }, note: { type: "string" }, actor: { type: "string" } },
    });
    if (positionals.length !== 1 || (!values.status && !values.note)) {
      throw new AppError("usage", `usage: ${this.usage}`);
    }
    let status: IncidentStatus | null = null;
    if (values.status) {
      const parsed = incidentStatusSchema.safeParse(values.status);
      if (!parsed.success) throw new AppError("usage", `--status: ${parsed.error.issues[0]?.message}`);
      status = parsed.data;
    }
    return withCliDeps(env, io, async (deps) => {
      const incident = await deps.incidents.getByKey(positionals[0] as string);
      const actor = cliActor(values.actor);
      const updated = status
        ? await deps.incidents.changeStatus(incident.id, status, { id: actor, requireLead: false }, values.note ?? null)
        : await deps.incidents.addUpdate(incident.id, actor, values.note ?? "");
      // The status change itself queued them (incidents.onStatusChange).
      const noticeUpdates = status ? await deps.notices.pendingStatusUpdates(updated.id) : 0;
      io.out(`${updated.key} is ${updated.status}${values.note ? "; note added to the timeline" : ""}`);
      if (noticeUpdates > 0)
        io.out(
          `${count(noticeUpdates, "posted notice")} will be updated by the running bot (or: aigov notify ${updated.key})`,
        );
      return 0;
    });
  },
};

/**
 * Smaller than a list's pages: less of a batch is alive when V8 collects the young generation, so less is
 * promoted and the heap grows less (a million incidents: 243 MB peak rather than 351 MB at 500, and faster).
 */
const EXPORT_BATCH_SIZE = 100;

export const incidentExportCommand: CliCommand = {
  path: ["incident", "export"],
  usage: "aigov incident export --format csv|json [--since YYYY-MM-DD]",
  summary: "export incidents (CSV for spreadsheets, JSON with timelines)",
  async run(args, io: CliIo, env) {
    const { values } = parseArgs({ args, options: { format: { type: "string" }, since: { type: "string" } } });
    if (values.format !== "csv" && values.format !== "json") throw new AppError("usage", `usage: ${this.usage}`);
    const since = values.since;
    if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(Date.parse(since)))) {
      throw new AppError("usage", `--since: expected a date such as 2026-01-31, got "${since}"`);
    }
    return withCliDeps(env, io, async (deps) => {
      const filter = since ? { since: new Date(since).toISOString() } : {};
      const size = EXPORT_BATCH_SIZE;
      if (values.format === "csv") {
        io.out(incidentsCsvHeader());
        for await (const { incidents } of deps.incidents.batches(filter, { size })) {
          io.out(incidentsToCsvRows(incidents));
          await io.drain?.();
        }
        return 0;
      }
      // Laid out as JSON.stringify(list, null, 2) lays out a list.
      await writeJsonArray(io, deps.incidents.batches(filter, { size, withTimelines: true }), (incident, batch) =>
        JSON.stringify(incidentToJson(incident, batch.timelines.get(incident.id) ?? []), null, 2).replace(/^/gm, "  "),
      );
      return 0;
    });
  },
};
