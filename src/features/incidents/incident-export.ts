import type { Incident, IncidentEvent } from "./incident.ts";

const CSV_COLUMNS = [
  "id",
  "vendor",
  "vendor_id",
  "models",
  "type",
  "severity",
  "status",
  "title",
  "description",
  "impact",
  "started_at",
  "created_at",
  "updated_at",
  "resolved_at",
  "reporter",
  "source",
  "source_url",
  "card_url",
] as const;

/** The stable JSON shape of an incident, for `incident list --json` and exports. */
export function incidentToJson(incident: Incident, timeline?: IncidentEvent[]) {
  return {
    id: incident.key,
    vendor: incident.vendorName,
    vendor_id: incident.vendorId,
    models: incident.models,
    type: incident.type,
    severity: incident.severity,
    status: incident.status,
    title: incident.title,
    description: incident.description,
    impact: incident.impact,
    started_at: incident.startedAt,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    resolved_at: incident.resolvedAt,
    reporter: incident.reporter,
    source: incident.source,
    source_url: incident.sourceUrl,
    card_url: incident.cardUrl,
    ...(timeline
      ? {
          timeline: timeline.map((event) => ({
            at: event.at,
            actor: event.actor,
            kind: event.kind,
            old: event.oldValue,
            new: event.newValue,
            note: event.note,
          })),
        }
      : {}),
  };
}

/**
 * RFC 4180 CSV that spreadsheets open as is: a UTF-8 byte order mark, CRLF
 * line ends, every field quoted, ISO 8601 UTC times. Text that a spreadsheet
 * would run as a formula (=, +, -, @ first) is prefixed with an apostrophe.
 * The header comes first, then the rows of each batch of an export in turn.
 */
export function incidentsCsvHeader(): string {
  return `\uFEFF${CSV_COLUMNS.map((column) => csvField(column)).join(",")}\r\n`;
}

export function incidentsToCsvRows(incidents: readonly Incident[]): string {
  const rows = incidents.map((incident) => {
    const json = incidentToJson(incident);
    const values: Record<(typeof CSV_COLUMNS)[number], string | null> = {
      ...json,
      models: incident.models.join("; "),
    };
    return CSV_COLUMNS.map((column) => csvField(values[column]));
  });
  return rows.map((fields) => `${fields.join(",")}\r\n`).join("");
}

function csvField(value: string | null): string {
  const text = value ?? "";
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}
