import { lookupSecret } from "../../config.ts";
import type { Db } from "../../db/connection.ts";
import type { Egress } from "../../deps.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import { count } from "../../plural.ts";
import type { AnswerService } from "../answers/answer-service.ts";
import { FEED_ACTOR_PREFIX, type Incident, type IncidentStatus } from "../incidents/incident.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import type { NoticeService } from "../notices/notice-service.ts";
import type { Registry, Vendor } from "../registry/registry.ts";
import type { RegistryService } from "../registry/registry-service.ts";
import { type FetchResult, fetchFeed } from "./feed-fetcher.ts";
import {
  litellmCatalogEntriesSchema,
  modelListSchema,
  statusIncidentSchema,
  statusPageSchema,
} from "./feed-schemas.ts";
import {
  type FeedState,
  findFeedRetirement,
  findFeedState,
  findKnownFeedIncidents,
  listFeedStates,
  saveFeedIncident,
  saveFeedRetirement,
  saveFeedState,
} from "./feeds-repository.ts";
import { type FeedAction, interpretStatusPage, type KnownFeedIncident, matchingText } from "./statuspage-rules.ts";

export const USER_AGENT = "aigov/0.1 (AI governance Slack bot; status and model-list poller)";
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/**
 * Vendors polled at once: a page that hangs until its timeout holds up only
 * its own vendor, and the bot still makes a handful of requests at a time.
 */
const VENDORS_AT_ONCE = 4;
/** Tracked open incidents that left the page, fetched one by one, per poll. */
const MAX_SINGLE_FETCHES = 10;

export type FeedKind = "statuspage" | "openai_models" | "litellm";

export interface FeedFinding {
  feed: string;
  vendor: string;
  kind: "created" | "updated" | "resolved" | "error" | "unchanged" | "recorded" | "skipped";
  message: string;
  incidentId: number | null;
}

export interface FeedService {
  /**
   * Polls every due feed of every vendor once; `force` ignores the poll interval and backoff. Once
   * `signal` aborts, no feed is polled and a fetch under way is dropped without counting as a failure.
   */
  pollAll(options?: {
    force?: boolean;
    signal?: AbortSignal;
    /** Called with each vendor's findings as soon as its feeds are done, before slower vendors finish. */
    onVendorPolled?: (findings: FeedFinding[]) => Promise<void>;
  }): Promise<FeedFinding[]>;
  states(): Promise<FeedState[]>;
  /** Each feed's current backoff in whole seconds (the wait its last failure chose; 0 while it succeeds). */
  backoff(): Promise<{ vendor: string; feed: string; backoffSeconds: number; failures: number }[]>;
}

interface FeedSource {
  url: string;
  kind: FeedKind;
  vendor: Vendor;
  headers: Record<string, string>;
}

/**
 * The incident's page on the vendor's status page, built from the registry's
 * address and the incident id. The page's own `shortlink` is never used: it is
 * text from the vendor's server, and a link in every notice must not point
 * wherever that server says.
 */
function incidentPageUrl(vendor: Vendor, incidentId: string): string | null {
  if (!vendor.status_page) return null;
  const base = vendor.status_page.replace(/\/api\/v2\/[^/]*\.json$/, "").replace(/\/+$/, "");
  return `${base}/incidents/${encodeURIComponent(incidentId)}`;
}

