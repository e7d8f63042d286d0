/**
 * Drafting: picks the situation the mention is about (situations.ts), then one of that situation's
 * replies that fits what the customer already said (specifics.ts), fills it, and proves the result is
 * sincere (sincerity.ts) and fits one X post. Variants rotate by a hash of the mention, only among the
 * chosen situation's replies, so the same mention always gets the same draft and a wave of similar
 * mentions does not get one identical sentence.
 */
import { weightedLength, X_POST_LIMIT } from "./length.js";
import { SPECIFICS } from "./schema.js";
import { checkSincerity, templateSincerity } from "./sincerity.js";
import { chooseSituation, GENERAL_SITUATION, type SituationIndex } from "./situations.js";
import { extractSpecifics, type Specifics } from "./specifics.js";
import { renderTemplate, type TemplateValues, templateTokens } from "./template.js";
import { formatAsOf } from "./time.js";
import type {
  Department,
  Draft,
  DraftAlternative,
  DraftContext,
  Language,
  LiveStatus,
  Mention,
  PackSettings,
  ReplySet,
  Situation,
  SituationTemplate,
  SpecificKind,
} from "./types.js";

/** FNV-1a: a tiny stable hash; only used to spread mentions across variants. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function isStatusFresh(
  status: LiveStatus | undefined,
  now: Date,
  settings: Pick<PackSettings, "status_max_age_minutes">,
): status is LiveStatus {
  if (!status?.text.trim()) return false;
  const age = now.getTime() - new Date(status.setAt).getTime();
  return age >= 0 && age <= settings.status_max_age_minutes * 60_000;
}

export function templateValues(
  department: Department,
  mention: Pick<Mention, "handle">,
  language: Language,
  ctx: DraftContext,
  settings: Pick<PackSettings, "status_max_age_minutes">,
): TemplateValues {
  const status = isStatusFresh(ctx.status, ctx.now, settings) ? ctx.status : undefined;
  return {
    handle: mention.handle ? `@${mention.handle}` : "",
    department: department.name[language],
    hotline: department.hotline,
    hours: department.hours[language],
    status: status?.text.trim(),
    asOf: status ? formatAsOf(status.setAt, language, ctx.timezone) : undefined,
    noticeUrl: ctx.notice?.url,
  };
}

/** Placeholders of a template that are customer specifics, split by whether they have a fallback. */
const SPECIFIC_USE = new Map<string, { required: SpecificKind[]; used: SpecificKind[] }>();

function specificUse(template: string): { required: SpecificKind[]; used: SpecificKind[] } {
  const cached = SPECIFIC_USE.get(template);
  if (cached) return cached;
  const use = readSpecificUse(template);
  if (SPECIFIC_USE.size > 10_000) SPECIFIC_USE.clear();
  SPECIFIC_USE.set(template, use);
  return use;
}

function readSpecificUse(template: string): { required: SpecificKind[]; used: SpecificKind[] } {
  const required: SpecificKind[] = [];
  const used: SpecificKind[] = [];
  for (const token of templateTokens(template)) {
    if (!(SPECIFICS as readonly string[]).includes(token.name)) continue;
    used.push(token.name as SpecificKind);
    if (token.fallback === undefined) required.push(token.name as SpecificKind);
  }
  return { required, used };
}

/**
 * The replies of a situation that fit what the mention gives, best first: a reply that asks for
 * something the customer already said is out, so is one that needs a specific they did not give;
 * among the rest, those using more of the customer's specifics come first (a sibling that uses the
 * flight number beats one that asks for it).
 */
export function eligibleTemplates(templates: readonly SituationTemplate[], specifics: Specifics): string[][] {
  const groups = new Map<number, string[]>();
  for (const template of templates) {
    if (template.asks.some((kind) => specifics[kind])) continue;
    const { required, used } = specificUse(template.text);
    if (required.some((kind) => !specifics[kind])) continue;
    // A reply written around a specific (no fallback) fits better than one that merely can use it.
    const uses = new Set(used.filter((kind) => specifics[kind])).size + required.length;
    groups.set(uses, [...(groups.get(uses) ?? []), template.text]);
  }
  return [...groups.entries()].sort((a, b) => b[0] - a[0]).map(([, list]) => list);
}

/** A rendered candidate and whether it may go out: sincere, and within one X post. */
interface Candidate {
  text: string;
  length: number;
  variant: string;
  concrete: string[];
  ok: boolean;
}

/**
 * The sincerity of a situation template, checked once: rendered with the intent's department and
 * the fallbacks (no customer specific), as `validate` checks it. A specific only fills a `{place}`;
 * it cannot add or remove a next step, so the verdict holds for every mention and drafting stays
 * fast. Status and notice replies carry staff's own text, so those are checked as rendered.
 */
const TEMPLATE_CHECKS = new Map<string, { ok: boolean; anchors: string[] }>();

function templateCheck(template: string, values: TemplateValues, departments: readonly Department[]) {
  const key = `${values.department}\u0000${values.hotline}\u0000${template}`;
  let check = TEMPLATE_CHECKS.get(key);
  if (!check) {
    const sample: Record<string, string> = {};
    for (const [name, value] of Object.entries(values))
      if (value && !(SPECIFICS as readonly string[]).includes(name) && name !== "handle")
        sample[name] = value;
    const result = templateSincerity(template, departments, sample);
    check = { ok: result.ok, anchors: result.anchors };
    if (TEMPLATE_CHECKS.size > 10_000) TEMPLATE_CHECKS.clear();
    TEMPLATE_CHECKS.set(key, check);
  }
  return check;
}

