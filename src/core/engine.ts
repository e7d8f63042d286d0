/**
 * The engine: one loaded pack with its classifier index, built once and replaced as a whole on reload.
 * Everything here is pure: no disk, no network, no clock (time comes in through DraftContext).
 */
import {
  type ClassifierOptions,
  DEFAULT_CLASSIFIER_OPTIONS,
  IntentClassifier,
  type ModelSnapshot,
  trainingIntents,
} from "./classifier.js";
import { composeDraft, templateValues } from "./draft.js";
import { weightedLength, X_POST_LIMIT } from "./length.js";
import { parseMention } from "./mention.js";
import { checkSincerity, sincerityMessages } from "./sincerity.js";
import { indexSituations, type SituationIndex } from "./situations.js";
import { renderTemplate } from "./template.js";
import { formatAsOf, formatClock } from "./time.js";
import type {
  Classification,
  Department,
  Draft,
  DraftContext,
  Language,
  Mention,
  Pack,
  ReplySet,
} from "./types.js";

export interface DraftCheck {
  ok: boolean;
  /** X's weighted length of the text. */
  length: number;
  /** Human-readable problems: too long, apology-only (no concrete element), empty. */
  problems: string[];
  concrete: string[];
  /** The next steps the text states (empty: refused). */
  nextSteps: string[];
}

export interface Engine {
  readonly pack: Pack;
  parseMention(raw: string): Mention;
  classify(text: string): Classification;
  /** The confidence threshold in use: settings.yaml's, or chosen by cross-validation on the examples. */
  readonly threshold: number;
  /** A draft for the intent, or null for the fallback intent (a human decides). */
  draft(intent: string, mention: Mention, language: Language, ctx: DraftContext): Draft | null;
  /**
   * The same sincerity check `sincerely validate` applies to templates, applied to any text (edited
   * drafts, notices); problems are worded in `language` (default English).
   */
  checkDraft(text: string, language?: Language): DraftCheck;
  department(intent: string): Department;
  /** The official notice for an intent, filled in. */
  notice(intent: string, language: Language, ctx: DraftContext): string;
  intentIds(): string[];
}

export interface EngineOptions {
  classifier?: ClassifierOptions;
  /**
   * The pack's model as trainModel() made it (from a cache or another thread): restored without
   * training. The caller vouches that it was trained on this pack's intents.
   */
  model?: ModelSnapshot;
  /**
   * An engine whose classifier was trained on the same intents with the same classifier settings:
   * its classifier is shared instead of restored (a reload that changed only replies or departments).
   */
  sameModelAs?: Engine;
  /**
   * The pack's classifier, already restored (IntentClassifier.fromSnapshot): a reload restores it in
   * one turn of the event loop and builds the engine in the next, so no turn pays for both.
   */
  restored?: IntentClassifier;
}

/** Each engine's classifier, for sameModelAs (not part of the Engine interface). */
const classifiers = new WeakMap<Engine, IntentClassifier>();

/** Trains the pack's classifier and returns it as plain data (see IntentClassifier#snapshot). */
export function trainModel(
  pack: Pack,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): ModelSnapshot {
  return new IntentClassifier(trainingIntents(pack.intents, pack.replies), pack.settings, options).snapshot();
}

/** Builds the classifier index once (or restores it); every call afterwards is in memory. */
export function createEngine(pack: Pack, options: EngineOptions = {}): Engine {
  const shared = options.sameModelAs && classifiers.get(options.sameModelAs);
  if (options.sameModelAs && !shared) throw new Error("sameModelAs: not an engine made by createEngine");
  const classifier =
    shared ||
    options.restored ||
    (options.model
      ? IntentClassifier.fromSnapshot(options.model, pack.settings)
      : new IntentClassifier(trainingIntents(pack.intents, pack.replies), pack.settings, options.classifier));
  const departments = new Map(pack.departments.map((d) => [d.id, d]));
  const intents = new Map(pack.intents.map((i) => [i.id, i]));
  const fallbackDepartment = pack.departments[0] as Department;
  // Each intent's situation index is built on its first draft, not here: createEngine runs on the
  // main thread when a reloaded pack is swapped in, and indexing every intent's situations at once
  // took about 20 ms of it for the default pack (one intent's index costs a couple of ms).
  const situationIndexes = new Map<string, SituationIndex>();
  const situationIndex = (intent: string, replies: ReplySet): SituationIndex => {
    let index = situationIndexes.get(intent);
    if (!index) {
      index = indexSituations(replies);
      situationIndexes.set(intent, index);
    }
    return index;
  };

  const department = (intent: string): Department => {
    const id = intents.get(intent)?.department;
    return (id && departments.get(id)) || fallbackDepartment;
  };

  const engine: Engine = {
    pack,
    parseMention: (raw) => parseMention(raw, pack.settings.own_handles, pack.settings.other_handles),
    classify: (text) => classifier.classify(text),
    threshold: classifier.threshold,
    department,
    intentIds: () => pack.intents.map((i) => i.id),
    draft(intent, mention, language, ctx) {
      const replies = pack.replies.get(intent);
      if (!replies || intent === pack.settings.fallback_intent) return null;
      return composeDraft(
        replies,
        situationIndex(intent, replies),
        department(intent),
        pack.departments,
        mention,
        language,
        ctx,
        pack.settings,
      );
    },
    checkDraft(text, language = "en") {
      const trimmed = text.trim();
      const length = weightedLength(trimmed);
      const sincerity = checkSincerity(trimmed, pack.departments);
      const problems: string[] = [];
      if (!trimmed) problems.push(language === "ko" ? "답글이 비어 있습니다" : "the reply is empty");
      else problems.push(...sincerityMessages(sincerity, language));
      if (length > X_POST_LIMIT)
        problems.push(
          language === "ko"
            ? `X 게시물 한 개에 들어가지 않습니다: ${length}/${X_POST_LIMIT}자(가중치 기준)`
            : `too long for one X post: ${length}/${X_POST_LIMIT} weighted characters`,
        );
      return {
        ok: problems.length === 0,
        length,
        problems,
        concrete: sincerity.anchors,
        nextSteps: sincerity.nextSteps,
      };
    },
    notice(intent, language, ctx) {
      const replies = pack.replies.get(intent);
      if (!replies) return "";
      const values = templateValues(department(intent), {}, language, ctx, pack.settings);
      // A notice always states as of when, even without a status line: the critic's first ask.
      values.asOf ??= formatAsOf(ctx.now, language, ctx.timezone);
      // Without a live status line the notice still says when and where the next word comes, never
      // a bare "checking": the next full hour (at least 30 minutes away), in this notice.
      if (values.status === undefined) {
        const next = nextUpdateAt(ctx.now);
        const at = formatClock(next, ctx.timezone);
        const dept = department(intent).name[language];
        values.status =
          language === "ko"
            ? `${dept}에서 원인과 복구 일정을 확인하고 있으며, ${at}까지 이 공지에 다음 안내를 올리겠습니다`
            : `our ${dept} is establishing the cause and a recovery time; the next update will be posted here by ${at}`;
      }
      return renderTemplate(replies.notice[language], values);
    },
  };
  classifiers.set(engine, classifier);
  return engine;
}

/** The next full hour at least 30 minutes after `now`: when a notice without a status promises news. */
export function nextUpdateAt(now: Date): Date {
  const t = new Date(now.getTime() + 30 * 60_000);
  t.setUTCMinutes(0, 0, 0);
  return new Date(t.getTime() + 60 * 60_000);
}
