import type {
  Classification,
  DraftAlternative,
  Language,
  Mention,
  SituationEvidence,
  Specifics,
} from "../core/types.js";

export type CaseState = "pending" | "approved" | "dismissed";

/** Who did something: a Slack user, a console user, or the command line. */
export interface Actor {
  id: string;
  name?: string;
  via: "slack" | "console" | "cli" | "system";
}

/** Where a case came from (the request or message it was made from). */
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
  | "alternative-picked"
  | "escalated"
  | "escalation-reply"
  | "dismissed"
  /** Only on cases from before the Slack card location moved out of the case (kept as history). */
  | "card-posted"
  | "claimed"
  | "released"
  | "reopened"
  | "redrafted";

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
  /** The situation the draft answers, and what in the mention made it win (absent on older cases). */
  situation?: string;
  situationTitle?: { ko: string; en: string };
  situationEvidence?: SituationEvidence;
  /** Drafts from other close situations; picking one is the `pickAlternative` command. */
  alternatives?: DraftAlternative[];
  /** The customer's specifics found in the mention (place, device, wait, …). */
  specifics?: Specifics;
}

export interface EscalationReply {
  user: string;
  /** The author's display name when Slack told us (the console shows it instead of the id). */
  name?: string;
  text: string;
  at: string;
}

export interface Escalation {
  department: string;
  at: string;
  by: Actor;
  replies: EscalationReply[];
  resolvedAt?: string;
}

export interface Decision {
  by: Actor;
  at: string;
}

export interface Case {
  id: string;
  /**
   * Bumped on every stored change. A change is written only if the stored version is still the one
   * it was computed from, so concurrent writers (two replicas, two tabs) cannot both win.
   */
  version: number;
  /** The version at which the draft text last changed: an approval that saw an older one is refused. */
  draftVersion?: number;
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
  /**
   * Who is working on the case and since when ("Kim is on it since 14:03"): set by an explicit Claim
   * or by opening the editor, renewed by the claimer's edits, cleared by a decision or Release, and
   * lapsed after the pack's `claim_idle_minutes` (see `activeClaim`).
   */
  claim?: { by: Actor; at: string };
  // Where the case's Slack card and escalation thread are is not a fact about the case: the Slack
  // side keeps it in the store's slack_cards table (store.slackCards), keyed by case id.
  events: AuditEvent[];
}

/** The case's claim if it has not lapsed at `now` (a claim not renewed for `idleMinutes` lapses). */
export function activeClaim(
  c: Pick<Case, "claim" | "state">,
  now: Date,
  idleMinutes: number,
): Case["claim"] | undefined {
  if (!c.claim || c.state !== "pending") return undefined;
  return now.getTime() - Date.parse(c.claim.at) < idleMinutes * 60_000 ? c.claim : undefined;
}

/**
 * The template text a reclassification set aside to keep an edited draft, while that edited draft is
 * still the one on the case (the last draft change was that reclassification).
 */
export function keptTemplate(c: Case): string | undefined {
  const last = [...c.events]
    .reverse()
    .find((e) => e.type === "reclassified" || e.type === "edited" || e.type === "redrafted");
  const after =
    last?.type === "reclassified" ? (last.after as { keptEdited?: boolean; template?: unknown }) : undefined;
  return after?.keptEdited && typeof after.template === "string" ? after.template : undefined;
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
  | { ok: false; code: "conflict"; message: string; case: Case; reason?: "decided" | "draft-changed" }
  | { ok: false; code: "invalid"; message: string; problems: string[]; case?: Case };
