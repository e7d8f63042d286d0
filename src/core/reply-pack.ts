/**
 * Reply files (replies/<intent>.yaml) and their cross-file checks: situations with `when:` cues and
 * ko/en replies, a required `general` situation, every reply sincere and within one X post whatever
 * is filled in, and `when` examples that are new (not an intent example, not a test sentence: a cue
 * copied from the data it is measured on proves nothing). Kept apart from pack.ts so the pack loader
 * and the reply format can change independently. Pure: the caller reads the files.
 */
import { weightedLength, X_POST_LIMIT } from "./length.js";
import { sameSentenceKey } from "./normalize.js";
import type { Problem } from "./problems.js";
import {
  type Department,
  LANGUAGES,
  type Language,
  legacyReplyFileSchema,
  type SituationTemplateEntry,
  SPECIFICS,
  situationReplyFileSchema,
} from "./schema.js";
import { SINCERITY_MESSAGES, type SincerityCheck, templateSincerity } from "./sincerity.js";
import { GENERAL_SITUATION } from "./situations.js";
import { checkTemplateSyntax, renderTemplate, templateTokens } from "./template.js";
import type { ReplySet, Situation, TestSentence } from "./types.js";
import { parseYamlFile, type SourceFile } from "./yaml-source.js";

/** Which half of the sincerity check a template failed, as validate names it. */
const SINCERITY_LABELS = { "no-next-step": "no next step", "no-anchor": "no who, where or when" } as const;

/** Where a pack author finds the forms the check reads as a next step (validate only). */
export const STEP_FORMS_HINT =
  ' (forms that count: README, "The sincerity check"; e.g. 연락드리겠습니다, 답변드리겠습니다, 공지하겠습니다, 주시면, will call/send/publish/update, you can …)';

/** Where a sentence already lives, for "copies …" errors. */
export interface SentenceOwner {
  intent: string;
  file: string;
  line: number;
}

/** A `when` example and where it is written, checked against test sentences once those are read. */
export interface WhenExample {
  key: string;
  intent: string;
  situation: string;
  file: string;
  line: number;
  text: string;
}

// Longest plausible values, so `validate` proves every template fits one post whatever is filled in.
const WORST_CASE: Record<string, { ko: string; en: string }> = {
  handle: { ko: "@abcdefghijklmno", en: "@abcdefghijklmno" },
  status: { ko: "가".repeat(40), en: "x".repeat(80) },
  asOf: { ko: "12월 31일 23:59", en: "Dec 31, 23:59" },
  noticeUrl: { ko: "https://example.com/notice/0000000000", en: "https://example.com/notice/0000000000" },
  place: { ko: "서울 강남구 역삼동", en: "Gangnam Station" },
  device: { ko: "갤럭시 Z 폴드6 울트라", en: "Galaxy Z Fold6 Ultra" },
  wait: { ko: "2주 넘게", en: "for 2 weeks" },
  date: { ko: "12월 31일", en: "last Wednesday" },
  orderNumber: { ko: "2024-12345678", en: "2024-12345678" },
  ticketNumber: { ko: "2024-12345678", en: "2024-12345678" },
  flightNumber: { ko: "KE1234", en: "KE1234" },
  amount: { ko: "123,456원", en: "$1,234.56" },
};

/**
 * A template checked the way validate checks it (and `check-reply` too, so the two never disagree):
 * sincere even when no specific is given (their fallbacks used, or the longest value when a
 * specific has none), and its X weighted length with every placeholder at its longest. `filled`
 * says what each placeholder it uses was filled with, for messages.
 */
