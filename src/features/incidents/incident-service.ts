import type { Transaction } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Database } from "../../db/database.ts";
import { AppError } from "../../errors.ts";
import type { Registry, System } from "../registry/registry.ts";
import type { RegistryService } from "../registry/registry-service.ts";
import {
  INCIDENT_STATUSES,
  type Incident,
  type IncidentEvent,
  type IncidentStatus,
  incidentKey,
  isSeveritySetByPerson,
  type NewIncident,
  parseIncidentKey,
  type Severity,
} from "./incident.ts";
import { newIncidentSchema, noteSchema } from "./incident-schemas.ts";
import {
  addIncidentModels,
  appendEvent,
  claimSuggestion,
  countIncidents,
  countIncidentsByStatus,
  countIncidentsSince,
  findChannelSuggestSetting,
  findDataVersion,
  findIncident,
  findIncidentBySourceMessage,
  findIncidentByThread,
  findOpenSuspensions,
  type IncidentFilter,
  insertIncident,
  listEvents,
  listEventsBetween,
  listFeedIncidentsWithoutCard,
  listIncidents,
  saveChannelSuggestSetting,
  setIncidentCard,
  updateIncidentFields,
} from "./incidents-repository.ts";

export type NewIncidentFieldErrors = Partial<Record<keyof NewIncident, string>>;

export type IncidentValidation = { ok: true; incident: NewIncident } | { ok: false; errors: NewIncidentFieldErrors };

export interface IncidentStats {
  days: number;
  byVendor: { vendor: string; count: number }[];
  byType: { type: string; count: number }[];
}

/** Words that say a vendor or model is in trouble. */
const TROUBLE =
  /\b(down|outage|outages|errors?|erroring|5\d\d|5xx|500s|timeouts?|timing out|rate[- ]?limit(ed|ing)?|429s?|disabled|suspended|deprecated|unavailable|broken|failing|degraded|not working|shut (it )?off|pulled|removed)\b/i;

/**
 * How much of a message is matched against the registry, at most: the first
 * sentences, where people say what is wrong. Matching holds the event loop
 * for time that grows with the text (about 25 ms per 1,000 characters, 2 s
 * for Slack's 40,000), and every channel message the bot sees goes through it.
 */
const MATCHED_TEXT_CHARS = 1000;

