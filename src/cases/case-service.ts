/**
 * The case service: every change to a case goes through here, from Slack and from the console alike.
 * It checks who may act, applies the state machine, appends the audit event, stores the case, and
 * then tells listeners. Concurrency lives in the database: every change is written only if the case
 * still has the version it was computed from; a writer that lost the race reads the case again and
 * decides again, so two approvers clicking at once (on one replica or two) get one approval and one
 * conflict.
 */

import type { Engine } from "../core/engine.js";
import type {
  ActiveNotice,
  Classification,
  DraftAlternative,
  DraftContext,
  Language,
  LiveStatus,
  Mention,
} from "../core/types.js";
import type {
  CaseChange,
  CaseFilter,
  CasePage,
  CaseQuery,
  CaseStore,
  PageQuery,
} from "../store/case-store.js";
import { newCaseId } from "../store/case-store.js";
import { DedupeLog } from "../store/dedupe.js";
import { StoreError } from "../store/errors.js";
import type { Store } from "../store/index.js";
import type { OutboxInput } from "../store/outbox.js";
import { caseMessages } from "./messages.js";
import { type Command, check, DECIDER_COMMANDS, formatWhen, nextState } from "./state-machine.js";
import { StatusLines, type StatusSource } from "./status-lines.js";
import {
  type Actor,
  type AuditEvent,
  type AuditType,
  activeClaim,
  type Case,
  type CaseDraft,
  type CaseResult,
  type CaseSource,
  DISMISS_REASONS,
  type DismissReason,
  type EscalationReply,
} from "./types.js";

/** The actor for changes the app makes by itself. */
export const SYSTEM_ACTOR: Actor = { id: "sincerely", name: "Sincerely", via: "system" };

export interface CaseServiceOptions {
  store: CaseStore;
  statuses: StatusSource;
  /** Remembers intake dedupe keys (Slack event ids, `command:<trigger_id>`) → case id for a day. */
  dedupe: DedupeLog;
  /** The current engine; called on every command, so a reloaded pack takes effect at once. */
  engine: () => Engine;
  clock: () => Date;
  /** IANA zone for times shown to people (`Asia/Seoul`). */
  timezone: string;
  mayDecide: (actor: Actor) => boolean;
  /** The approved official notice for an intent during a surge, if any. */
  notices?: (intent: string) => ActiveNotice | undefined;
  /** Where errors thrown by onChange listeners go; they never fail the command. */
  onListenerError?: (err: unknown) => void;
}

export interface IntakeInput {
  raw: string;
  source: CaseSource;
  actor: Actor;
  dedupeKey?: string;
  /** When the customer posted the mention (ISO), if the intake knows (a triage file). */
  postedAt?: string;
  /** Work to do once the case is committed (post its card), written in the same transaction. */
  after?: (c: Case) => OutboxInput[];
}

/** What a command that acts on the draft may carry: the case version the person saw. */
export interface SeenVersion {
  expectedVersion?: number;
}

export type ChangeListener = (c: Case, event: AuditEvent) => void | Promise<void>;

/** Thrown by `intake` when there is nothing to make a case from. */
export class IntakeError extends Error {
  override readonly name = "IntakeError";
}

type Outcome =
  | { kind: "unchanged" }
  /** `quiet`: stored and announced, but not worth an audit line (a claimer renewing the claim). */
  | { kind: "changed"; next: Case; type: AuditType; before?: unknown; after?: unknown; quiet?: boolean }
  | { kind: "conflict"; message: string }
  | { kind: "invalid"; message: string; problems: string[] };

const UNCHANGED: Outcome = { kind: "unchanged" };
/** Lost races before a command gives up with `busy`; each retry re-reads the case. */
const MAX_ATTEMPTS = 20;

export class CaseService {
  readonly #o: CaseServiceOptions;
  readonly #listeners = new Set<ChangeListener>();

  constructor(options: CaseServiceOptions) {
    this.#o = options;
  }

  /** Builds a service on an open store, with status lines in the kv document `status`. */
  static fromStore(
    store: Store,
    options: Omit<CaseServiceOptions, "store" | "statuses" | "dedupe">,
  ): { service: CaseService; statuses: StatusLines; dedupe: DedupeLog } {
    const statuses = new StatusLines(store.statusLines, options.clock);
    const dedupe = new DedupeLog(store.db, { clock: options.clock });
    return {
      service: new CaseService({ ...options, store: store.cases, statuses, dedupe }),
      statuses,
      dedupe,
    };
  }