/** The feeds a vendor's registry entry names. */
function sourcesOf(vendor: Vendor): FeedSource[] {
  const sources: FeedSource[] = [];
  if (vendor.status_page) {
    const url = vendor.status_page.endsWith(".json")
      ? vendor.status_page
      : `${vendor.status_page.replace(/\/+$/, "")}/api/v2/incidents.json`;
    sources.push({ url, kind: "statuspage", vendor, headers: {} });
  }
  if (vendor.models_url) {
    const key = vendor.models_api_key_env ? lookupSecret(vendor.models_api_key_env) : null;
    sources.push({
      url: vendor.models_url,
      kind: "openai_models",
      vendor,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
  }
  if (vendor.litellm_url) sources.push({ url: vendor.litellm_url, kind: "litellm", vendor, headers: {} });
  return sources;
}

/**
 * Watches vendors' status pages and model lists. What it has seen lives in
 * the database, so a restart neither misses nor repeats an event; a bad
 * feed is logged and retried with backoff and never creates an incident.
 */
export function createFeedService(deps: {
  db: Db;
  egress: Pick<Egress, "fetch">;
  now: () => Date;
  logger: Logger;
  registry: RegistryService;
  answers: AnswerService;
  incidents: IncidentService;
  notices: NoticeService;
  pollIntervalMs: number;
  metrics: Pick<Metrics, "feedPolled">;
  /** Per request; a slow feed counts as a failed poll. */
  timeoutMs?: number;
  /** Bodies larger than this are refused unread. */
  maxBodyBytes?: number;
}): FeedService {
  const { db, now, logger, registry, answers, incidents } = deps;
  const iso = () => now().toISOString();

  async function matchModels(
    vendor: Vendor,
    current: Registry,
    text: string,
  ): Promise<{ models: string[]; namesOtherModels: boolean }> {
    const { modelIds, namesOtherModels } = await answers.recognize(text);
    const ofVendor = new Set(current.models.filter((m) => m.vendor === vendor.id).map((m) => m.id));
    return { models: modelIds.filter((id) => ofVendor.has(id)), namesOtherModels };
  }

  async function pollSource(
    source: FeedSource,
    current: Registry,
    force: boolean,
    signal: AbortSignal | undefined,
  ): Promise<FeedFinding[]> {
    const previous = await findFeedState(db, source.url);
    const at = iso();
    if (!force && previous?.next_poll_at && previous.next_poll_at > at) return [];
    const state: FeedState = previous ?? {
      url: source.url,
      vendor_id: source.vendor.id,
      kind: source.kind,
      etag: null,
      last_modified: null,
      initialized: 0,
      watching_since: null,
      last_polled_at: null,
      last_success_at: null,
      consecutive_failures: 0,
      next_poll_at: null,
      last_error: null,
    };
    const fetched: FetchResult = await fetchFeed(source.url, {
      etag: state.etag,
      lastModified: state.last_modified,
      timeoutMs: deps.timeoutMs ?? TIMEOUT_MS,
      maxBytes: deps.maxBodyBytes ?? MAX_BODY_BYTES,
      userAgent: USER_AGENT,
      headers: source.headers,
      fetch: deps.egress.fetch,
      ...(signal ? { signal } : {}),
    });
    if (signal?.aborted) return [];
    state.last_polled_at = at;
    const finding = (kind: FeedFinding["kind"], message: string, incidentId: number | null = null): FeedFinding => ({
      feed: source.url,
      vendor: source.vendor.name,
      kind,
      message,
      incidentId,
    });

    let findings: FeedFinding[];
    try {
      if (fetched.kind === "error") throw new FeedError(fetched.error, fetched.retryAfterMs);
      if (fetched.kind === "not_modified") {
        findings = [finding("unchanged", "not modified since the last poll")];
      } else {
        const json = parseJson(fetched.body);
        findings =
          source.kind === "statuspage"
            ? await applyStatusPage(source, state, json, current, finding)
            : await applyRetirements(source, json, current, finding);
        state.etag = fetched.etag;
        state.last_modified = fetched.lastModified;
        state.initialized = 1;
        state.watching_since ??= at;
      }
      state.consecutive_failures = 0;
      state.last_error = null;
      state.last_success_at = at;
      state.next_poll_at = new Date(now().getTime() + deps.pollIntervalMs).toISOString();
    } catch (error) {
      const reason = (error as Error).message;
      state.consecutive_failures += 1;
      state.last_error = reason;
      const backoff = Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** (state.consecutive_failures - 1));
      const asked = error instanceof FeedError && error.retryAfterMs ? Math.min(error.retryAfterMs, MAX_BACKOFF_MS) : 0;
      const wait = Math.max(backoff, asked);
      state.next_poll_at = new Date(now().getTime() + wait).toISOString();
      logger.warn(`feed ${source.url} failed (${state.consecutive_failures} in a row): ${reason}`);
      findings = [finding("error", `${reason}; next try after ${state.next_poll_at}`)];
    }
    await saveFeedState(db, state);
    deps.metrics.feedPolled(
      source.vendor.id,
      source.kind,
      fetched.kind === "not_modified" ? "not_modified" : state.consecutive_failures > 0 ? "error" : "ok",
    );
    return findings;
  }

  async function applyStatusPage(
    source: FeedSource,
    state: FeedState,
    json: unknown,
    current: Registry,
    finding: (kind: FeedFinding["kind"], message: string, incidentId?: number | null) => FeedFinding,
  ): Promise<FeedFinding[]> {
    const page = statusPageSchema.safeParse(json);
    if (!page.success) throw new FeedError(`not a status page: ${page.error.issues[0]?.message ?? "bad shape"}`, null);
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
      matches.set(incident.id, await matchModels(source.vendor, current, matchingText(incident)));
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
  }

  async function fetchSingleIncident(source: FeedSource, externalId: string) {
    if (!source.url.endsWith("/incidents.json")) return null;
    const url = source.url.replace(/incidents\.json$/, `incidents/${encodeURIComponent(externalId)}.json`);
    const fetched = await fetchFeed(url, {
      etag: null,
      lastModified: null,
      timeoutMs: deps.timeoutMs ?? TIMEOUT_MS,
      maxBytes: deps.maxBodyBytes ?? MAX_BODY_BYTES,
      userAgent: USER_AGENT,
      headers: source.headers,
      fetch: deps.egress.fetch,
    });
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
    finding: (kind: FeedFinding["kind"], message: string, incidentId?: number | null) => FeedFinding,
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
      let latest: Incident = incident;
      for (const update of action.updates) {
        if (update.body && update.id !== described) {
          latest = await incidents.addUpdate(incident.id, actor, feedNote(update.status, update.body));
        }
      }
      latest = await moveTo(latest, action.status, actor);
      await link(incident.id, external.status, allUpdates);
      return [
        finding(
          action.status === "resolved" ? "resolved" : "created",
          `${latest.key} ${created ? "logged" : "already logged"}: ${external.name} (${action.type}, ${action.severity}, ${latest.status})`,
          incident.id,
        ),
      ];
    }
    let incident = await incidents.get(action.incidentId);
    const before = incident.status;
    const previous = known.get(external.id);
    const added = action.models.filter((id) => !incident.models.includes(id));
    if (added.length > 0) incident = await incidents.addModels(incident.id, added, actor);
    const oldTitle = incident.title;
    const newTitle = titleFrom(external.name);
    const renamed =
      previous !== undefined && previous.name !== external.name && newTitle !== null && newTitle !== oldTitle;
    if (renamed) incident = await incidents.retitle(incident.id, newTitle, actor);
    for (const update of action.newUpdates) {
      if (update.body) incident = await incidents.addUpdate(incident.id, actor, feedNote(update.status, update.body));
    }
    // Severity is the company's own judgement: once a person has set it, the vendor's impact no longer does.
    if (
      action.severity &&
      incident.severity !== action.severity &&
      !(await incidents.severitySetByPerson(incident.id))
    ) {
      incident = await incidents.changeSeverity(
        incident.id,
        action.severity,
        { id: actor, requireLead: false },
        `Status page impact: ${external.impact ?? "none"}`,
      );
    }
    if (action.status) incident = await moveTo(incident, action.status, actor);
    await link(incident.id, external.status, [...new Set([...(previous?.seenUpdates ?? []), ...allUpdates])]);
    const what = [
      incident.status !== before ? `${before} → ${incident.status}` : null,
      action.newUpdates.length > 0 ? count(action.newUpdates.length, "new update") : null,
      added.length > 0 ? `now also ${added.join(", ")}` : null,
      renamed ? `renamed from “${oldTitle}”` : null,
    ].filter(Boolean);
    return [
      finding(
        incident.status === "resolved" && before !== "resolved" ? "resolved" : "updated",
        `${incident.key} ${external.name}: ${what.join("; ") || "updated"}`,
        incident.id,
      ),
    ];
  }

  async function moveTo(incident: Incident, status: IncidentStatus, actor: string): Promise<Incident> {
    if (incident.status === status) return incident;
    return incidents.changeStatus(incident.id, status, { id: actor, requireLead: false }, "Status page update");
  }

  async function applyRetirements(
    source: FeedSource,
    json: unknown,
    current: Registry,
    finding: (kind: FeedFinding["kind"], message: string, incidentId?: number | null) => FeedFinding,
  ): Promise<FeedFinding[]> {
    const dates = retirementDates(source, json);
    const findings: FeedFinding[] = [];
    // Several names (snapshots, regions) can map to one model: its earliest date counts.
    const earliest = new Map<string, string>();
    for (const [name, date] of dates) {
      if (name.startsWith("ft:")) continue;
      const [modelId] = (await matchModels(source.vendor, current, name)).models;
      if (modelId && (!earliest.has(modelId) || date < (earliest.get(modelId) as string))) earliest.set(modelId, date);
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
  }

  return {
    async pollAll(options = {}) {
      const current = await registry.currentRegistry();
      const byVendor: FeedFinding[][] = current.vendors.map(() => []);
      // Vendors sharing an address (one LiteLLM catalog) take turns on it, as they did one after another.
      const lastOnUrl = new Map<string, Promise<unknown>>();
      const pollOne = async (vendor: Vendor, source: FeedSource): Promise<FeedFinding[]> => {
        try {
          return await pollSource(source, current, options.force ?? false, options.signal);
        } catch (error) {
          logger.error(`feed ${source.url} could not be processed`, error);
          deps.metrics.feedPolled(vendor.id, source.kind, "error");
          return [
            {
              feed: source.url,
              vendor: vendor.name,
              kind: "error",
              message: (error as Error).message,
              incidentId: null,
            },
          ];
        }
      };
      await forEachAtMost(VENDORS_AT_ONCE, current.vendors, async (vendor, index) => {
        const findings = byVendor[index] as FeedFinding[];
        // A vendor's own feeds stay in order: they can touch the same incidents.
        for (const source of sourcesOf(vendor)) {
          if (options.signal?.aborted) return;
          const turn = (lastOnUrl.get(source.url) ?? Promise.resolve()).then(() => pollOne(vendor, source));
          lastOnUrl.set(source.url, turn);
          findings.push(...(await turn));
        }
        if (findings.length > 0 && !options.signal?.aborted) await options.onVendorPolled?.(findings);
      });
      // In registry order, whatever order the vendors finished in.
      return byVendor.flat();
    },
    states: () => listFeedStates(db),
    async backoff() {
      return (await listFeedStates(db)).map((state) => ({
        vendor: state.vendor_id,
        feed: state.kind,
        failures: state.consecutive_failures,
        backoffSeconds:
          state.consecutive_failures > 0 && state.next_poll_at && state.last_polled_at
            ? Math.round((Date.parse(state.next_poll_at) - Date.parse(state.last_polled_at)) / 1000)
            : 0,
      }));
    },
  };
}

/** Runs `work` on every item, at most `limit` at a time, in the items' order. */
async function forEachAtMost<T>(
  limit: number,
  items: readonly T[],
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

class FeedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const start = body.trimStart().slice(0, 15).toLowerCase();
    throw new FeedError(
      start.startsWith("<") ? "got an HTML page, not JSON (a login or bot-challenge page?)" : "invalid JSON",
      null,
    );
  }
}

/** Model names and their retirement dates (YYYY-MM-DD) from a model list or the LiteLLM catalog. */
function retirementDates(source: FeedSource, json: unknown): Map<string, string> {
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

/** A page's incident name as our title, within the form's 3 to 150 characters; null when too short. */
function titleFrom(name: string): string | null {
  const title = name.trim().replace(/\s+/g, " ").slice(0, 150).trim();
  return title.length >= 3 ? title : null;
}

/** A vendor's update as a timeline note, within the timeline's 3,000 characters. */
function feedNote(status: string, body: string): string {
  const note = `[${status}] ${body}`;
  return note.length <= 3000 ? note : `${note.slice(0, 2999)}…`;
}

function safeIso(value: string | null | undefined, fallback: string): string {
  const parsed = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(parsed) ? fallback : new Date(parsed).toISOString();
}
