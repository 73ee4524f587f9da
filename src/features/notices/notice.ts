import type { System } from "../registry/registry.ts";

export type NoticePurpose = "notice" | "status_update" | "reminder" | "failure_report";
export type TargetKind = "notice_channel" | "system_channel" | "owner";
export type DeliveryState = "pending" | "sending" | "sent" | "failed";

export interface PlannedDelivery {
  targetKind: TargetKind;
  /** A channel id, or a user id for an owner's direct message. */
  target: string;
  systemIds: string[];
}

export interface Delivery extends PlannedDelivery {
  id: number;
  noticeId: number;
  purpose: NoticePurpose;
  parentId: number | null;
  detail: string | null;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  channel: string | null;
  ts: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface Notice {
  id: number;
  kind: "incident" | "retirement";
  incidentId: number | null;
  modelId: string | null;
  thresholdDays: number | null;
  decidedAt: string;
  decidedBy: string;
}

/** The retirement reminders, in days before `retires_on`. */
const RETIREMENT_THRESHOLDS = [90, 30, 7] as const;

/** Which incidents warrant telling the people who depend on the vendor. */
export function isNoticeDue(incident: {
  type: string;
  severity: string;
  vendorId: string | null;
  models: readonly string[];
}): boolean {
  const namesSomething = incident.models.length > 0 || incident.vendorId !== null;
  if (!namesSomething) return false;
  if (incident.type === "suspension" || incident.type === "deprecation") return true;
  return (
    (incident.type === "outage" || incident.type === "degraded") &&
    (incident.severity === "sev1" || incident.severity === "sev2")
  );
}

/**
 * Who is told: the notice channel about every affected system, each affected
 * system's channel once (however many of its systems are hit), and each
 * owner directly about their systems.
 */
export function planAudience(systems: readonly System[], noticeChannel: string | null): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  if (noticeChannel) {
    planned.push({ targetKind: "notice_channel", target: noticeChannel, systemIds: systems.map((s) => s.id) });
  }
  const byChannel = new Map<string, string[]>();
  const byOwner = new Map<string, string[]>();
  for (const system of systems) {
    if (system.channel && system.channel !== noticeChannel) {
      byChannel.set(system.channel, [...(byChannel.get(system.channel) ?? []), system.id]);
    }
    if (system.owner) byOwner.set(system.owner, [...(byOwner.get(system.owner) ?? []), system.id]);
  }
  for (const [channel, systemIds] of byChannel)
    planned.push({ targetKind: "system_channel", target: channel, systemIds });
  for (const [owner, systemIds] of byOwner) planned.push({ targetKind: "owner", target: owner, systemIds });
  return planned;
}

/** The retirement threshold a model has reached today, if any: the tightest one. */
export function retirementThresholdReached(retiresOn: string, today: string): number | null {
  const daysLeft = Math.round((Date.parse(`${retiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (daysLeft < 0) return null;
  const reached = RETIREMENT_THRESHOLDS.filter((threshold) => daysLeft <= threshold);
  return reached.length > 0 ? Math.min(...reached) : null;
}