export interface IncidentService {
  isLead(userId: string): Promise<boolean>;
  /** Throws a clear `forbidden` error unless the user is a governance lead. */
  assertLead(userId: string, what: string): Promise<void>;
  leads(): Promise<string[]>;
  /** Checks a new incident against the schema and the registry, field by field. */
  validate(input: unknown): Promise<IncidentValidation>;
  /** Creates the incident, or returns the one already logged for the same source message. */
  create(input: NewIncident): Promise<{ incident: Incident; created: boolean }>;
  get(id: number): Promise<Incident>;
  /** By "INC-0042", "42"…; throws not_found with a clear message. */
  getByKey(key: string): Promise<Incident>;
  findBySourceMessage(channel: string, ts: string): Promise<Incident | null>;
  findByThread(channel: string, threadTs: string): Promise<Incident | null>;
  list(filter?: IncidentFilter): Promise<Incident[]>;
  /** How many incidents match, whatever the limit. */
  count(filter?: IncidentFilter): Promise<number>;
  /**
   * Every matching incident, newest first, in batches read by keyset paging:
   * memory stays flat at any size. `withTimelines` adds each one's timeline.
   */
  batches(filter: IncidentFilter, options?: { size?: number; withTimelines?: boolean }): AsyncIterable<IncidentBatch>;
  /** Open incidents that name the model, or name no model and are against its vendor. */
  openAffecting(model: { id: string; vendor: string }): Promise<Incident[]>;
  timeline(id: number): Promise<IncidentEvent[]>;
  /** Whether a person has set the severity: a feed then no longer changes it. */
  severitySetByPerson(id: number): Promise<boolean>;
  /** Leads only when `actor` comes from Slack; the CLI is trusted as a lead. */
  changeStatus(id: number, status: IncidentStatus, actor: Actor, note?: string | null): Promise<Incident>;
  changeSeverity(id: number, severity: Severity, actor: Actor, note?: string | null): Promise<Incident>;
  addUpdate(id: number, actor: string, note: string): Promise<Incident>;
  /** Adds models to an incident (a status page renamed it to name more), in its timeline too. */
  addModels(id: number, modelIds: readonly string[], actor: string): Promise<Incident>;
  /** A new title (a status page renamed its incident), in the timeline too. */
  retitle(id: number, title: string, actor: string): Promise<Incident>;
  setCard(id: number, card: PostedCard): Promise<void>;
  /**
   * Shows the incident's card: updated in place once posted, else posted in
   * the first place that takes it and remembered. Returns the incident as it
   * now is. `threadTs` as for `cardContent`.
   */
  publishCard(id: number, threadTs?: string | null): Promise<Incident>;
  /** Feed incidents whose card is not posted yet (a crash, a Slack outage), oldest first. */
  feedIncidentsAwaitingCard(limit: number): Promise<Incident[]>;
  /**
   * A status page's news about one of its incidents, in one transaction: new
   * models, a new title, its updates as notes, its severity (unless a person
   * set it) and its status. Returns the incident before and after.
   */
  applyFeedUpdate(id: number, update: FeedIncidentUpdate): Promise<{ before: Incident; incident: Incident }>;
  /**
   * Calls `subscriber` after every committed status change, whoever made it
   * (a lead, the CLI, a feed): what must follow a status change cannot be forgotten.
   */
  onStatusChange(subscriber: (incident: Incident) => Promise<unknown>): void;
  /** Registry models made unusable by open suspension incidents; cached until an incident or the registry changes. */
  suspendedModelIds(): Promise<ReadonlySet<string>>;
  affectedSystems(incident: Incident): Promise<System[]>;
  /** `threadTs` puts a card for a Slack message in that thread rather than under the message. */
  cardContent(incident: Incident, threadTs?: string | null): Promise<IncidentCardContent>;
  stats(days: number): Promise<IncidentStats>;
  /** How many incidents are in each status, every status listed. */
  countByStatus(): Promise<Record<IncidentStatus, number>>;
  /** The vendor and models a message names, to pre-fill the incident form. */
  guessFromText(text: string): Promise<{ vendorId: string | null; modelIds: string[] }>;
  /** Whether a channel message names registry vendors or models together with words of trouble. */
  soundsLikeTrouble(text: string): Promise<boolean>;
  /** Whether trouble messages in the channel get offers to log them (on unless a lead switched it off). */
  suggestionsOn(channel: string): Promise<boolean>;
  setSuggestions(channel: string, on: boolean, actor: string): Promise<void>;
  /** True at most once per thread, and only where suggestions are on. */
  claimSuggestion(channel: string, threadTs: string): Promise<boolean>;
  registry(): Promise<Registry>;
  /** The registry vendor a person named by id or name (any case); an `invalid_input` error naming the known ones otherwise. */
  vendorNamed(word: string): Promise<Registry["vendors"][number]>;
}

/** What an incident's card shows, and where a new card goes, in order of preference. */
export interface IncidentCardContent {
  systems: System[];
  modelNames: Map<string, string>;
  lastUpdate: IncidentEvent | null;
  places: { channel: string; threadTs: string | null }[];
}

/** Where a card was posted. */
export interface PostedCard {
  channel: string;
  ts: string;
  url: string | null;
}

/** Shows incident cards where people are: the port the Slack implementation fills. */
export interface CardPublisher {
  /** Updates a posted card (returning null), or posts it in the first of `content.places` that takes it. */
  show(incident: Incident, content: IncidentCardContent): Promise<PostedCard | null>;
}

export interface FeedIncidentUpdate {
  /** `feed:<host>`: a feed never needs to be a governance lead. */
  actor: string;
  /** Models the page now names; those already on the incident are skipped. */
  models?: readonly string[];
  title?: string | null;
  /** New updates from the page, each a note in the timeline. */
  notes?: readonly string[];
  /** Taken only while no person has set the severity. */
  severity?: { value: Severity; note: string } | null;
  status?: { value: IncidentStatus; note: string } | null;
}

export interface IncidentBatch {
  incidents: Incident[];
  /** By incident id; empty unless timelines were asked for. */
  timelines: Map<number, IncidentEvent[]>;
}

const DEFAULT_BATCH_SIZE = 500;

