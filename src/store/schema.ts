/**
 * The database's tables as Kysely sees them: one typed description for SQLite and PostgreSQL.
 * Times are ISO-8601 UTC strings (`2026-11-22T05:03:00.000Z`) in both engines, so they sort as text
 * and compare the same way everywhere; JSON documents are text for the same reason.
 */
import type { Generated } from "kysely";

export interface CasesTable {
  id: string;
  /** The whole case as JSON: a field added to `Case` needs no migration unless it is filtered on. */
  doc: string;
  version: number;
  state: string;
  intent: string;
  situation: string | null;
  department: string;
  handle: string | null;
  created_at: string;
  /** The mention's own time (triage files), when known. */
  posted_at: string | null;
  /** coalesce(posted_at, created_at): what surges and the report count on, indexed. */
  occurred_at: string;
  updated_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
  escalation_department: string | null;
  escalated_at: string | null;
  decided_at: string | null;
  /** The intent the classifier chose (`classification.intent`), for per-intent precision. */
  classified_intent: string | null;
  /** Lower-cased handle and text, for search (pg_trgm on PostgreSQL; FTS5 trigram on SQLite). */
  search_text: string;
  /** PostgreSQL only: searchBigrams(search_text), GIN-indexed, for two-character searches. */
  search_bigrams?: string[];
  /** Bumped on every write, from a global counter: the `changes(sinceSeq)` feed. */
  seq: number;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  at: string;
  type: string;
  actor_id: string;
  doc: string;
}

export interface DedupeKeysTable {
  key: string;
  value: string;
  expires_at: string;
}

export interface KvTable {
  name: string;
  doc: string;
  version: number;
  updated_at: string;
}

/**
 * Where each case is in Slack (migration 0003 moved these out of the case documents): its card, and
 * the thread its escalation was posted in. Slack-only facts, so `Case` and the console never see them.
 */
export interface SlackCardsTable {
  case_id: string;
  card_channel: string | null;
  card_ts: string | null;
  thread_channel: string | null;
  thread_ts: string | null;
  updated_at: string;
}

/** One live status line per intent (migration 0004 moved them out of the kv row `status`). */
export interface StatusLinesTable {
  intent: string;
  doc: string;
  set_at: string;
  version: number;
  updated_at: string;
}

/** One row per surge, active (ended_at null, unique per intent) or ended (kept for reports). */
export interface SurgesTable {
  id: string;
  intent: string;
  started_at: string;
  ended_at: string | null;
  doc: string;
  version: number;
  updated_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  key: string;
  payload: string;
  created_at: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  done_at: string | null;
  last_error: string | null;
}

export interface LeasesTable {
  name: string;
  owner: string;
  until: string;
}

export interface ReportRunsTable {
  date: string;
  posted_at: string;
  owner: string;
}

export interface CounterTable {
  name: string;
  value: number;
}

/** SQLite only: the FTS5 trigram index over cases.search_text. */
export interface CasesFtsTable {
  id: string;
  body: string;
}

/** SQLite only: every case's two-letter pieces (searchBigrams), as words for FTS5's unicode61. */
export interface CasesBigramsTable {
  id: string;
  body: string;
}

export interface Database {
  cases: CasesTable;
  case_events: CaseEventsTable;
  dedupe_keys: DedupeKeysTable;
  kv: KvTable;
  slack_cards: SlackCardsTable;
  status_lines: StatusLinesTable;
  surges: SurgesTable;
  outbox: OutboxTable;
  leases: LeasesTable;
  report_runs: ReportRunsTable;
  counters: CounterTable;
  cases_fts: CasesFtsTable;
  cases_bigrams: CasesBigramsTable;
}

export type Dialect = "sqlite" | "postgres";
