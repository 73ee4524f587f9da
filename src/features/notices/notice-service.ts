import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Db } from "../../db/connection.ts";
import { AppError } from "../../errors.ts";
import type { Incident } from "../incidents/incident.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import type { Registry, System } from "../registry/registry.ts";
import type { RegistryService } from "../registry/registry-service.ts";
import {
  type Delivery,
  type DeliveryState,
  isNoticeDue,
  type Notice,
  planAudience,
  retirementThresholdReached,
} from "./notice.ts";
import type { DeliveryContent, FailedDeliveryView, NoticeView } from "./notice-view.ts";
import {
  countDeliveriesByState,
  countFailureSummariesTaken,
  countOpenDeliveries,
  findDelivery,
  findNotice,
  findNoticeByKey,
  findOwnerNoticesWithoutReminder,
  insertAck,
  insertDeliveries,
  insertNotice,
  listAcks,
  listDeliveries,
  listFailedDeliveries,
  listIncidentNotices,
  type NewDelivery,
} from "./notices-repository.ts";

/** Systems looked at between yields to the event loop, so a long render never holds acknowledgements. */
const SYSTEMS_PER_CHUNK = 100;

/** Failures that come together (a channel archived, a workspace outage) share one summary. */
const FAILURE_SUMMARY_GATHER_MS = 5_000;

export interface NoticeSettings {
  /** "sev1": sev1 suspensions are posted without waiting for a lead. */
  autoPost: "off" | "sev1";
  reminderAfterMs: number;
}

export interface Audience {
  due: boolean;
  channels: string[];
  owners: string[];
  systems: System[];
}

export interface LockInRow {
  system: string;
  owner: string | null;
  vendors: string[];
  singleVendor: boolean;
  hasAlternative: boolean;
}

/** What a person sees about a notice after an incident is logged or triaged. */
export type NoticeOffer = { kind: "auto_posted" } | { kind: "preview"; audience: Audience } | { kind: "none" };

/** Shows notice offers where people are: the port the Slack implementation fills. */
export interface NoticeOffers {
  /** Tells the card's thread that the notice went out without waiting for a lead. */
  autoPosted(incident: Incident): Promise<void>;
  /** Shows one lead, privately, who the notice would tell, with a button to post it. */
  previewTo(lead: string, incident: Incident, audience: Audience): Promise<void>;
  /** Puts the same preview in the card's thread, for any lead to post. */
  previewInThread(incident: Incident, audience: Audience): Promise<void>;
}

export interface NoticeService {
  audienceFor(incident: Incident): Promise<Audience>;
  /**
   * After an incident is logged or triaged: the notice is posted at once when
   * NOTICE_AUTO_POST allows it, else offered, to `lead` when a person did it
   * (and is a lead), in the card's thread when a feed did (`lead` null).
   */
  offerNotice(incidentId: number, lead: string | null): Promise<NoticeOffer>;
  /** Writes the decision and its deliveries in one transaction; nothing new when already decided. */
  queueIncidentNotice(incidentId: number, decidedBy: string): Promise<{ noticeId: number; queued: number }>;
  /** Queues in-place updates of every posted notice after the incident's status changed. */
  incidentChanged(incidentId: number): Promise<number>;
  /** Updates of posted notices queued for the incident and not yet sent. */
  pendingStatusUpdates(incidentId: number): Promise<number>;
  /** Queues the notice at once when NOTICE_AUTO_POST allows it; true if it did. */
  autoPostIfAllowed(incident: Incident): Promise<boolean>;
  hasNotice(incidentId: number): Promise<boolean>;
  acknowledge(noticeId: number, systemId: string, userId: string): Promise<{ systemName: string; first: boolean }>;
  /** What a delivery says, as plain data; notice-blocks.ts renders it. */
  deliveryContent(delivery: Delivery): Promise<DeliveryContent>;
  /** Queues 90/30/7-day reminders for models that retire; each threshold once. */
  queueRetirementReminders(): Promise<number>;
  /** Queues one reminder to owners who have not acknowledged after the delay. */
  queueOwnerReminders(): Promise<number>;
  /** Tells the notice channel, in one summary per notice, that deliveries were given up on. */
  queueFailureReport(delivery: Delivery): Promise<void>;
  deliveriesForIncident(incidentId: number): Promise<Delivery[]>;
  openDeliveries(noticeIds?: number[]): Promise<number>;
  /** The outbox's size in each delivery state, every state listed. */
  outboxSizes(): Promise<Record<DeliveryState, number>>;
  lockInReport(): Promise<LockInRow[]>;
}

