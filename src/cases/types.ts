import type { Classification, Language, Mention } from "../core/types.js";

export type CaseState = "pending" | "approved" | "dismissed";

/** Who did something: a Slack user, a console user, or the command line. */
export interface Actor {
  id: string;
  name?: string;
  via: "slack" | "console" | "cli" | "system";
}

/** Where a case came from, so a front end can find its card again. */
export interface CaseSource {
  kind: "slack-command" | "slack-shortcut" | "slack-mention" | "slack-channel" | "console" | "cli";
  channel?: string;
  /** The Slack message the mention was taken from, when there was one. */
  messageTs?: string;
  user?: string;
}

export type AuditType =
  | "created"
  | "approved"
  | "edited"
  | "reclassified"
  | "escalated"
  | "escalation-reply"
  | "dismissed"
  | "card-posted";

export interface AuditEvent {
  at: string;
  actor: Actor;
  type: AuditType;
  before?: unknown;
  after?: unknown;
}

export interface CaseDraft {
  text: string;
  length: number;
  language: Language;
  variant: string;
  /** True once a person changed the text; reclassification then does not overwrite silently. */
  edited: boolean;
}

export interface EscalationReply {
  user: string;
  text: string;
  at: string;
}

export interface Escalation {
  department: string;
  at: string;
  by: Actor;
  /** Where the escalation was posted in Slack (the department thread), when it was. */
  channel?: string;
  threadTs?: string;
  replies: EscalationReply[];
  resolvedAt?: string;
}

export interface Decision {
  by: Actor;
  at: string;
}

export interface Case {
  id: string;
  createdAt: string;
  source: CaseSource;
  mention: Mention;
  /** What the classifier said at intake; kept even after a reclassification, for learning. */
  classification: Classification;
  /** The intent the case has now (after any reclassification). */
  intent: string;
  department: string;
  draft: CaseDraft | null;
  state: CaseState;
  approved?: Decision & { text: string };
  dismissed?: Decision & { reason: DismissReason; note?: string };
  escalation?: Escalation;
  /** Where the case card lives in Slack, so it can be updated in place. */
  card?: { channel: string; ts: string };
  events: AuditEvent[];
}

/** When the mention was posted, or else when it reached us: the time surges and the report count. */
export function mentionTime(c: Pick<Case, "createdAt" | "mention">): string {
  return c.mention.postedAt ?? c.createdAt;
}

export const DISMISS_REASONS = ["spam", "duplicate", "handled-elsewhere", "no-reply-needed"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/**
 * The result of every command on a case. `conflict` means the case was already decided
 * (a double click, a second approver, or a retried request): nothing changed.
 */
export type CaseResult =
  | { ok: true; case: Case; changed: boolean }
  | { ok: false; code: "not-found"; message: string }
  | { ok: false; code: "forbidden"; message: string }
  | { ok: false; code: "conflict"; message: string; case: Case }
  | { ok: false; code: "invalid"; message: string; problems: string[]; case?: Case };
