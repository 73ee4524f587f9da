import type { Db } from "../../db/connection.ts";
import { FEED_ACTOR_PREFIX } from "../incidents/incident.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import type { Registry } from "../registry/registry.ts";
import { litellmCatalogEntriesSchema, modelListSchema } from "./feed-schemas.ts";
import { FeedError, type FeedFinding, type FeedSource, type FindingOf, type MatchModels } from "./feed-source.ts";
import { findFeedRetirement, saveFeedRetirement } from "./feeds-repository.ts";

export interface RetirementSync {
  /** Logs a deprecation for each new retirement date of a model that systems depend on. */
  apply(source: FeedSource, json: unknown, current: Registry, finding: FindingOf): Promise<FeedFinding[]>;
}

/** Follows retirement dates in vendors' model lists and LiteLLM's catalog. */
export function createRetirementSync(deps: {
  db: Db;
  now: () => Date;
  incidents: IncidentService;
  matchModels: MatchModels;
}): RetirementSync {
  const { db, now, incidents } = deps;
  const iso = () => now().toISOString();
  return {
    async apply(source, json, current, finding) {
      const dates = retirementDates(source, json);
      const findings: FeedFinding[] = [];
      // Several names (snapshots, regions) can map to one model: its earliest date counts.
      const earliest = new Map<string, string>();
      for (const [name, date] of dates) {
        if (name.startsWith("ft:")) continue;
        const [modelId] = (await deps.matchModels(source.vendor, current, name)).models;
        if (modelId && (!earliest.has(modelId) || date < (earliest.get(modelId) as string)))
          earliest.set(modelId, date);
      }
      for (const [modelId, date] of earliest) {
        const model = current.models.find((m) => m.id === modelId);
        if (!model) continue;
        const dependents = current.systems.filter((s) => s.models.includes(model.id));
        const seen = await findFeedRetirement(db, source.url, model.id);
        if (seen?.retires_on === date) continue;
        const alreadyKnown = model.retires_on === date;
        let incidentId: number | null = null;
        if (dependents.length > 0 && !alreadyKnown) {
          const daysLeft = Math.round((Date.parse(`${date}T00:00:00Z`) - now().getTime()) / 86_400_000);
          const { incident } = await incidents.create({
            vendorId: source.vendor.id,
            vendorName: source.vendor.name,
            models: [model.id],
            type: "deprecation",
            severity: daysLeft <= 30 ? "sev2" : "sev3",
            title: `${model.name} retires on ${date}`.slice(0, 150),
            description: `${source.kind === "litellm" ? "LiteLLM's catalog" : "The vendor's model list"} gives ${date}${
              seen ? ` (it said ${seen.retires_on} before)` : ""
            }; the registry says ${model.retires_on ?? "nothing"}. Systems on it: ${dependents.map((s) => s.name).join(", ")}.`,
            impact: null,
            startedAt: iso(),
            reporter: `${FEED_ACTOR_PREFIX}${new URL(source.url).host}`,
            source: "feed",
            sourceChannel: `feed:retirement:${source.vendor.id}`,
            sourceTs: `${model.id}:${date}`,
            sourceUrl: source.url,
          });
          incidentId = incident.id;
          findings.push(finding("created", `${incident.key}: ${model.name} retires on ${date}`, incident.id));
        } else {
          findings.push(
            finding(
              "recorded",
              `${model.name} retires on ${date} (${alreadyKnown ? "already in the registry" : "no system depends on it"})`,
            ),
          );
        }
        await saveFeedRetirement(db, {
          sourceUrl: source.url,
          modelId: model.id,
          retiresOn: date,
          incidentId,
          at: iso(),
        });
      }
      return findings.length > 0 ? findings : [finding("unchanged", "no new retirement dates")];
    },
  };
}

/** Model names and their retirement dates (YYYY-MM-DD) from a model list or the LiteLLM catalog. */
export function retirementDates(source: Pick<FeedSource, "kind" | "vendor">, json: unknown): Map<string, string> {
  const dates = new Map<string, string>();
  if (source.kind === "openai_models") {
    const list = modelListSchema.safeParse(json);
    if (!list.success) throw new FeedError("not a model list (expected {data: [{id, shutdown_date}]})", null);
    for (const entry of list.data.data) {
      const date = toIsoDate(entry.shutdown_date);
      if (date) dates.set(withoutSnapshotDate(entry.id), date);
    }
    return dates;
  }
  const catalog = litellmCatalogEntriesSchema.safeParse(json);
  if (!catalog.success || typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new FeedError("not a LiteLLM catalog (expected an object of models)", null);
  }
  for (const [name, entry] of Object.entries(catalog.data)) {
    const facts = entry as { litellm_provider?: string; deprecation_date?: string | null };
    if (source.vendor.litellm_provider && facts.litellm_provider !== source.vendor.litellm_provider) continue;
    const date = toIsoDate(facts.deprecation_date);
    if (date) dates.set(withoutSnapshotDate(name.includes("/") ? name.slice(name.lastIndexOf("/") + 1) : name), date);
  }
  return dates;
}

function toIsoDate(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  const date =
    typeof value === "number"
      ? new Date(value * 1000)
      : new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** "gpt-4o-2024-08-06" and "claude-opus-5-20260101" are snapshots of "gpt-4o" and "claude-opus-5". */
function withoutSnapshotDate(name: string): string {
  return name.replace(/[-@](\d{8}|\d{4}-\d{2}-\d{2})$/, "");
}