export function createNoticeService(deps: {
  db: Db;
  now: () => Date;
  registry: RegistryService;
  incidents: IncidentService;
  offers: NoticeOffers;
  settings: NoticeSettings;
}): NoticeService {
  const { db, now, registry, incidents, offers, settings } = deps;
  const iso = () => now().toISOString();
  /** The lock-in report changes only with the registry, open suspensions and the date. */
  let lockIn: { revision: number; suspended: ReadonlySet<string>; today: string; rows: LockInRow[] } | null = null;

  async function audienceFor(incident: Incident): Promise<Audience> {
    const current = await registry.currentRegistry();
    const systems = await incidents.affectedSystems(incident);
    const planned = planAudience(systems, current.governance.notice_channel);
    return {
      due: isNoticeDue(incident),
      channels: planned.filter((p) => p.targetKind !== "owner").map((p) => p.target),
      owners: planned.filter((p) => p.targetKind === "owner").map((p) => p.target),
      systems,
    };
  }

  async function queueNotice(
    notice: Omit<Notice, "id"> & { dedupeKey: string },
    systems: readonly System[],
    detail: string | null,
  ): Promise<{ noticeId: number; queued: number; created: boolean }> {
    const current = await registry.currentRegistry();
    return db.transaction().execute(async (trx) => {
      const existing = await findNoticeByKey(trx, notice.dedupeKey);
      if (existing) return { noticeId: existing.id, queued: 0, created: false };
      const noticeId = await insertNotice(trx, notice);
      const planned = planAudience(systems, current.governance.notice_channel);
      const deliveries: NewDelivery[] = planned.map((p) => ({
        ...p,
        noticeId,
        dedupeKey: `notice:${noticeId}:${p.targetKind}:${p.target}`,
        purpose: "notice",
        parentId: null,
        detail,
        notBefore: notice.decidedAt,
      }));
      const queued = await insertDeliveries(trx, deliveries, notice.decidedAt);
      return { noticeId, queued, created: true };
    });
  }

  /**
   * Every posted notice whose latest sent status differs from the incident's
   * gets an update. The key carries the status change's event id, so a
   * reopened incident can go back to a status it had before.
   */
  async function incidentChanged(incidentId: number): Promise<number> {
    const incident = await incidents.get(incidentId);
    const lastStatusEvent = (await incidents.timeline(incidentId)).filter((e) => e.kind === "status").at(-1);
    let queued = 0;
    for (const notice of await listIncidentNotices(db, incidentId)) {
      const all = await listDeliveries(db, notice.id);
      const updates: NewDelivery[] = [];
      const sentNotices = all.filter((d) => d.purpose === "notice" && d.state === "sent");
      for (const original of sentNotices) {
        const latest = all.filter((d) => d.parentId === original.id && d.purpose === "status_update").at(-1);
        if ((latest?.detail ?? original.detail) === incident.status) continue;
        updates.push({
          noticeId: notice.id,
          dedupeKey: `update:${original.id}:${lastStatusEvent?.id ?? 0}:${incident.status}`,
          purpose: "status_update",
          parentId: original.id,
          targetKind: original.targetKind,
          target: original.target,
          systemIds: original.systemIds,
          detail: incident.status,
          notBefore: iso(),
        });
      }
      queued += await insertDeliveries(db, updates, iso());
    }
    return queued;
  }

  /** Every delivery of a notice that was given up on, for the notice channel's summary. */
  async function failures(noticeId: number): Promise<FailedDeliveryView[]> {
    return (await listFailedDeliveries(db, noticeId)).map((d) => ({
      targetKind: d.targetKind,
      target: d.target,
      attempts: d.attempts,
      lastError: d.lastError,
    }));
  }

  async function incidentView(noticeId: number, incident: Incident, systemIds: readonly string[]): Promise<NoticeView> {
    const current = await registry.currentRegistry();
    const names = new Map(current.models.map((m) => [m.id, m.name]));
    const affected = new Set(
      incident.models.length > 0
        ? incident.models
        : current.models.filter((m) => m.vendor === incident.vendorId).map((m) => m.id),
    );
    return {
      kind: "incident",
      noticeId,
      incidentKey: incident.key,
      title: incident.title,
      vendorName: incident.vendorName,
      type: incident.type,
      severity: incident.severity,
      status: incident.status,
      models: incident.models.map((id) => names.get(id) ?? id),
      startedAt: incident.startedAt,
      sourceUrl: incident.sourceUrl,
      cardUrl: incident.cardUrl,
      systems: await systemViews(noticeId, current, systemIds, affected),
      leads: current.governance.leads,
    };
  }

  async function systemViews(noticeId: number, current: Registry, systemIds: readonly string[], affected: Set<string>) {
    const acks = new Map((await listAcks(db, noticeId)).map((ack) => [ack.system_id, ack.user_id]));
    const names = new Map(current.models.map((m) => [m.id, m.name]));
    const systemsById = new Map(current.systems.map((s) => [s.id, s]));
    const catalog = await registry.catalog();
    const status = { today: iso().slice(0, 10), suspendedModelIds: await incidents.suspendedModelIds() };
    return systemIds.flatMap((id) => {
      const system = systemsById.get(id);
      if (!system) return [];
      const hit = system.models.filter((m) => affected.has(m));
      return [
        {
          id: system.id,
          name: system.name,
          owner: system.owner,
          dataClass: current.data_classes.find((d) => d.id === system.data_class)?.name ?? system.data_class,
          affectedModels: hit.map((m) => names.get(m) ?? m),
          alternatives: catalog.alternativesFor(hit, system.data_class, { exclude: [...affected], status }),
          acknowledgedBy: acks.get(system.id) ?? null,
        },
      ];
    });
  }

  async function retirementView(notice: Notice, systemIds: readonly string[]): Promise<NoticeView> {
    const current = await registry.currentRegistry();
    const model = current.models.find((m) => m.id === notice.modelId);
    return {
      kind: "retirement",
      noticeId: notice.id,
      modelName: model?.name ?? notice.modelId ?? "a model",
      modelId: notice.modelId,
      retiresOn: model?.retires_on ?? null,
      thresholdDays: notice.thresholdDays,
      systems: await systemViews(notice.id, current, systemIds, new Set(notice.modelId ? [notice.modelId] : [])),
      leads: current.governance.leads,
    };
  }

  async function viewFor(delivery: Delivery): Promise<NoticeView> {
    const notice = await findNotice(db, delivery.noticeId);
    if (!notice) throw new AppError("not_found", `Delivery ${delivery.id} has no notice.`);
    if (notice.kind === "retirement") return retirementView(notice, delivery.systemIds);
    return incidentView(notice.id, await incidents.get(notice.incidentId as number), delivery.systemIds);
  }

  /** The one rule for what follows a new or triaged incident. */
  async function offerFor(incident: Incident, lead: string | null): Promise<NoticeOffer> {
    if (await service.autoPostIfAllowed(incident)) return { kind: "auto_posted" };
    if (incident.status === "resolved") return { kind: "none" };
    if (lead !== null && !(await incidents.isLead(lead))) return { kind: "none" };
    const audience = await audienceFor(incident);
    if (!audience.due || (await service.hasNotice(incident.id))) return { kind: "none" };
    return { kind: "preview", audience };
  }

  const service: NoticeService = {
    audienceFor,

    async offerNotice(incidentId, lead) {
      const incident = await incidents.get(incidentId);
      const offer = await offerFor(incident, lead);
      if (offer.kind === "auto_posted") await offers.autoPosted(incident);
      if (offer.kind === "preview") {
        if (lead === null) await offers.previewInThread(incident, offer.audience);
        else await offers.previewTo(lead, incident, offer.audience);
      }
      return offer;
    },

    async queueIncidentNotice(incidentId, decidedBy) {
      const incident = await incidents.get(incidentId);
      const existing = await findNoticeByKey(db, `incident:${incident.id}`);
      if (!existing && incident.status === "resolved") {
        throw new AppError("invalid_input", `${incident.key} is resolved: there is nothing to warn about any more.`);
      }
      if (!isNoticeDue(incident)) {
        throw new AppError(
          "invalid_input",
          `${incident.key} does not call for a notice: notices are for suspensions and deprecations, and sev1 or sev2 outages and degradations, that name models or a vendor.`,
        );
      }
      const systems = await incidents.affectedSystems(incident);
      const result = await queueNotice(
        {
          dedupeKey: `incident:${incident.id}`,
          kind: "incident",
          incidentId: incident.id,
          modelId: null,
          thresholdDays: null,
          decidedAt: iso(),
          decidedBy,
        },
        systems,
        incident.status,
      );
      const updates = result.created ? 0 : await incidentChanged(incident.id);
      return { noticeId: result.noticeId, queued: result.queued + updates };
    },

    incidentChanged,

    async pendingStatusUpdates(incidentId) {
      return (await service.deliveriesForIncident(incidentId)).filter(
        (d) => d.purpose === "status_update" && (d.state === "pending" || d.state === "sending"),
      ).length;
    },

    async autoPostIfAllowed(incident) {
      const allowed = settings.autoPost === "sev1" && incident.severity === "sev1" && incident.type === "suspension";
      // Only a lead's or a feed's report goes out unreviewed; anyone else's waits for a lead.
      const trusted =
        incident.source === "feed" || incident.source === "cli" || (await incidents.isLead(incident.reporter));
      if (!allowed || !trusted || incident.status === "resolved" || !isNoticeDue(incident)) return false;
      if ((await listIncidentNotices(db, incident.id)).length > 0) return false;
      await service.queueIncidentNotice(incident.id, "auto:NOTICE_AUTO_POST");
      return true;
    },

    async hasNotice(incidentId) {
      return (await listIncidentNotices(db, incidentId)).length > 0;
    },

    async acknowledge(noticeId, systemId, userId) {
      const deliveries = await listDeliveries(db, noticeId);
      if (!deliveries.some((d) => d.systemIds.includes(systemId))) {
        throw new AppError("not_found", "That notice does not concern this system any more.");
      }
      const current = await registry.currentRegistry();
      const system = current.systems.find((s) => s.id === systemId);
      if (system?.owner && system.owner !== userId && !(await incidents.isLead(userId))) {
        throw new AppError(
          "forbidden",
          `Only ${system.name}'s owner (<@${system.owner}>) or a governance lead can acknowledge for it.`,
        );
      }
      const first = await insertAck(db, { noticeId, systemId, userId, at: iso() });
      return { systemName: current.systems.find((s) => s.id === systemId)?.name ?? systemId, first };
    },

    async deliveryContent(delivery) {
      if (delivery.purpose === "failure_report") {
        return { purpose: "failure_report", failures: await failures(delivery.noticeId) };
      }
      const view = await viewFor(delivery);
      if (delivery.purpose === "notice") return { purpose: "notice", view };
      if (delivery.purpose === "reminder") return { purpose: "reminder", view };
      const parent = delivery.parentId ? await findDelivery(db, delivery.parentId) : null;
      if (!parent?.channel || !parent.ts) {
        throw new AppError("not_found", `Status update ${delivery.id} has no posted notice to update.`);
      }
      return {
        purpose: "status_update",
        view,
        status: delivery.detail,
        parent: { channel: parent.channel, ts: parent.ts },
      };
    },

    async queueRetirementReminders() {
      const current = await registry.currentRegistry();
      const today = iso().slice(0, 10);
      let queued = 0;
      for (const model of current.models) {
        if (!model.retires_on) continue;
        const threshold = retirementThresholdReached(model.retires_on, today);
        if (threshold === null) continue;
        const systems = current.systems.filter((s) => s.models.includes(model.id));
        if (systems.length === 0) continue;
        const result = await queueNotice(
          {
            dedupeKey: `retirement:${model.id}:${model.retires_on}:${threshold}`,
            kind: "retirement",
            incidentId: null,
            modelId: model.id,
            thresholdDays: threshold,
            decidedAt: iso(),
            decidedBy: "schedule:retirements",
          },
          systems,
          null,
        );
        queued += result.queued;
      }
      return queued;
    },

    async queueOwnerReminders() {
      const sentBefore = new Date(now().getTime() - settings.reminderAfterMs).toISOString();
      let queued = 0;
      for (const delivery of await findOwnerNoticesWithoutReminder(db, sentBefore)) {
        const notice = await findNotice(db, delivery.noticeId);
        if (notice?.incidentId && (await incidents.get(notice.incidentId)).status === "resolved") continue;
        const acked = new Set((await listAcks(db, delivery.noticeId)).map((ack) => ack.system_id));
        if (delivery.systemIds.every((id) => acked.has(id))) continue;
        queued += await insertDeliveries(
          db,
          [
            {
              noticeId: delivery.noticeId,
              dedupeKey: `reminder:${delivery.id}`,
              purpose: "reminder",
              parentId: delivery.id,
              targetKind: "owner",
              target: delivery.target,
              systemIds: delivery.systemIds.filter((id) => !acked.has(id)),
              detail: null,
              notBefore: iso(),
            },
          ],
          iso(),
        );
      }
      return queued;
    },

    async queueFailureReport(delivery) {
      const current = await registry.currentRegistry();
      const channel = current.governance.notice_channel;
      if (!channel || delivery.purpose === "failure_report" || delivery.target === channel) return;
      // One summary per notice, sent a little later so that failures that come together share it.
      const summariesSent = await countFailureSummariesTaken(db, delivery.noticeId);
      await insertDeliveries(
        db,
        [
          {
            noticeId: delivery.noticeId,
            dedupeKey: `failure-summary:${delivery.noticeId}:${summariesSent + 1}`,
            purpose: "failure_report",
            parentId: null,
            targetKind: "notice_channel",
            target: channel,
            systemIds: [],
            detail: null,
            notBefore: new Date(now().getTime() + FAILURE_SUMMARY_GATHER_MS).toISOString(),
          },
        ],
        iso(),
      );
    },

    async deliveriesForIncident(incidentId) {
      const notices = await listIncidentNotices(db, incidentId);
      return (await Promise.all(notices.map((notice) => listDeliveries(db, notice.id)))).flat();
    },

    openDeliveries: (noticeIds) => countOpenDeliveries(db, noticeIds),

    async outboxSizes() {
      const sizes: Record<DeliveryState, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const { state, count } of await countDeliveriesByState(db)) sizes[state as DeliveryState] = count;
      return sizes;
    },

    async lockInReport() {
      const revision = await registry.currentRevision();
      const suspended = await incidents.suspendedModelIds();
      const today = iso().slice(0, 10);
      if (lockIn?.revision === revision && lockIn.suspended === suspended && lockIn.today === today) return lockIn.rows;
      const current = await registry.currentRegistry();
      const catalog = await registry.catalog();
      const status = { today, suspendedModelIds: suspended };
      const vendorOf = new Map(current.models.map((m) => [m.id, m.vendor]));
      const vendorName = new Map(current.vendors.map((v) => [v.id, v.name]));
      const rows: LockInRow[] = [];
      for (const [index, system] of current.systems.entries()) {
        if (index > 0 && index % SYSTEMS_PER_CHUNK === 0) await yieldToEventLoop();
        const vendors = [...new Set(system.models.map((m) => vendorOf.get(m) ?? "?"))];
        // A system can fall back when every model it uses has an approved alternative for its data.
        const hasAlternative = system.models.every(
          (model) => catalog.alternativesFor([model], system.data_class, { exclude: [model], status }).length > 0,
        );
        const singleVendor = vendors.length === 1;
        if (singleVendor || !hasAlternative) {
          rows.push({
            system: system.name,
            owner: system.owner,
            vendors: vendors.map((v) => vendorName.get(v) ?? v),
            singleVendor,
            hasAlternative,
          });
        }
      }
      lockIn = { revision, suspended, today, rows };
      return rows;
    },
  };
  return service;
}
