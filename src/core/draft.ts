/**
 * Drafting: picks a template for the intent and language, fills it, and proves the result is
 * concrete and fits one X post. Variants rotate by a hash of the mention, so the same mention always
 * gets the same draft and a wave of similar mentions does not get one identical sentence.
 */
import { weightedLength, X_POST_LIMIT } from "./length.js";
import { concreteElements } from "./sincerity.js";
import { renderTemplate, type TemplateValues } from "./template.js";
import { formatAsOf } from "./time.js";
import type {
  Department,
  Draft,
  DraftContext,
  Language,
  LiveStatus,
  Mention,
  PackSettings,
  ReplySet,
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

export function composeDraft(
  replies: ReplySet,
  department: Department,
  departments: readonly Department[],
  mention: Mention,
  language: Language,
  ctx: DraftContext,
  settings: Pick<PackSettings, "status_max_age_minutes">,
): Draft {
  const values = templateValues(department, mention, language, ctx, settings);
  const templates = replies.templates[language];
  // Most specific first: a notice beats a status line, which beats the plain templates.
  const groups: Array<[string, string[]]> = [];
  if (values.noticeUrl && templates.withNotice.length) groups.push(["with_notice", templates.withNotice]);
  if (values.status && templates.withStatus.length) groups.push(["with_status", templates.withStatus]);
  groups.push(["default", templates.default]);

  const hash = stableHash(mention.text);
  let fallback: Draft | undefined;
  for (const [kind, list] of groups) {
    for (let offset = 0; offset < list.length; offset++) {
      const index = (hash + offset) % list.length;
      const text = renderTemplate(list[index] as string, values);
      const draft: Draft = {
        text,
        length: weightedLength(text),
        language,
        variant: `${kind}#${index}`,
        concrete: concreteElements(text, departments),
      };
      if (draft.length <= X_POST_LIMIT && draft.concrete.length > 0) return draft;
      fallback ??= draft;
    }
  }
  // `validate` guarantees default templates fit and are concrete; this only guards a pack loaded
  // without validation. Cut at the limit rather than hand staff a post X would refuse.
  const draft = fallback as Draft;
  let text = draft.text;
  while (weightedLength(text) > X_POST_LIMIT) text = text.slice(0, -1);
  return { ...draft, text, length: weightedLength(text) };
}