function candidate(
  template: string,
  kind: string,
  variant: string,
  values: TemplateValues,
  departments: readonly Department[],
): Candidate {
  const text = renderTemplate(template, values);
  const length = weightedLength(text);
  const check =
    kind === "with_status" || kind === "with_notice"
      ? checkSincerity(text, departments)
      : templateCheck(template, values, departments);
  return { text, length, variant, concrete: check.anchors, ok: check.ok && length <= X_POST_LIMIT };
}

/** The first sincere draft that fits, trying each group in turn and rotating within a group by `hash`. */
function firstFitting(
  groups: ReadonlyArray<{ kind: string; list: readonly string[]; indexOf?: (t: string) => number }>,
  values: TemplateValues,
  hash: number,
  departments: readonly Department[],
): Candidate | undefined {
  let fallback: Candidate | undefined;
  for (const { kind, list, indexOf } of groups) {
    for (let offset = 0; offset < list.length; offset++) {
      const template = list[(hash + offset) % list.length] as string;
      const number = indexOf ? indexOf(template) : (hash + offset) % list.length;
      const draft = candidate(template, kind, `${kind}#${number}`, values, departments);
      if (draft.ok) return draft;
      fallback ??= draft;
    }
  }
  return fallback;
}

function situationGroups(situation: Situation, language: Language, specifics: Specifics) {
  const all = situation.replies[language];
  const indexOf = (t: string) => all.findIndex((r) => r.text === t);
  return eligibleTemplates(all, specifics).map((list) => ({ kind: situation.id, list, indexOf }));
}

const SITUATIONS_BY_ID = new WeakMap<ReplySet, Map<string, Situation>>();

/** The reply set's situations by id, built once per reply set (drafting needs it for every mention). */
function situationsById(replies: ReplySet): Map<string, Situation> {
  let byId = SITUATIONS_BY_ID.get(replies);
  if (!byId) {
    byId = new Map(replies.situations.map((s) => [s.id, s]));
    SITUATIONS_BY_ID.set(replies, byId);
  }
  return byId;
}

export function composeDraft(
  replies: ReplySet,
  index: SituationIndex,
  department: Department,
  departments: readonly Department[],
  mention: Mention,
  language: Language,
  ctx: DraftContext,
  settings: Pick<PackSettings, "status_max_age_minutes" | "situation_threshold" | "alternative_margin">,
): Draft {
  const specifics = extractSpecifics(mention.text);
  const values: TemplateValues = {
    ...templateValues(department, mention, language, ctx, settings),
    ...specifics,
  };
  const choice = chooseSituation(index, mention.text, settings);
  const byId = situationsById(replies);
  const general = byId.get(GENERAL_SITUATION) ?? (replies.situations[0] as Situation);
  const situation = byId.get(choice.chosen) ?? general;
  const hash = stableHash(mention.text);

  // Most specific first: a notice beats a status line, which beats the situation's own replies; the
  // situation's replies are followed by `general`'s so a situation whose replies all ask for what was
  // given still yields a draft.
  const groups: Array<{ kind: string; list: readonly string[]; indexOf?: (t: string) => number }> = [];
  if (values.noticeUrl && replies.withNotice[language].length)
    groups.push({ kind: "with_notice", list: replies.withNotice[language] });
  if (values.status && replies.withStatus[language].length)
    groups.push({ kind: "with_status", list: replies.withStatus[language] });
  groups.push(...situationGroups(situation, language, specifics));
  if (situation !== general) groups.push(...situationGroups(general, language, specifics));
  // Every situation's first reply, whatever it asks: only reached by a pack loaded without validation.
  groups.push({ kind: situation.id, list: situation.replies[language].map((r) => r.text) });

  const best = firstFitting(groups, values, hash, departments) as Candidate;
  let text = best.text;
  let length = best.length;
  // `validate` guarantees templates fit and are sincere; this only guards a pack loaded without it.
  // Cut at the limit rather than hand staff a post X would refuse.
  while (length > X_POST_LIMIT) {
    text = text.slice(0, -1);
    length = weightedLength(text);
  }

  const alternatives: DraftAlternative[] = [];
  const shown = new Set([best.text]);
  for (const close of choice.close) {
    const other = byId.get(close.id);
    if (!other || other === situation) continue;
    const alt = firstFitting(situationGroups(other, language, specifics), values, hash, departments);
    if (!alt?.ok || shown.has(alt.text)) continue;
    shown.add(alt.text);
    alternatives.push({
      situation: other.id,
      ...(other.title ? { title: other.title } : {}),
      text: alt.text,
      length: alt.length,
      variant: alt.variant,
      score: close.score,
    });
  }

  const draft: Draft = {
    text,
    length,
    language,
    variant: best.variant,
    concrete: best.concrete,
    situation: situation.id,
    alternatives,
    specifics,
  };
  if (situation.title) draft.situationTitle = situation.title;
  if (choice.evidence && situation.id === choice.chosen) draft.situationEvidence = choice.evidence;
  return draft;
}
