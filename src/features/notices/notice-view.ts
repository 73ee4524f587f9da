import type { IncidentStatus, IncidentType, Severity } from "../incidents/incident.ts";
import type { ModelSummary } from "../registry/registry.ts";
import type { TargetKind } from "./notice.ts";

/** Plain data about notices, which notice-blocks.ts renders for Slack. */

export interface NoticeSystemView {
  id: string;
  name: string;
  owner: string | null;
  dataClass: string;
  affectedModels: string[];
  alternatives: ModelSummary[];
  acknowledgedBy: string | null;
}

interface NoticeViewBase {
  noticeId: number;
  systems: NoticeSystemView[];
  leads: string[];
}

export interface IncidentNoticeView extends NoticeViewBase {
  kind: "incident";
  incidentKey: string;
  title: string;
  vendorName: string;
  type: IncidentType;
  severity: Severity;
  status: IncidentStatus;
  /** Model names; empty when the incident names the vendor only. */
  models: string[];
  startedAt: string;
  sourceUrl: string | null;
  cardUrl: string | null;
}

export interface RetirementNoticeView extends NoticeViewBase {
  kind: "retirement";
  modelName: string;
  modelId: string | null;
  retiresOn: string | null;
  thresholdDays: number | null;
}

export type NoticeView = IncidentNoticeView | RetirementNoticeView;

export interface FailedDeliveryView {
  targetKind: TargetKind;
  target: string;
  attempts: number;
  lastError: string | null;
}

/** What one delivery says. */
export type DeliveryContent =
  | { purpose: "notice"; view: NoticeView }
  | { purpose: "reminder"; view: NoticeView }
  | {
      purpose: "status_update";
      view: NoticeView;
      status: string | null;
      /** The posted notice this update edits and replies to. */
      parent: { channel: string; ts: string };
    }
  | { purpose: "failure_report"; failures: FailedDeliveryView[] };
