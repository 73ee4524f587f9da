import type { Generated } from "kysely";

/**
 * The one typed view of the schema in migrations/. Lists are stored as JSON
 * text so the same schema works on SQLite and Postgres.
 */
export interface Database {
  registry_state: RegistryStateTable;
  data_classes: DataClassTable;
  use_cases: UseCaseTable;
  vendors: VendorTable;
  models: ModelTable;
  systems: SystemTable;
  system_models: SystemModelTable;
  audit_log: AuditLogTable;
  slack_events: SlackEventTable;
  qa_log: QaLogTable;
  incidents: IncidentTable;
  incident_models: IncidentModelTable;
  incident_events: IncidentEventTable;
  channel_settings: ChannelSettingsTable;
  incident_suggestions: IncidentSuggestionTable;
  notices: NoticeTable;
  notice_deliveries: NoticeDeliveryTable;
  notice_acks: NoticeAckTable;
  feed_state: FeedStateTable;
  feed_incidents: FeedIncidentTable;
  feed_retirements: FeedRetirementTable;
  policy_sections: PolicySectionTable;
  write_probe: WriteProbeTable;
  state_versions: StateVersionTable;
}

export interface RegistryStateTable {
  id: number;
  revision: number;
  leads: string;
  notice_channel: string | null;
  imported_at: string | null;
  imported_by: string | null;
  /** SHA-256 of the file content of the last import, when it came from a file; null otherwise. */
  file_hash: string | null;
}

export interface DataClassTable {
  id: string;
  position: number;
  name: string | null;
  aliases: string;
}

export interface UseCaseTable {
  id: string;
  position: number;
  name: string | null;
  aliases: string;
}

export interface VendorTable {
  id: string;
  position: number;
  name: string;
  status_page: string | null;
  owner: string | null;
  models_url: string | null;
  models_api_key_env: string | null;
  litellm_url: string | null;
  litellm_provider: string | null;
}

export interface ModelTable {
  id: string;
  position: number;
  name: string;
  vendor_id: string;
  aliases: string;
  status: string;
  max_data_class: string;
  use_cases: string | null;
  conditions: string | null;
  hosting: string;
  open_weights: number;
  retires_on: string | null;
  alternatives: string;
  policy_url: string | null;
  reviewed_on: string | null;
}

export interface SystemTable {
  id: string;
  position: number;
  name: string;
  owner: string | null;
  channel: string | null;
  data_class: string;
}

export interface SystemModelTable {
  system_id: string;
  model_id: string;
  position: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: "added" | "changed" | "removed";
  entity_type: string;
  entity_id: string;
  before: string | null;
  after: string | null;
}

export interface SlackEventTable {
  event_key: string;
  received_at: string;
}

export interface QaLogTable {
  id: Generated<number>;
  asked_at: string;
  user_id: string | null;
  channel_id: string | null;
  surface: string;
  question: string;
  intent: string;
  verdict: string | null;
  answer: string;
  path: string;
  latency_ms: number;
  feedback: string | null;
  feedback_by: string | null;
  feedback_at: string | null;
}

export interface IncidentTable {
  id: Generated<number>;
  /** null when the vendor is not in the registry ("other"). */
  vendor_id: string | null;
  vendor_name: string;
  type: string;
  severity: string;
  status: string;
  title: string;
  description: string | null;
  impact: string | null;
  started_at: string;
  reporter: string;
  source: string;
  source_channel: string | null;
  source_ts: string | null;
  source_url: string | null;
  card_channel: string | null;
  card_ts: string | null;
  card_url: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export interface IncidentModelTable {
  incident_id: number;
  model_id: string;
  position: number;
}

/** Append-only: the repository never updates or deletes a row. */
export interface IncidentEventTable {
  id: Generated<number>;
  incident_id: number;
  at: string;
  actor: string;
  kind: string;
  old_value: string | null;
  new_value: string | null;
  note: string | null;
}

export interface ChannelSettingsTable {
  channel_id: string;
  suggest_incidents: number;
  updated_by: string;
  updated_at: string;
}

export interface IncidentSuggestionTable {
  channel_id: string;
  thread_ts: string;
  suggested_at: string;
}

/** A decision to notify, made once per dedupe key (an incident, or a model's retirement threshold). */
export interface NoticeTable {
  id: Generated<number>;
  dedupe_key: string;
  kind: string;
  incident_id: number | null;
  model_id: string | null;
  threshold_days: number | null;
  decided_at: string;
  decided_by: string;
}

/** The outbox: one row per message to send, written with its notice. */
export interface NoticeDeliveryTable {
  id: Generated<number>;
  notice_id: number;
  dedupe_key: string;
  purpose: string;
  parent_id: number | null;
  target_kind: string;
  target: string;
  system_ids: string;
  detail: string | null;
  state: string;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  lease_owner: string | null;
  last_error: string | null;
  channel: string | null;
  ts: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NoticeAckTable {
  notice_id: number;
  system_id: string;
  user_id: string;
  at: string;
}

/** What the poller remembers of each feed URL, so a restart neither misses nor repeats. */
export interface FeedStateTable {
  url: string;
  vendor_id: string;
  kind: string;
  etag: string | null;
  last_modified: string | null;
  initialized: number;
  /** When the first successful poll recorded the page as it was. */
  watching_since: string | null;
  last_polled_at: string | null;
  last_success_at: string | null;
  consecutive_failures: number;
  next_poll_at: string | null;
  last_error: string | null;
}

/** Every status-page incident seen, matched or not, by its stable id. */
export interface FeedIncidentTable {
  feed_url: string;
  external_id: string;
  incident_id: number | null;
  status: string;
  impact: string | null;
  name: string;
  seen_updates: string;
  first_seen_at: string;
  last_seen_at: string | null;
}

export interface FeedRetirementTable {
  source_url: string;
  model_id: string;
  retires_on: string;
  incident_id: number | null;
  seen_at: string;
}

/**
 * One heading's worth of a policy document; full-text indexed in `policy_fts`
 * (SQLite FTS5) or, on PostgreSQL, in its generated `search` tsvector column.
 */
export interface PolicySectionTable {
  id: Generated<number>;
  source_path: string;
  source_url: string | null;
  heading: string;
  body: string;
  position: number;
  imported_at: string;
}

/** PostgreSQL only: counters bumped by triggers on each committed change (see findDataVersion). */
export interface StateVersionTable {
  name: string;
  version: number;
}

/** A single row, rewritten by the readiness probe to find out whether writes still succeed. */
export interface WriteProbeTable {
  id: number;
  probed_at: string;
}