  /** Listens to every stored change (after it is on disk). Returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Makes a case from pasted text: parse, classify, draft, store. With a `dedupeKey` seen in the
   * last day, returns the case made then instead of a second one.
   */
  async intake(input: IntakeInput): Promise<{ case: Case; created: boolean }> {
    const { dedupeKey } = input;
    if (dedupeKey !== undefined) {
      // A retry usually arrives after the first request committed: skip classifying it again.
      const existing = await this.#existing(dedupeKey);
      if (existing) return { case: existing, created: false };
    }
    return this.#create(input);
  }

  /**
   * `intake` for many mentions at once, committed together in ONE transaction (for a bulk intake
   * such as `sincerely triage`, which acknowledges nobody before the end): each case is made and
   * stored exactly as `intake` would (case, `created` audit event, dedupe key, outbox), but the
   * batch shares one commit instead of one per mention. All or nothing: when the store fails, none
   * of the batch is stored and the error is thrown. Results keep the order of `inputs`; a mention
   * with nothing to make a case from gives its `IntakeError` in its place. A dedupe key seen before
   * (or earlier in the same batch) gives the case stored with it, `created: false`.
   */
  async intakeMany(
    inputs: IntakeInput[],
  ): Promise<Array<{ case: Case; created: boolean } | { error: IntakeError }>> {
    const keys = [...new Set(inputs.flatMap((i) => (i.dedupeKey !== undefined ? [i.dedupeKey] : [])))];
    const held = keys.length ? await this.#o.dedupe.getMany(keys) : new Map<string, string>();
    const before = held.size ? await this.#o.store.getMany([...new Set(held.values())]) : new Map();
    type Slot =
      | { kind: "done"; value: { case: Case; created: boolean } | { error: IntakeError } }
      | { kind: "new"; base: Omit<Case, "id">; event: AuditEvent; now: Date; input: IntakeInput };
    const slots: Slot[] = [];
    const statuses = new Map<string, Promise<LiveStatus | undefined>>();
    for (const input of inputs) {
      const heldId = input.dedupeKey !== undefined ? held.get(input.dedupeKey) : undefined;
      const existing = heldId !== undefined ? before.get(heldId) : undefined;
      if (existing) {
        // A retry (a re-run of the same file): skip classifying it again, as `intake` does.
        slots.push({ kind: "done", value: { case: existing, created: false } });
        continue;
      }
      try {
        slots.push({ kind: "new", ...(await this.#prepare(input, statuses)), input });
      } catch (err) {
        if (!(err instanceof IntakeError)) throw err;
        slots.push({ kind: "done", value: { error: err } });
      }
    }
    const fresh = slots.flatMap((s, i) => (s.kind === "new" ? [{ slot: s, index: i }] : []));
    const results: Array<{ case: Case; created: boolean } | { error: IntakeError }> = slots.map((s) =>
      s.kind === "done" ? s.value : { error: new IntakeError("not stored") },
    );
    if (!fresh.length) return results;
    // The id's random suffix can collide within one second; the batch was rolled back: new ids.
    for (let attempt = 0; ; attempt++) {
      const made = fresh.map(({ slot }) => ({ id: newCaseId(slot.now), ...slot.base }) as Case);
      let stored: Awaited<ReturnType<CaseStore["insertBatch"]>>;
      try {
        if (new Set(made.map((c) => c.id)).size !== made.length)
          throw new StoreError("duplicate-id", "two cases of the batch drew the same id");
        stored = await this.#o.store.insertBatch(
          fresh.map(({ slot }, i) => {
            const c = made[i] as Case;
            return {
              case: c,
              options: {
                ...(slot.input.dedupeKey !== undefined
                  ? { dedupeKey: slot.input.dedupeKey, dedupeTtlMs: this.#o.dedupe.ttlMs, now: slot.now }
                  : { now: slot.now }),
                ...(slot.input.after ? { outbox: slot.input.after(c) } : {}),
              },
            };
          }),
        );
      } catch (err) {
        if (err instanceof StoreError && err.code === "duplicate-id" && attempt < 5) continue;
        throw err;
      }
      const byId = new Map(made.map((c) => [c.id, c]));
      const missing: string[] = [];
      for (const r of stored) {
        if (!r.inserted && !byId.has(r.existingId)) missing.push(r.existingId);
      }
      // Keys another writer committed between our look-up and our batch (rare): read their cases.
      const others = missing.length ? await this.#o.store.getMany(missing) : new Map<string, Case>();
      stored.forEach((r, i) => {
        const { slot, index } = fresh[i] as (typeof fresh)[number];
        const c = made[i] as Case;
        if (r.inserted) {
          results[index] = { case: c, created: true };
          return;
        }
        const existing = byId.get(r.existingId) ?? others.get(r.existingId);
        if (!existing)
          throw new Error(`dedupe key ${slot.input.dedupeKey} names case ${r.existingId}, which is missing`);
        results[index] = { case: existing, created: false };
      });
      stored.forEach((r, i) => {
        if (r.inserted) this.#emit(made[i] as Case, (fresh[i] as (typeof fresh)[number]).slot.event);
      });
      return results;
    }
  }

  async #existing(dedupeKey: string): Promise<Case | undefined> {
    const existingId = await this.#o.dedupe.get(dedupeKey);
    return existingId ? await this.#o.store.get(existingId) : undefined;
  }

  /**
   * Whether `actor` may run `command` on the case now (permission, existence, state), changing
   * nothing: a front end asks before it opens an editor, so a refusal comes before the form.
   */
  preview(
    id: string,
    actor: Actor,
    command: "edit" | "reclassify" | "escalate" | "dismiss",
  ): Promise<CaseResult> {
    return this.#command(id, actor, command, {}, () => UNCHANGED);
  }

  /**
   * Approves the draft (or `text`). With `expectedVersion` (the version the approver saw), refuses
   * with `conflict` "the draft changed: …" when the draft was changed since.
   */
  approve(
    id: string,
    actor: Actor,
    options: { text?: string; language?: Language } & SeenVersion = {},
  ): Promise<CaseResult> {
    return this.#command(id, actor, "approve", options, (c, engine, now) => {
      let text = c.draft?.text;
      if (options.text !== undefined) {
        text = options.text.trim();
        if (!text) return invalid(caseMessages.emptyText);
        // Text typed at approval bypasses `edit`, so it gets the same check.
        if (text !== c.draft?.text) {
          const language = options.language ?? c.draft?.language ?? c.classification.language;
          const problems = draftProblems(engine, text, engine.checkDraft(text, language));
          if (problems.length) return invalid(caseMessages.draftProblems(problems), problems);
        }
      }
      if (!text) return invalid(caseMessages.writeReplyFirst);
      const next: Case = {
        ...c,
        state: nextState(c.state, "approve"),
        approved: { by: actor, at: now.toISOString(), text },
      };
      delete next.claim; // a decision releases the case
      return {
        kind: "changed",
        next,
        type: "approved",
        before: { state: c.state, text: c.draft?.text ?? null },
        after: { state: next.state, text },
      };
    });
  }

