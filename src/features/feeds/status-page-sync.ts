import type { Db } from "../../db/connection.ts";
import type { Logger } from "../../logger.ts";
import { count } from "../../plural.ts";
import { FEED_ACTOR_PREFIX } from "../incidents/incident.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import type { Registry, Vendor } from "../registry/registry.ts";
import type { FetchResult } from "./feed-fetcher.ts";
import { statusIncidentSchema, statusPageSchema } from "./feed-schemas.ts";
import { FeedError, type FeedFinding, type FeedSource, type FindingOf, type MatchModels } from "./feed-source.ts";
import { type FeedState, findKnownFeedIncidents, saveFeedIncident } from "./feeds-repository.ts";
import { type FeedAction, interpretStatusPage, type KnownFeedIncident, matchingText } from "./statuspage-rules.ts";

/** Tracked open incidents that left the page, fetched one by one, per poll. */
const MAX_SINGLE_FETCHES = 10;

export interface StatusPageSync {
  /** Turns a status page's incidents into ours: new ones logged, tracked ones brought up to date. */
  apply(
    source: FeedSource,
    state: FeedState,
    json: unknown,
    current: Registry,
    finding: FindingOf,
  ): Promise<FeedFinding[]>;
}

/** Follows vendors' status pages (Statuspage and incident.io shapes) into incidents. */
export function createStatusPageSync(deps: {
  db: Db;
  now: () => Date;
  logger: Logger;
  incidents: IncidentService;
  matchModels: MatchModels;
  /** One GET of a feed address, with the poller's limits. */
  fetchOnce: (url: string, headers: Record<string, string>) => Promise<FetchResult>;
}): StatusPageSync {
  const { db, logger, incidents } = deps;
  const iso = () => deps.now().toISOString();

  async function fetchSingleIncident(source: FeedSource, externalId: string) {
    if (!source.url.endsWith("/incidents.json")) return null;
    const url = source.url.replace(/incidents\.json$/, `incidents/${encodeURIComponent(externalId)}.json`);
    const fetched = await deps.fetchOnce(url, source.headers);
    if (fetched.kind !== "ok") {
      logger.warn(`feed ${url}: ${fetched.kind === "error" ? fetched.error : "not modified"}`);
      return null;
    }
    try {
      const parsed = statusIncidentSchema.safeParse((JSON.parse(fetched.body) as { incident?: unknown }).incident);
      return parsed.success ? parsed.data : null;
    } catch {
      logger.warn(`feed ${url}: invalid JSON`);
      return null;
    }
  }

  async function applyAction(
    source: FeedSource,
    action: FeedAction,
    known: Map<string, KnownFeedIncident>,
    finding: FindingOf,
  ): Promise<FeedFinding[]> {
    const external = action.external;
    const actor = `${FEED_ACTOR_PREFIX}${new URL(source.url).host}`;
    const allUpdates = (external.incident_updates ?? []).map((u) => u.id);
    /** Remembers what was seen of the page's incident, and which of ours it became. */
    const link = (incidentId: number | null, status: string, seenUpdates: string[]) =>
      saveFeedIncident(
        db,
        source.url,
        {
          externalId: external.id,
          incidentId,
          status,
          impact: external.impact ?? null,
          name: external.name,
          seenUpdates,
        },
        iso(),
      );
    if (action.kind === "record") {
      await link(null, external.status, allUpdates);
      return [];
    }
    if (action.kind === "create") {
      const { incident, created } = await incidents.create({
        vendorId: source.vendor.id,
        vendorName: source.vendor.name,
        models: action.models,
        type: action.type,
        severity: action.severity,
        title: titleFrom(external.name) ?? `Incident ${external.id} on ${source.vendor.name}'s status page`,
        description: action.updates.find((u) => u.body)?.body.slice(0, 3000) ?? null,
        impact: external.impact ? `Status page impact: ${external.impact}` : null,
        startedAt: safeIso(external.started_at ?? external.created_at, iso()),
        reporter: actor,
        source: "feed",
        sourceChannel: `feed:${source.url}`,
        sourceTs: external.id,
        sourceUrl: incidentPageUrl(source.vendor, external.id) ?? source.url,
      });
      // Link first, so a failure below is picked up as an update on the next poll, not lost.
      const described = action.updates.find((u) => u.body)?.id;
      await link(incident.id, "(logging)", described ? [described] : []);
      const { incident: latest } = await incidents.applyFeedUpdate(incident.id, {
        actor,
        notes: action.updates.flatMap((u) => (u.body && u.id !== described ? [feedNote(u.status, u.body)] : [])),
        status: { value: action.status, note: "Status page update" },
      });
      await link(incident.id, external.status, allUpdates);
      return [
        finding(
          action.status === "resolved" ? "resolved" : "created",
          `${latest.key} ${created ? "logged" : "already logged"}: ${external.name} (${action.type}, ${action.severity}, ${latest.status})`,
          incident.id,
        ),
      ];
    }
    const previous = known.get(external.id);
    const renaming = previous !== undefined && previous.name !== external.name;
    const { before, incident } = await incidents.applyFeedUpdate(action.incidentId, {
      actor,
      models: action.models,
      title: renaming ? titleFrom(external.name) : null,
      notes: action.newUpdates.flatMap((u) => (u.body ? [feedNote(u.status, u.body)] : [])),
      // Severity is the company's own judgement: once a person has set it, the vendor's impact no longer does.
      severity: action.severity
        ? { value: action.severity, note: `Status page impact: ${external.impact ?? "none"}` }
        : null,
      status: action.status ? { value: action.status, note: "Status page update" } : null,
    });
    await link(incident.id, external.status, [...new Set([...(previous?.seenUpdates ?? []), ...allUpdates])]);
    const added = incident.models.filter((id) => !before.models.includes(id));
    const what = [
      incident.status !== before.status ? `${before.status} → ${incident.status}` : null,
      action.newUpdates.length > 0 ? count(action.newUpdates.length, "new update") : null,
      added.length > 0 ? `now also ${added.join(", ")}` : null,
      incident.title !== before.title ? `renamed from “${before.title}”` : null,
    ].filter(Boolean);
    return [
      finding(
        incident.status === "resolved" && before.status !== "resolved" ? "resolved" : "updated",
        `${incident.key} ${external.name}: ${what.join("; ") || "updated"}`,
        incident.id,
      ),
    ];
  }

  return {
    async apply(source, state, json, current, finding) {
      const page = statusPageSchema.safeParse(json);
      if (!page.success)
        throw new FeedError(`not a status page: ${page.error.issues[0]?.message ?? "bad shape"}`, null);
      // Each incident is checked on its own, so one odd incident cannot hide the rest.
      const usable = page.data.incidents.flatMap((raw) => {
        const parsed = statusIncidentSchema.safeParse(raw);
        if (!parsed.success) logger.warn(`feed ${source.url}: skipping a malformed incident`);
        return parsed.success ? [parsed.data] : [];
      });
      const known = await findKnownFeedIncidents(db, { vendorId: source.vendor.id, currentUrl: source.url });
      // The page lists the 50 most recent incidents: one of ours that dropped off is fetched on its own,
      // since dropping out is not resolution. Only those last seen at this address: after a move to
      // another provider, the old page's ids mean nothing here.
      const listed = new Set(usable.map((incident) => incident.id));
      const droppedOut = [...known.values()]
        .filter(
          (k) =>
            k.feedUrl === source.url &&
            k.incidentId !== null &&
            !listed.has(k.externalId) &&
            k.status !== "resolved" &&
            k.status !== "postmortem",
        )
        .slice(0, MAX_SINGLE_FETCHES);
      for (const tracked of droppedOut) {
        const single = await fetchSingleIncident(source, tracked.externalId);
        if (single) usable.push(single);
      }
      // Model names are matched first (asynchronously); the rules then stay pure.
      const matches = new Map<string, { models: string[]; namesOtherModels: boolean }>();
      for (const incident of usable) {
        matches.set(incident.id, await deps.matchModels(source.vendor, current, matchingText(incident)));
      }
      const actions = interpretStatusPage({
        incidents: usable,
        known,
        firstPoll: state.initialized === 0,
        watchingSince: state.watching_since ?? iso(),
        matchModels: (incident) => matches.get(incident.id) ?? { models: [], namesOtherModels: false },
      });
      const findings: FeedFinding[] = [];
      for (const action of actions) findings.push(...(await applyAction(source, action, known, finding)));
      return findings.length > 0 ? findings : [finding("unchanged", "nothing new")];
    },
  };
}

/**
 * The incident's page on the vendor's status page, built from the registry's
 * address and the incident id. The page's own `shortlink` is never used: it is
 * text from the vendor's server, and a link in every notice must not point
 * wherever that server says.
 */
export function incidentPageUrl(vendor: Vendor, incidentId: string): string | null {
  if (!vendor.status_page) return null;
  const base = vendor.status_page.replace(/\/api\/v2\/[^/]*\.json$/, "").replace(/\/+$/, "");
  return `${base}/incidents/${encodeURIComponent(incidentId)}`;
}

/** A page's incident name as our title, within the form's 3 to 150 characters; null when too short. */
export function titleFrom(name: string): string | null {
  const title = name.trim().replace(/\s+/g, " ").slice(0, 150).trim();
  return title.length >= 3 ? title : null;
}

/** A vendor's update as a timeline note, within the timeline's 3,000 characters. */
export function feedNote(status: string, body: string): string {
  const note = `[${status}] ${body}`;
  return note.length <= 3000 ? note : `${note.slice(0, 2999)}…`;
}

function safeIso(value: string | null | undefined, fallback: string): string {
  const parsed = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(parsed) ? fallback : new Date(parsed).toISOString();
}