export function checkTemplateText(
  template: string,
  department: Department,
  departments: readonly Department[],
  language: Language,
): { sincerity: SincerityCheck; length: number; filled: string[] } {
  const sample: Record<string, string> = {
    department: department.name[language],
    hotline: department.hotline,
    hours: department.hours[language],
  };
  for (const [name, values] of Object.entries(WORST_CASE)) sample[name] = values[language];
  const tokens = templateTokens(template);
  const withoutSpecifics = { ...sample };
  for (const token of tokens)
    if ((SPECIFICS as readonly string[]).includes(token.name) && token.fallback !== undefined)
      delete withoutSpecifics[token.name];
  const names = [...new Set(tokens.map((t) => t.name))];
  return {
    sincerity: templateSincerity(template, departments, withoutSpecifics),
    length: weightedLength(renderTemplate(template, sample)),
    filled: names
      .filter((name) => name in sample)
      .map((name) => `{${name}} as ${JSON.stringify(sample[name])}`),
  };
}

/**
 * Whether every mention finds a reply among `entries`, whatever specifics it gives: a reply fits when
 * it asks for none of what was given and needs (uses without a fallback) nothing that was not. A
 * reply that asks for nothing and needs nothing covers all; so does a pair that asks for the order
 * number and uses it. Returns the first case no reply fits, in words, or undefined. The specifics
 * that matter are the few the replies name, so every combination of them is tried.
 */