  /**
   * Replaces the draft text; with `expectedVersion`, refused when someone else changed the draft since.
   * `language`: the language to explain a refusal in (the console's UI language; else the draft's).
   */
  edit(
    id: string,
    actor: Actor,
    text: string,
    options: { language?: Language } & SeenVersion = {},
  ): Promise<CaseResult> {
    return this.#command(id, actor, "edit", options, (c, engine, now) => {
      const t = text.trim();
      if (!t) return invalid(caseMessages.emptyText);
      if (t === c.draft?.text) return UNCHANGED;
      const result = engine.checkDraft(t, options.language ?? c.draft?.language ?? c.classification.language);
      const problems = draftProblems(engine, t, result);
      if (problems.length) return invalid(caseMessages.draftProblems(problems), problems);
      const draft: CaseDraft = {
        text: t,
        length: result.length,
        language: c.draft?.language ?? c.classification.language,
        variant: c.draft?.variant ?? "manual",
        edited: true,
      };
      return {
        kind: "changed",
        // Whoever edits is working on it now (and renews the claim).
        next: { ...c, draft, claim: { by: actor, at: now.toISOString() } },
        type: "edited",
        before: { text: c.draft?.text ?? null },
        after: { text: t },
      };
    });
  }

  /**
   * A new intent, department and template draft. A draft a person edited is kept (their words are
   * not thrown away) unless `useTemplate` is set; the new template is then one `redraft` away, and
   * its text is in the audit event so nobody has to guess what it would have said.
   */
  reclassify(
    id: string,
    actor: Actor,
    intent: string,
    options: { useTemplate?: boolean } = {},
  ): Promise<CaseResult> {
    return this.#command(id, actor, "reclassify", {}, async (c, engine, now) => {
      const known = engine.intentIds();
      if (!known.includes(intent)) {
        const message = caseMessages.unknownIntent(intent, known);
        return invalid(message);
      }
      if (intent === c.intent) return UNCHANGED;
      const department = engine.department(intent).id;
      const language = c.draft?.language ?? c.classification.language;
      const template = await this.#draft(engine, intent, c.mention, language, now);
      const keepEdited = Boolean(c.draft?.edited) && !options.useTemplate;
      const draft = keepEdited ? c.draft : template;
      // The before/after pair (with what the classifier said) is the learning signal for `suggest`.
      return {
        kind: "changed",
        next: { ...c, intent, department, draft },
        type: "reclassified",
        before: {
          intent: c.intent,
          department: c.department,
          draft: c.draft?.text ?? null,
          edited: c.draft?.edited ?? false,
          classified: c.classification.intent,
          confidence: c.classification.confidence,
        },
        after: {
          intent,
          department,
          draft: draft?.text ?? null,
          ...(keepEdited ? { keptEdited: true, template: template?.text ?? null } : {}),
        },
      };
    });
  }

  /** Replaces the draft with a fresh one from the current intent's template (after a reclassify kept an edit). */
  redraft(id: string, actor: Actor): Promise<CaseResult> {
    return this.#command(id, actor, "redraft", {}, async (c, engine, now) => {
      const language = c.draft?.language ?? c.classification.language;
      const draft = await this.#draft(engine, c.intent, c.mention, language, now);
      if (!draft) return invalid(caseMessages.writeReplyFirst);
      if (draft.text === c.draft?.text && !c.draft.edited) return UNCHANGED;
      return {
        kind: "changed",
        next: { ...c, draft },
        type: "redrafted",
        before: { text: c.draft?.text ?? null, edited: c.draft?.edited ?? false },
        after: { text: draft.text, variant: draft.variant },
      };
    });
  }

  /**
   * "I am on it": records who works on the case and since when, so others see it. A live claim by
   * someone else is a conflict naming them, unless `takeOver` (an explicit Claim on a claimed card).
   * The claimer claiming again renews the claim quietly.
   */
  claim(id: string, actor: Actor, options: { takeOver?: boolean } = {}): Promise<CaseResult> {
    return this.#command(id, actor, "claim", {}, (c, engine, now) => {
      const current = activeClaim(c, now, engine.pack.settings.claim_idle_minutes);
      const at = now.toISOString();
      if (current && current.by.id === actor.id && current.by.via === actor.via) {
        return { kind: "changed", next: { ...c, claim: { by: actor, at } }, type: "claimed", quiet: true };
      }
      if (current && !options.takeOver) {
        return {
          kind: "conflict",
          message: caseMessages.claimedBy(current.by.name ?? current.by.id, this.#clock(current.at)),
        };
      }
      return {
        kind: "changed",
        next: { ...c, claim: { by: actor, at } },
        type: "claimed",
        ...(current ? { before: { by: current.by } } : {}),
        after: { by: actor },
      };
    });
  }

  /** Gives the case back to the queue. */
  release(id: string, actor: Actor): Promise<CaseResult> {
    return this.#command(id, actor, "release", {}, (c, engine, now) => {
      const current = activeClaim(c, now, engine.pack.settings.claim_idle_minutes);
      if (!c.claim) return UNCHANGED;
      const next = { ...c };
      delete next.claim;
      if (!current) return { kind: "changed", next, type: "released", quiet: true };
      return { kind: "changed", next, type: "released", before: { by: current.by } };
    });
  }

  /** Undoes a dismissal: the case is pending again, with the dismissal kept in the audit trail. */
  reopen(id: string, actor: Actor): Promise<CaseResult> {
    return this.#command(id, actor, "reopen", {}, (c) => {
      const next: Case = { ...c, state: nextState(c.state, "reopen") };
      const was = c.dismissed;
      delete next.dismissed;
      return {
        kind: "changed",
        next,
        type: "reopened",
        before: { state: c.state, ...(was ? { reason: was.reason, by: was.by, at: was.at } : {}) },
        after: { state: next.state },
      };
    });
  }

  /**
   * Replaces the draft with one of the alternatives the card offered (another close situation).
   * Recorded like a reclassification, with both situations and the mention's classification, so
   * `sincerely suggest` can learn `when:` cues from the picks. The replaced draft becomes an
   * alternative in turn, so a mistaken pick can be undone the same way.
   */
  pickAlternative(id: string, actor: Actor, situation: string): Promise<CaseResult> {
    return this.#command(id, actor, "pick-alternative", {}, (c) => {
      const draft = c.draft;
      const alternatives = draft?.alternatives ?? [];
      const picked = alternatives.find((a) => a.situation === situation);
      if (!draft || !picked)
        return invalid(
          caseMessages.unknownAlternative(
            situation,
            alternatives.map((a) => a.situation),
          ),
        );
      const previous: DraftAlternative = {
        situation: draft.situation ?? "general",
        text: draft.text,
        length: draft.length,
        variant: draft.variant,
        score: draft.situationEvidence?.score ?? 0,
        ...(draft.situationTitle ? { title: draft.situationTitle } : {}),
      };
      const next: CaseDraft = {
        text: picked.text,
        length: picked.length,
        language: draft.language,
        variant: picked.variant,
        edited: false,
        situation: picked.situation,
        ...(picked.title ? { situationTitle: picked.title } : {}),
        alternatives: [previous, ...alternatives.filter((a) => a !== picked)],
        ...(draft.specifics ? { specifics: draft.specifics } : {}),
      };
      return {
        kind: "changed",
        next: { ...c, draft: next },
        type: "alternative-picked",
        before: {
          intent: c.intent,
          situation: previous.situation,
          text: draft.text,
          edited: draft.edited,
          mention: c.mention.text,
        },
        after: { intent: c.intent, situation: picked.situation, text: picked.text },
      };
    });
  }

  escalate(id: string, actor: Actor): Promise<CaseResult> {
    return this.#command(id, actor, "escalate", {}, (c, _engine, now) => {
      if (c.escalation) return UNCHANGED;
      return {
        kind: "changed",
        next: {
          ...c,
          escalation: { department: c.department, at: now.toISOString(), by: actor, replies: [] },
        },
        type: "escalated",
        after: { department: c.department },
      };
    });
  }

  /** A department's answer in the escalation thread. Allowed in any state: it is information. */
  addEscalationReply(id: string, reply: EscalationReply): Promise<CaseResult> {
    const actor: Actor = { id: reply.user, via: "slack" };
    return this.#command(id, actor, "escalation-reply", {}, (c) => {
      const escalation = c.escalation;
      if (!escalation) return invalid(caseMessages.notEscalated(c.id));
      // Slack redelivers events; the same reply twice is one reply.
      const seen = escalation.replies.some(
        (r) => r.user === reply.user && r.at === reply.at && r.text === reply.text,
      );
      if (seen) return UNCHANGED;
      return {
        kind: "changed",
        next: { ...c, escalation: { ...escalation, replies: [...escalation.replies, { ...reply }] } },
        type: "escalation-reply",
        after: reply,
      };
    });
  }

  dismiss(id: string, actor: Actor, reason: DismissReason, note?: string): Promise<CaseResult> {
    return this.#command(id, actor, "dismiss", {}, (c, _engine, now) => {
      if (!(DISMISS_REASONS as readonly string[]).includes(reason)) {
        return invalid(caseMessages.unknownReason(reason, DISMISS_REASONS));
      }
      const trimmed = note?.trim();
      const dismissed: NonNullable<Case["dismissed"]> = { by: actor, at: now.toISOString(), reason };
      if (trimmed) dismissed.note = trimmed;
      const next: Case = { ...c, state: nextState(c.state, "dismiss"), dismissed };
      delete next.claim;
      return {
        kind: "changed",
        next,
        type: "dismissed",
        before: { state: c.state },
        after: { state: "dismissed", reason, ...(trimmed ? { note: trimmed } : {}) },
      };
    });
  }

  get(id: string): Promise<Case | undefined> {
    return this.#o.store.get(id);
  }

  list(filter: CaseFilter = {}): Promise<Case[]> {
    return this.#o.store.list(filter);
  }

  /** One page of cases (the console queue, history, search), with the total. */
  page(query: PageQuery): Promise<CasePage> {
    return this.#o.store.page(query);
  }

  /** How many cases match (pending count, overdue count). */
  count(query: CaseQuery = {}): Promise<number> {
    return this.#o.store.count(query);
  }

  /** Decided cases, most recently decided first, a page at a time (the console's history). */
  decided(options: { state?: "approved" | "dismissed"; offset: number; limit: number }) {
    return this.#o.store.decided(options);
  }

  /** The customer's other cases, newest first. */
  byHandle(handle: string, options: { since?: Date | string; excludeId?: string; limit?: number } = {}) {
    return this.#o.store.byHandle(handle, options);
  }

  /** Cases changed after `sinceSeq` (any replica), for live views. */
  changes(sinceSeq: number, limit?: number): Promise<CaseChange[]> {
    return this.#o.store.changes(sinceSeq, limit);
  }

  /** Parse, classify and draft: the case `intake` would store, before it has an id. */
  /** `statuses`: a batch's memo of status lines by intent, so a batch reads each one once. */
  async #prepare(
    input: IntakeInput,
    statuses?: Map<string, Promise<LiveStatus | undefined>>,
  ): Promise<{ base: Omit<Case, "id">; event: AuditEvent; now: Date }> {
    const engine = this.#o.engine();
    const mention: Mention = engine.parseMention(input.raw);
    if (input.postedAt) mention.postedAt = input.postedAt;
    if (!mention.text.trim()) throw new IntakeError(caseMessages.emptyMention);
    const classification: Classification = engine.classify(mention.text);
    const intent = classification.intent;
    const now = this.#o.clock();
    const draft = await this.#draft(engine, intent, mention, classification.language, now, statuses);
    const department = engine.department(intent).id;
    const event: AuditEvent = {
      at: now.toISOString(),
      actor: input.actor,
      type: "created",
      after: {
        intent,
        confidence: classification.confidence,
        department,
        variant: draft?.variant ?? null,
      },
    };
    const base: Omit<Case, "id"> = {
      version: 1,
      createdAt: now.toISOString(),
      source: input.source,
      mention,
      classification,
      intent,
      department,
      draft,
      state: "pending",
      events: [event],
    };
    return { base, event, now };
  }

  async #create(input: IntakeInput): Promise<{ case: Case; created: boolean }> {
    const { base, event, now } = await this.#prepare(input);
    // The id's random suffix can collide within one second; try again with another.
    for (let attempt = 0; ; attempt++) {
      const c: Case = { id: newCaseId(now), ...base };
      let result: Awaited<ReturnType<CaseStore["insert"]>>;
      try {
        result = await this.#o.store.insert(c, {
          ...(input.dedupeKey !== undefined
            ? { dedupeKey: input.dedupeKey, dedupeTtlMs: this.#o.dedupe.ttlMs, now }
            : {}),
          ...(input.after ? { outbox: input.after(c) } : {}),
        });
      } catch (err) {
        if (err instanceof StoreError && err.code === "duplicate-id" && attempt < 5) continue;
        throw err;
      }
      if (!result.inserted) {
        // The same key committed first (a retry on another replica, or at the same moment).
        const existing = await this.#o.store.get(result.existingId);
        if (existing) return { case: existing, created: false };
        throw new Error(`dedupe key ${input.dedupeKey} names case ${result.existingId}, which is missing`);
      }
      this.#emit(c, event);
      return { case: c, created: true };
    }
  }

  async #draft(
    engine: Engine,
    intent: string,
    mention: Mention,
    language: Language,
    now: Date,
    statuses?: Map<string, Promise<LiveStatus | undefined>>,
  ): Promise<CaseDraft | null> {
    const ctx: DraftContext = { now, timezone: this.#o.timezone };
    let line = statuses?.get(intent);
    if (!line) {
      line = this.#o.statuses.get(intent);
      statuses?.set(intent, line);
    }
    const status = freshStatus(await line, engine, now);
    if (status) ctx.status = status;
    const notice = this.#o.notices?.(intent);
    if (notice) ctx.notice = notice;
    const d = engine.draft(intent, mention, language, ctx);
    if (!d) return null;
    const draft: CaseDraft = {
      text: d.text,
      length: d.length,
      language: d.language,
      variant: d.variant,
      edited: false,
      situation: d.situation,
      alternatives: d.alternatives,
      specifics: d.specifics,
    };
    if (d.situationTitle) draft.situationTitle = d.situationTitle;
    if (d.situationEvidence) draft.situationEvidence = d.situationEvidence;
    return draft;
  }

  async #command(
    id: string,
    actor: Actor,
    command: Command,
    seen: SeenVersion,
    apply: (c: Case, engine: Engine, now: Date) => Outcome | Promise<Outcome>,
  ): Promise<CaseResult> {
    if (DECIDER_COMMANDS.has(command) && !this.#o.mayDecide(actor)) {
      return { ok: false, code: "forbidden", message: caseMessages.forbidden(actor.name ?? actor.id) };
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const c = await this.#o.store.get(id);
      if (!c) return { ok: false, code: "not-found", message: caseMessages.notFound(id) };
      const now = this.#o.clock();
      const verdict = check(c, command, this.#o.timezone, now);
      if (!verdict.ok) {
        return verdict.code === "conflict"
          ? { ok: false, code: "conflict", message: verdict.message, case: c, reason: "decided" }
          : { ok: false, code: "invalid", message: verdict.message, problems: [verdict.message], case: c };
      }
      if (seen.expectedVersion !== undefined && (c.draftVersion ?? 1) > seen.expectedVersion) {
        return {
          ok: false,
          code: "conflict",
          message: caseMessages.draftChanged(c.draft?.text ?? ""),
          case: c,
          reason: "draft-changed",
        };
      }
      const outcome = await apply(structuredClone(c), this.#o.engine(), now);
      if (outcome.kind === "unchanged") return { ok: true, case: c, changed: false };
      if (outcome.kind === "invalid") {
        return { ok: false, code: "invalid", message: outcome.message, problems: outcome.problems, case: c };
      }
      if (outcome.kind === "conflict")
        return { ok: false, code: "conflict", message: outcome.message, case: c };
      const event: AuditEvent = { at: now.toISOString(), actor, type: outcome.type };
      if (outcome.before !== undefined) event.before = outcome.before;
      if (outcome.after !== undefined) event.after = outcome.after;
      const version = c.version + 1;
      const logged = outcome.quiet ? [] : [event];
      const next: Case = { ...outcome.next, version, events: [...c.events, ...logged] };
      if ((next.draft?.text ?? null) !== (c.draft?.text ?? null)) next.draftVersion = version;
      if (await this.#o.store.update(next, c.version, { events: logged })) {
        this.#emit(next, event);
        return { ok: true, case: next, changed: true };
      }
      // Someone else changed the case since we read it: read it again and decide again.
    }
    const latest = await this.#o.store.get(id);
    if (!latest) return { ok: false, code: "not-found", message: caseMessages.notFound(id) };
    return { ok: false, code: "conflict", message: caseMessages.busy(id), case: latest };
  }

  /** `14:03` in the service's time zone (with the date when not today). */
  #clock(at: string): string {
    return formatWhen(new Date(at), this.#o.timezone, this.#o.clock());
  }

  #emit(c: Case, event: AuditEvent): void {
    for (const listener of this.#listeners) {
      try {
        const r = listener(structuredClone(c), structuredClone(event));
        if (r instanceof Promise) r.catch((err) => this.#listenerError(err));
      } catch (err) {
        this.#listenerError(err);
      }
    }
  }

  #listenerError(err: unknown): void {
    if (this.#o.onListenerError) this.#o.onListenerError(err);
    else console.error("Sincerely: a case change listener failed:", err);
  }
}

function invalid(message: string, problems: string[] = [message]): Outcome {
  return { kind: "invalid", message, problems };
}

function draftProblems(engine: Engine, text: string, result = engine.checkDraft(text)): string[] {
  if (result.problems.length) return result.problems;
  return result.ok ? [] : ["The reply did not pass the draft check."];
}

/** A status line older than the pack's limit is left out rather than quoted stale. */
function freshStatus(status: LiveStatus | undefined, engine: Engine, now: Date): LiveStatus | undefined {
  if (!status) return undefined;
  const maxAgeMs = engine.pack.settings.status_max_age_minutes * 60_000;
  return now.getTime() - Date.parse(status.setAt) <= maxAgeMs ? status : undefined;
}