export interface Actor {
  id: string;
  /** Slack users must be governance leads to triage; the CLI runs as a lead. */
  requireLead: boolean;
}

export function createIncidentService(deps: {
  db: Db;
  now: () => Date;
  registry: RegistryService;
  cards: CardPublisher;
}): IncidentService {
  const { db, now, registry, cards } = deps;
  const statusSubscribers: ((incident: Incident) => Promise<unknown>)[] = [];
  async function statusChanged(incident: Incident): Promise<void> {
    for (const subscriber of statusSubscribers) await subscriber(incident);
  }
  /**
   * Bumped after every committed write made here; with SQLite's data version
   * (writes by other processes) and the registry revision it keys the cache
   * of open suspensions, which every answer reads.
   */
  let writes = 0;
  let suspensions: { key: string; ids: ReadonlySet<string> } | null = null;
  let recentStats: { key: string; stats: IncidentStats } | null = null;
  const stateKey = async () => `${writes}:${await findDataVersion(db)}`;

  const leads = async () => (await registry.currentRegistry()).governance.leads;
  const isLead = async (userId: string) => (await leads()).includes(userId);

  async function requireLead(actor: Actor, what: string): Promise<void> {
    if (!actor.requireLead || (await isLead(actor.id))) return;
    const names = (await leads()).map((id) => `<@${id}>`).join(", ");
    throw new AppError(
      "forbidden",
      `Only governance leads can ${what}${names ? ` (${names})` : ""}. Nothing was changed; you can still add an update.`,
    );
  }

  /**
   * Every change to an incident: in one transaction, load it (or refuse), let
   * `apply` write, append the event it describes to the timeline, reload.
   * `apply` returns null when there is nothing to change.
   */
  async function change(
    id: number,
    apply: (
      trx: Transaction<Database>,
      incident: Incident,
      at: string,
    ) => Promise<Omit<IncidentEvent, "id" | "incidentId" | "at"> | null>,
  ): Promise<Incident> {
    try {
      return await db.transaction().execute(async (trx) => {
        const incident = await findIncident(trx, id);
        if (!incident) throw new AppError("not_found", `There is no incident ${incidentKey(id)}.`);
        const at = now().toISOString();
        const event = await apply(trx, incident, at);
        if (!event) return incident;
        await appendEvent(trx, { incidentId: id, at, ...event });
        return (await findIncident(trx, id)) as Incident;
      });
    } finally {
      writes++;
    }
  }

  async function get(id: number): Promise<Incident> {
    const incident = await findIncident(db, id);
    if (!incident) throw new AppError("not_found", `There is no incident ${incidentKey(id)}.`);
    return incident;
  }

  return {
    isLead,
    leads,
    assertLead: (userId, what) => requireLead({ id: userId, requireLead: true }, what),

    async validate(input) {
      const parsed = newIncidentSchema.safeParse(input);
      const errors: NewIncidentFieldErrors = {};
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] as keyof NewIncident;
          errors[field] ??= issue.message;
        }
      }
      // The registry checks run on whatever parsed, so every mistake shows at once.
      const raw = (input ?? {}) as Partial<NewIncident>;
      const current = await registry.currentRegistry();
      const vendor = raw.vendorId ? current.vendors.find((v) => v.id === raw.vendorId) : null;
      if (raw.vendorId && !vendor) errors.vendorId ??= `unknown vendor "${raw.vendorId}"`;
      if (!raw.vendorId && !raw.vendorName) errors.vendorId ??= "choose a vendor, or Other and name it";
      for (const modelId of Array.isArray(raw.models) ? raw.models : []) {
        const model = current.models.find((m) => m.id === modelId);
        if (!model) errors.models ??= `unknown model "${modelId}"`;
        else if (vendor && model.vendor !== vendor.id)
          errors.models ??= `${model.name} is not a model of ${vendor.name}`;
      }
      if (typeof raw.startedAt === "string" && Date.parse(raw.startedAt) > now().getTime() + 5 * 60_000) {
        errors.startedAt = "cannot be in the future";
      }
      if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
      const incident = parsed.data;
      return {
        ok: true,
        incident: {
          ...incident,
          startedAt: new Date(incident.startedAt).toISOString(),
          vendorName: vendor?.name ?? incident.vendorName,
        },
      };
    },

    async create(input) {
      const at = now().toISOString();
      const vendorName = input.vendorName ?? input.vendorId ?? "other";
      const created = await db.transaction().execute(async (trx) => {
        if (input.sourceChannel && input.sourceTs) {
          const existing = await findIncidentBySourceMessage(trx, input.sourceChannel, input.sourceTs);
          if (existing) return { incident: existing, created: false };
        }
        const id = await insertIncident(trx, { ...input, vendorName }, at);
        const incident = await findIncident(trx, id);
        if (!incident) throw new Error(`incident ${id} vanished inside its own transaction`);
        return { incident, created: true };
      });
      writes++;
      return created;
    },

    get,

    async getByKey(key) {
      const id = parseIncidentKey(key);
      if (id === null) throw new AppError("invalid_input", `"${key}" is not an incident id; they look like INC-0042.`);
      return get(id);
    },

    findBySourceMessage: (channel, ts) => findIncidentBySourceMessage(db, channel, ts),
    findByThread: (channel, threadTs) => findIncidentByThread(db, channel, threadTs),
    list: (filter) => listIncidents(db, filter),
    count: (filter) => countIncidents(db, filter),

    async *batches(filter, options = {}) {
      const size = options.size ?? DEFAULT_BATCH_SIZE;
      let beforeId = filter.beforeId;
      for (;;) {
        const incidents = await listIncidents(db, {
          ...filter,
          limit: size,
          ...(beforeId === undefined ? {} : { beforeId }),
        });
        if (incidents.length === 0) return;
        const first = incidents[0] as Incident;
        const last = incidents[incidents.length - 1] as Incident;
        const timelines = options.withTimelines ? await listEventsBetween(db, last.id, first.id) : new Map();
        yield { incidents, timelines };
        if (incidents.length < size) return;
        beforeId = last.id;
      }
    },
    openAffecting: async (model) =>
      (await listIncidents(db, { openOnly: true, vendorId: model.vendor })).filter(
        (incident) => incident.models.length === 0 || incident.models.includes(model.id),
      ),
    timeline: (id) => listEvents(db, id),
    severitySetByPerson: async (id) => isSeveritySetByPerson(await listEvents(db, id)),

    async changeStatus(id, status, actor, note = null) {
      await requireLead(actor, "change an incident's status");
      const checkedNote = note ? noteSchema.parse(note) : null;
      const changed = await change(id, async (trx, incident, at) => {
        if (incident.status === status) throw new AppError("invalid_input", `${incident.key} is already ${status}.`);
        await updateIncidentFields(trx, id, { status, resolvedAt: status === "resolved" ? at : null, updatedAt: at });
        return { actor: actor.id, kind: "status", oldValue: incident.status, newValue: status, note: checkedNote };
      });
      await statusChanged(changed);
      return changed;
    },

    async changeSeverity(id, severity, actor, note = null) {
      await requireLead(actor, "change an incident's severity");
      const checkedNote = note ? noteSchema.parse(note) : null;
      return change(id, async (trx, incident, at) => {
        if (incident.severity === severity)
          throw new AppError("invalid_input", `${incident.key} is already ${severity}.`);
        await updateIncidentFields(trx, id, { severity, updatedAt: at });
        return {
          actor: actor.id,
          kind: "severity",
          oldValue: incident.severity,
          newValue: severity,
          note: checkedNote,
        };
      });
    },

    async addUpdate(id, actor, note) {
      const checked = checkedNote(note);
      return change(id, async (trx, _incident, at) => {
        await updateIncidentFields(trx, id, { updatedAt: at });
        return { actor, kind: "update", oldValue: null, newValue: null, note: checked };
      });
    },

    async addModels(id, modelIds, actor) {
      return change(id, async (trx, incident, at) => {
        const added = modelIds.filter((m) => !incident.models.includes(m));
        if (added.length === 0) return null;
        await addIncidentModels(trx, id, added);
        await updateIncidentFields(trx, id, { updatedAt: at });
        const before = incident.models.join(", ") || null;
        return {
          actor,
          kind: "models",
          oldValue: before,
          newValue: [...incident.models, ...added].join(", "),
          note: null,
        };
      });
    },

    async retitle(id, title, actor) {
      const checked = checkedTitle(title);
      return change(id, async (trx, incident, at) => {
        if (incident.title === checked) return null;
        await updateIncidentFields(trx, id, { title: checked, updatedAt: at });
        return { actor, kind: "title", oldValue: incident.title, newValue: checked, note: null };
      });
    },

    setCard: (id, card) => setIncidentCard(db, id, card),

    async publishCard(id, threadTs = null) {
      const incident = await get(id);
      const posted = await cards.show(incident, await this.cardContent(incident, threadTs));
      if (!posted) return incident;
      await setIncidentCard(db, id, posted);
      return get(id);
    },

    feedIncidentsAwaitingCard: (limit) => listFeedIncidentsWithoutCard(db, limit),

    async applyFeedUpdate(id, update) {
      const title = update.title ? checkedTitle(update.title) : null;
      const notes = (update.notes ?? []).map(checkedNote);
      let result: { before: Incident; incident: Incident };
      try {
        result = await db.transaction().execute(async (trx) => {
          const before = await findIncident(trx, id);
          if (!before) throw new AppError("not_found", `There is no incident ${incidentKey(id)}.`);
          const at = now().toISOString();
          const events: Omit<IncidentEvent, "id" | "incidentId" | "at">[] = [];
          const event = (
            kind: IncidentEvent["kind"],
            oldValue: string | null,
            newValue: string | null,
            note: string | null,
          ) => events.push({ actor: update.actor, kind, oldValue, newValue, note });
          const fields: Parameters<typeof updateIncidentFields>[2] = { updatedAt: at };
          const added = (update.models ?? []).filter((m) => !before.models.includes(m));
          if (added.length > 0) {
            await addIncidentModels(trx, id, added);
            event("models", before.models.join(", ") || null, [...before.models, ...added].join(", "), null);
          }
          if (title !== null && title !== before.title) {
            fields.title = title;
            event("title", before.title, title, null);
          }
          for (const note of notes) event("update", null, null, note);
          const severity = update.severity;
          if (severity && severity.value !== before.severity && !isSeveritySetByPerson(await listEvents(trx, id))) {
            fields.severity = severity.value;
            event("severity", before.severity, severity.value, checkedNote(severity.note));
          }
          const status = update.status;
          if (status && status.value !== before.status) {
            fields.status = status.value;
            fields.resolvedAt = status.value === "resolved" ? at : null;
            event("status", before.status, status.value, checkedNote(status.note));
          }
          if (events.length === 0) return { before, incident: before };
          await updateIncidentFields(trx, id, fields);
          for (const e of events) await appendEvent(trx, { incidentId: id, at, ...e });
          return { before, incident: (await findIncident(trx, id)) as Incident };
        });
      } finally {
        writes++;
      }
      if (result.incident.status !== result.before.status) await statusChanged(result.incident);
      return result;
    },

    onStatusChange(subscriber) {
      statusSubscribers.push(subscriber);
    },

    async suspendedModelIds() {
      // The key is read before the query, so a write committed meanwhile makes the next call read again.
      const key = `${await stateKey()}:${await registry.currentRevision()}`;
      if (suspensions?.key === key) return suspensions.ids;
      const { models, vendors } = await findOpenSuspensions(db);
      const ids = new Set(models);
      if (vendors.length > 0) {
        for (const model of (await registry.currentRegistry()).models) {
          if (vendors.includes(model.vendor)) ids.add(model.id);
        }
      }
      suspensions = { key, ids };
      return ids;
    },

    affectedSystems: async (incident) => systemsHitBy(incident, await registry.currentRegistry()),

    async cardContent(incident, threadTs = null) {
      const current = await registry.currentRegistry();
      const timeline = await listEvents(db, incident.id);
      const places: IncidentCardContent["places"] = [];
      if (incident.source === "slack_message" && incident.sourceChannel && incident.sourceTs) {
        places.push({ channel: incident.sourceChannel, threadTs: threadTs ?? incident.sourceTs });
      }
      if (current.governance.notice_channel)
        places.push({ channel: current.governance.notice_channel, threadTs: null });
      // A reporter who is a Slack user gets the card in a DM when no channel will take it.
      if (/^[UW][A-Z0-9]+$/.test(incident.reporter)) places.push({ channel: incident.reporter, threadTs: null });
      return {
        systems: systemsHitBy(incident, current),
        modelNames: new Map(current.models.map((model) => [model.id, model.name])),
        lastUpdate: timeline[timeline.length - 1] ?? null,
        places,
      };
    },

    async countByStatus() {
      const counts = Object.fromEntries(INCIDENT_STATUSES.map((status) => [status, 0])) as Record<
        IncidentStatus,
        number
      >;
      for (const { status, count } of await countIncidentsByStatus(db)) counts[status as IncidentStatus] = count;
      return counts;
    },

    async stats(days) {
      // Counts over months need not be to the second: from the hour's start, read again after any write.
      const hour = Math.floor(now().getTime() / 3_600_000) * 3_600_000;
      const key = `${await stateKey()}:${hour}:${days}`;
      if (recentStats?.key === key) return recentStats.stats;
      const since = new Date(hour - days * 86_400_000).toISOString();
      const rows = await countIncidentsSince(db, since);
      const sum = (key: "vendor_name" | "type") => {
        const totals = new Map<string, number>();
        for (const row of rows) totals.set(row[key], (totals.get(row[key]) ?? 0) + Number(row.count));
        return [...totals.entries()].sort((a, b) => b[1] - a[1]);
      };
      const stats = {
        days,
        byVendor: sum("vendor_name").map(([vendor, count]) => ({ vendor, count })),
        byType: sum("type").map(([type, count]) => ({ type, count })),
      };
      recentStats = { key, stats };
      return stats;
    },

    async guessFromText(text) {
      const { vendorIds, modelIds } = (await registry.catalog()).recognize(text.slice(0, MATCHED_TEXT_CHARS));
      const current = await registry.currentRegistry();
      const modelVendors = modelIds.map((id) => current.models.find((m) => m.id === id)?.vendor);
      const vendorId = vendorIds[0] ?? modelVendors.find((v): v is string => typeof v === "string") ?? null;
      const sameVendor = modelIds.filter((_, index) => vendorId === null || modelVendors[index] === vendorId);
      return { vendorId, modelIds: sameVendor };
    },

    async soundsLikeTrouble(text) {
      const matched = text.slice(0, MATCHED_TEXT_CHARS);
      if (!TROUBLE.test(matched)) return false;
      const { vendorIds, modelIds } = (await registry.catalog()).recognize(matched);
      return vendorIds.length + modelIds.length > 0;
    },

    suggestionsOn: (channel) => findChannelSuggestSetting(db, channel),

    async setSuggestions(channel, on, actor) {
      await requireLead({ id: actor, requireLead: true }, "change this channel's settings");
      await saveChannelSuggestSetting(db, channel, on, actor, now().toISOString());
    },

    async claimSuggestion(channel, threadTs) {
      if (!(await findChannelSuggestSetting(db, channel))) return false;
      return claimSuggestion(db, channel, threadTs, now().toISOString());
    },

    registry: () => registry.currentRegistry(),

    async vendorNamed(word) {
      const { vendors } = await registry.currentRegistry();
      const wanted = word.trim().toLowerCase();
      const vendor = vendors.find((v) => v.id === wanted || v.name.toLowerCase() === wanted);
      if (vendor) return vendor;
      throw new AppError(
        "invalid_input",
        `I don't know the vendor "${wanted}". Try one of: ${vendors.map((v) => v.id).join(", ")}.`,
      );
    },
  };
}

function checkedTitle(title: string): string {
  const parsed = newIncidentSchema.shape.title.safeParse(title);
  if (!parsed.success) throw new AppError("invalid_input", `Title ${parsed.error.issues[0]?.message}.`);
  return parsed.data;
}

function checkedNote(note: string): string {
  const parsed = noteSchema.safeParse(note);
  if (!parsed.success) throw new AppError("invalid_input", `An update ${parsed.error.issues[0]?.message}.`);
  return parsed.data;
}

/** Systems that use the incident's models, or any of its vendor's models when it names none. */
function systemsHitBy(incident: Incident, current: Registry): System[] {
  const models = new Set(
    incident.models.length > 0
      ? incident.models
      : current.models.filter((m) => m.vendor === incident.vendorId).map((m) => m.id),
  );
  return current.systems.filter((system) => system.models.some((id) => models.has(id)));
}