function uncoveredCase(entries: readonly SituationTemplateEntry[]): string | undefined {
  const replies = entries.map((entry) => ({
    asks: entryAsks(entry),
    needs: templateTokens(entryText(entry))
      .filter((t) => (SPECIFICS as readonly string[]).includes(t.name) && t.fallback === undefined)
      .map((t) => t.name),
  }));
  const named = [...new Set(replies.flatMap((r) => [...r.asks, ...r.needs]))].slice(0, 8);
  for (let mask = 0; mask < 1 << named.length; mask++) {
    const given = new Set(named.filter((_, b) => mask & (1 << b)));
    if (replies.some((r) => !r.asks.some((k) => given.has(k)) && r.needs.every((k) => given.has(k))))
      continue;
    const has = [...given].map((k) => `{${k}}`);
    const lacks = named.filter((k) => !given.has(k)).map((k) => `{${k}}`);
    return [
      has.length ? `gives ${has.join(", ")}` : "",
      lacks.length ? `does not give ${lacks.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join(" but ");
  }
  return undefined;
}

export interface ReplyFileResult {
  replies?: ReplySet;
  whenExamples: WhenExample[];
}

const entryText = (entry: SituationTemplateEntry) => (typeof entry === "string" ? entry : entry.text);
const entryAsks = (entry: SituationTemplateEntry) => (typeof entry === "string" ? [] : (entry.asks ?? []));

/**
 * Parses and checks one reply file for a known intent. `exampleOwner` holds every intent example by
 * sameSentenceKey, so a `when` example that copies one is refused.
 */
/**
 * A situation with fewer examples and fewer keywords than these is thin: customers describe it in
 * ways two examples and a handful of keywords miss (broadening the default pack's cues to this took
 * the situation chosen right from 75.9% to 85.7%; docs/accuracy-history.md, twelfth session).
 */
const THIN_EXAMPLES = 3;
const THIN_KEYWORDS = 6;

export function buildReplyFile(
  file: SourceFile,
  intentId: string,
  department: Department | undefined,
  departments: readonly Department[],
  exampleOwner: ReadonlyMap<string, SentenceOwner>,
  problems: Problem[],
): ReplyFileResult {
  const error = (line: number, message: string) =>
    problems.push({ file: file.path, line, message, severity: "error" });
  const whenExamples: WhenExample[] = [];
  // The older shape (ko/en default lists) still loads, read as the one `general` situation.
  if (!/^situations\s*:/m.test(file.text)) {
    const parsed = parseYamlFile(file, legacyReplyFileSchema);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      return { whenExamples };
    }
    const { value, lineOf } = parsed.data;
    problems.push({
      file: file.path,
      line: 1,
      severity: "warning",
      message:
        "old reply shape (ko/en default lists): read as the `general` situation; group replies under `situations:`",
    });
    const general: Situation = {
      id: GENERAL_SITUATION,
      keywords: [],
      examples: [],
      replies: {
        ko: value.ko.default.map((text) => ({ text, asks: [] })),
        en: value.en.default.map((text) => ({ text, asks: [] })),
      },
      line: 1,
    };
    for (const language of LANGUAGES) {
      for (const kind of ["default", "with_status", "with_notice"] as const) {
        value[language][kind].forEach((template, i) => {
          const where = `${language}.${kind}[${i}]`;
          checkTemplate(template, [], kind, where, lineOf([language, kind, i]), language);
        });
      }
    }
    checkNotice(value.notice, (language) => lineOf(["notice", language]));
    return {
      whenExamples,
      replies: {
        intent: intentId,
        situations: [general],
        withStatus: { ko: value.ko.with_status, en: value.en.with_status },
        withNotice: { ko: value.ko.with_notice, en: value.en.with_notice },
        notice: value.notice,
        file: file.path,
      },
    };
  }

  const parsed = parseYamlFile(file, situationReplyFileSchema);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return { whenExamples };
  }
  const { value, lineOf } = parsed.data;
  const situations: Situation[] = [];
  const seen = new Map<string, number>();
  value.situations.forEach((s, i) => {
    const line = lineOf(["situations", i, "id"]);
    const where = `situations[${i}] (${s.id})`;
    if (seen.has(s.id)) {
      error(line, `${where}: id '${s.id}' is listed twice (first on line ${seen.get(s.id)})`);
      return;
    }
    seen.set(s.id, line);
    const keywords = s.when?.keywords ?? [];
    const examples = s.when?.examples ?? [];
    if (s.id !== GENERAL_SITUATION && keywords.length + examples.length === 0)
      error(line, `${where}: needs when.keywords or when.examples, or it can never be chosen`);
    else if (s.id !== GENERAL_SITUATION && examples.length < THIN_EXAMPLES && keywords.length < THIN_KEYWORDS)
      problems.push({
        file: file.path,
        line,
        severity: "warning",
        message: `${where}: only ${examples.length} when.examples and ${keywords.length} keywords, so most mentions about it will get the general reply; aim for ${THIN_EXAMPLES}-5 examples written differently and 8-15 keywords (README, "Start your own pack")`,
      });
    examples.forEach((example, j) => {
      const key = sameSentenceKey(example);
      const exampleLine = lineOf(["situations", i, "when", "examples", j]);
      const owner = exampleOwner.get(key);
      if (owner)
        error(
          exampleLine,
          `${where}.when.examples[${j}]: copies an example of intent '${owner.intent}' (${owner.file}:${owner.line}); write a new one`,
        );
      whenExamples.push({
        key,
        intent: intentId,
        situation: s.id,
        file: file.path,
        line: exampleLine,
        text: example,
      });
    });
    for (const language of LANGUAGES) {
      const entries = s[language];
      entries.forEach((entry, j) => {
        checkTemplate(
          entryText(entry),
          entryAsks(entry),
          "situation",
          `${where}.${language}[${j}]`,
          lineOf(["situations", i, language, j]),
          language,
        );
      });
      const uncovered = uncoveredCase(entries);
      if (uncovered)
        error(
          lineOf(["situations", i, language]),
          `${where}.${language}: no reply fits a mention that ${uncovered}, so it would get no draft: add a reply that asks for nothing and needs no specific without a fallback, or one for that case`,
        );
    }
    situations.push({
      id: s.id,
      ...(s.title ? { title: s.title } : {}),
      keywords,
      examples,
      replies: {
        ko: s.ko.map((entry) => ({ text: entryText(entry), asks: entryAsks(entry) })),
        en: s.en.map((entry) => ({ text: entryText(entry), asks: entryAsks(entry) })),
      },
      line,
    });
  });
  if (!seen.has(GENERAL_SITUATION))
    error(
      lineOf(["situations"]),
      "situations: needs a `general` situation whose replies fit any mention of the intent",
    );
  for (const language of LANGUAGES) {
    for (const kind of ["with_status", "with_notice"] as const) {
      value[kind][language].forEach((template, i) => {
        checkTemplate(template, [], kind, `${kind}.${language}[${i}]`, lineOf([kind, language, i]), language);
      });
    }
  }
  checkNotice(value.notice, (language) => lineOf(["notice", language]));
  // `general` first: it is the fallback and the first thing a maintainer reads.
  situations.sort((a, b) => Number(b.id === GENERAL_SITUATION) - Number(a.id === GENERAL_SITUATION));
  return {
    whenExamples,
    replies: {
      intent: intentId,
      situations,
      withStatus: value.with_status,
      withNotice: value.with_notice,
      notice: value.notice,
      file: file.path,
    },
  };

  function checkTemplate(
    template: string,
    asks: readonly string[],
    kind: string,
    where: string,
    line: number,
    language: Language,
  ): void {
    for (const message of checkTemplateSyntax(template)) error(line, `${where}: ${message}`);
    const names = new Set(templateTokens(template).map((t) => t.name));
    if (kind === "with_status" && !(names.has("status") && names.has("asOf")))
      error(line, `${where}: a with_status template must use {status} and {asOf}`);
    if (kind === "with_notice" && !names.has("noticeUrl"))
      error(line, `${where}: a with_notice template must use {noticeUrl}`);
    for (const asked of asks) {
      if (names.has(asked)) error(line, `${where}: asks for ${asked} but also uses {${asked}}`);
    }
    if (!department) return;
    const { sincerity, length, filled } = checkTemplateText(template, department, departments, language);
    for (const problem of sincerity.problems)
      error(
        line,
        `${where}: not sincere (${SINCERITY_LABELS[problem]}): ${SINCERITY_MESSAGES.en[problem]}${problem === "no-next-step" ? STEP_FORMS_HINT : ""}`,
      );
    if (length > X_POST_LIMIT) {
      // Say what the count assumed, so the author knows which part to cut (and that it is not the text alone).
      error(
        line,
        `${where}: can reach ${length}/${X_POST_LIMIT} weighted characters (Korean letters count 2) with ` +
          `${filled.length ? filled.join(", ") : "no placeholders"}; shorten it by ${length - X_POST_LIMIT}`,
      );
    }
  }

  function checkNotice(notice: Record<Language, string>, lineFor: (language: Language) => number): void {
    for (const language of LANGUAGES) {
      for (const message of checkTemplateSyntax(notice[language]))
        error(lineFor(language), `notice.${language}: ${message}`);
    }
  }
}

/** Test sentences may name a situation: it must be one of the intent's, and no `when` example. */
export function checkTestSituations(
  file: SourceFile,
  intentId: string,
  sentences: ReadonlyArray<{ sentence: TestSentence; line: number; index: number }>,
  replies: ReplySet | undefined,
  whenExamples: ReadonlyMap<string, WhenExample>,
  problems: Problem[],
): void {
  const ids = new Set(replies?.situations.map((s) => s.id) ?? []);
  for (const { sentence, line, index } of sentences) {
    if (sentence.situation && replies && !ids.has(sentence.situation))
      problems.push({
        file: file.path,
        line,
        severity: "error",
        message: `sentences[${index}].situation: '${sentence.situation}' is not a situation of replies/${intentId}.yaml (known: ${[...ids].join(", ")})`,
      });
    const copied = whenExamples.get(sameSentenceKey(sentence.text));
    if (copied)
      problems.push({
        file: copied.file,
        line: copied.line,
        severity: "error",
        message: `situation '${copied.situation}': when example '${copied.text}' copies a test sentence (${file.path}:${line}); a cue must not be the sentence it is measured on`,
      });
  }
}

/** The `intent:` a reply file declares, read before parsing so the file can be matched to its intent. */
export function replyFileIntent(text: string): string | undefined {
  return /^intent\s*:\s*["']?([A-Za-z0-9-]+)["']?\s*$/m.exec(text)?.[1];
}
