/**
 * Builds a Pack from the text of its data files and checks the files against each other, like
 * home-assistant/intents' validator and Rasa's `data validate`. Pure: the caller reads the files.
 */

import { weightedLength } from "./length.js";
import { normalizeForMatching, sameSentenceKey } from "./normalize.js";
import type { Problem } from "./problems.js";
import { buildReplyFile, checkTestSituations, replyFileIntent, type WhenExample } from "./reply-pack.js";
import {
  type Department,
  departmentsFileSchema,
  intentFileSchema,
  type PackSettings,
  settingsFileSchema,
  testFileSchema,
} from "./schema.js";
import type { Intent, Pack, ReplySet, TestSentence } from "./types.js";
import { type Located, parseYamlFile, type SourceFile } from "./yaml-source.js";

export const DEPARTMENTS_FILE = "departments.yaml";
export const SETTINGS_FILE = "settings.yaml";

export interface PackSources {
  /** Every `*.yaml` in the intents folder, including departments.yaml and settings.yaml. */
  intents: SourceFile[];
  replies: SourceFile[];
  /** Test sentences (test/intents/*.yaml); optional. */
  tests?: SourceFile[];
}

export interface PackBuild {
  /** Present when there were no errors (warnings allowed). */
  pack?: Pack;
  problems: Problem[];
  /**
   * What departments.yaml gave, even when other files have errors: `check-reply` fills {department}
   * from it while a refused reply is being reworded.
   */
  departments: Department[];
}

const baseName = (path: string) => (path.split(/[\\/]/).pop() ?? path).replace(/\.ya?ml$/, "");

export function buildPack(sources: PackSources): PackBuild {
  const problems: Problem[] = [];
  const error = (file: string, line: number, message: string) =>
    problems.push({ file, line, message, severity: "error" });
  const warn = (file: string, line: number, message: string) =>
    problems.push({ file, line, message, severity: "warning" });

  const byName = new Map(sources.intents.map((f) => [baseName(f.path), f]));
  const departmentsSource = byName.get(baseName(DEPARTMENTS_FILE));
  const settingsSource = byName.get(baseName(SETTINGS_FILE));

  let departments: Department[] = [];
  // Whether departments.yaml could be read: without it, intents' departments and reply lengths are
  // not checked (and the problems say so), rather than every intent reported as unrouted.
  let departmentsKnown = false;
  if (!departmentsSource) {
    error(
      `intents/${DEPARTMENTS_FILE}`,
      1,
      "file is missing: every intent routes to a department listed there",
    );
  } else {
    const parsed = parseYamlFile(departmentsSource, departmentsFileSchema);
    if (parsed.ok) {
      departmentsKnown = true;
      departments = parsed.data.value.departments;
      const seen = new Map<string, number>();
      departments.forEach((d, i) => {
        const line = parsed.data.lineOf(["departments", i, "id"]);
        if (seen.has(d.id))
          error(
            departmentsSource.path,
            line,
            `departments[${i}].id: '${d.id}' is listed twice (first on line ${seen.get(d.id)})`,
          );
        else seen.set(d.id, line);
      });
    } else {
      problems.push(...parsed.problems);
      warn(
        departmentsSource.path,
        1,
        "skipped until this file is fixed: checking each intent's department and each reply's length",
      );
    }
  }

  let settings: PackSettings = settingsFileSchema.parse({});
  if (settingsSource) {
    const parsed = parseYamlFile(settingsSource, settingsFileSchema);
    if (parsed.ok) settings = parsed.data.value;
    else problems.push(...parsed.problems);
  }

  const intents: Intent[] = [];
  // Intent files that failed to parse: their replies and tests are not reported again as orphans.
  const brokenIntentFiles = new Set<string>();
  const intentLines = new Map<string, Located<unknown>>();
  for (const file of sources.intents) {
    const name = baseName(file.path);
    if (file === departmentsSource || file === settingsSource) continue;
    const parsed = parseYamlFile(file, intentFileSchema);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      brokenIntentFiles.add(name);
      continue;
    }
    const { value, lineOf } = parsed.data;
    if (value.id !== name)
      error(file.path, lineOf(["id"]), `id: '${value.id}' must match the file name '${name}'`);
    if (departmentsKnown && !departments.some((d) => d.id === value.department)) {
      error(
        file.path,
        lineOf(["department"]),
        `department: '${value.department}' is not in ${departmentsSource?.path} (known: ${departments.map((d) => d.id).join(", ")})`,
      );
    }
    intentLines.set(value.id, parsed.data);
    intents.push({
      id: value.id,
      title: value.title,
      description: value.description,
      department: value.department,
      urgency: value.urgency,
      keywords: value.keywords,
      examples: value.examples,
      negativeExamples: value.negative_examples,
      surge: value.surge ?? settings.default_surge,
      file: file.path,
    });
  }
  intents.sort((a, b) => a.id.localeCompare(b.id));

  // Rasa's validator: the same example under two intents teaches the model nothing but confusion.
  const exampleOwner = new Map<string, { intent: string; file: string; line: number }>();
  for (const intent of intents) {
    const located = intentLines.get(intent.id) as Located<unknown>;
    intent.examples.forEach((example, i) => {
      const key = sameSentenceKey(example);
      const line = located.lineOf(["examples", i]);
      const owner = exampleOwner.get(key);
      if (!key)
        warn(intent.file, line, `examples[${i}]: has no letters, digits or emoji, so it teaches nothing`);
      else if (!owner) exampleOwner.set(key, { intent: intent.id, file: intent.file, line });
      else if (owner.intent === intent.id)
        warn(intent.file, line, `examples[${i}]: repeats the example on line ${owner.line}`);
      else {
        error(
          intent.file,
          line,
          `examples[${i}]: '${example}' is also an example of '${owner.intent}' (${owner.file}:${owner.line}); keep it under one intent`,
        );
      }
    });
    intent.negativeExamples.forEach((negative, i) => {
      const owner = exampleOwner.get(sameSentenceKey(negative));
      if (owner?.intent === intent.id) {
        error(
          intent.file,
          located.lineOf(["negative_examples", i]),
          `negative_examples[${i}]: is also a positive example of this intent (line ${owner.line})`,
        );
      }
    });
    // Hangul keywords match without spaces, so 안 와 and 안와 are one keyword counted twice.
    const seenKeywords = new Map<string, number>();
    intent.keywords.forEach((keyword, i) => {
      if (!sameSentenceKey(keyword.term))
        error(
          intent.file,
          located.lineOf(["keywords", i, "term"]),
          `keywords[${i}].term: has no letters or digits`,
        );
      const normalized = normalizeForMatching(keyword.term);
      const key = /[가-힣]/.test(normalized) ? normalized.replaceAll(" ", "") : normalized;
      const before = seenKeywords.get(key);
      if (before === undefined) seenKeywords.set(key, i);
      else
        warn(
          intent.file,
          located.lineOf(["keywords", i, "term"]),
          `keywords[${i}]: '${keyword.term}' is keywords[${before}] again (${/[가-힣]/.test(normalized) ? "Hangul keywords match without spaces" : "the same once case and punctuation are set aside"}), so it counts twice; keep one`,
        );
    });
  }
  warnKeywordsInsideWords(intents, intentLines, warn);

  const replies = new Map<string, ReplySet>();
  const whenExamples = new Map<string, WhenExample>();
  const intentIds = new Set(intents.map((i) => i.id));
  // Reply files that failed to parse: their intents are not reported again as having no replies.
  const brokenReplyFiles = new Set<string>();
  // For a reply whose intent (or its department) is unknown: the longest values any department gives.
  const anyDepartment = longestDepartment(departments);
  for (const file of sources.replies) {
    const name = baseName(file.path);
    const intentId = replyFileIntent(file.text) ?? name;
    if (intentId !== name) {
      error(file.path, 1, `intent: '${intentId}' must match the file name '${name}'`);
    }
    if (!intentIds.has(intentId) && !brokenIntentFiles.has(intentId)) {
      error(file.path, 1, `intent: '${intentId}' has no intent file intents/${intentId}.yaml`);
      continue;
    }
    // An intent file with errors still has its replies checked, lengths against any department.
    const intent = intents.find((i) => i.id === intentId);
    const department = departments.find((d) => d.id === intent?.department) ?? anyDepartment;
    const built = buildReplyFile(file, intentId, department, departments, exampleOwner, problems);
    for (const w of built.whenExamples) if (!whenExamples.has(w.key)) whenExamples.set(w.key, w);
    if (built.replies) replies.set(intentId, built.replies);
    else brokenReplyFiles.add(name);
  }
  for (const intent of intents) {
    if (
      intent.id !== settings.fallback_intent &&
      !replies.has(intent.id) &&
      !brokenReplyFiles.has(intent.id)
    ) {
      // A warning, not an error: a team writes its intents and measures them (eval) before it writes
      // every reply; until then a case of this intent comes without a draft and staff write one.
      warn(
        intent.file,
        1,
        `has no replies yet: its mentions get no draft until you add replies/${intent.id}.yaml with ko and en templates`,
      );
    }
  }

  const tests = new Map<string, string[]>();
  const testSituations = new Map<string, TestSentence[]>();
  for (const file of sources.tests ?? []) {
    const parsed = parseYamlFile(file, testFileSchema);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const { value, lineOf } = parsed.data;
    if (!intentIds.has(value.intent)) {
      if (!brokenIntentFiles.has(value.intent))
        error(file.path, lineOf(["intent"]), `intent: '${value.intent}' is not an intent of the pack`);
      continue;
    }
    const sentences: TestSentence[] = value.sentences.map((s) => (typeof s === "string" ? { text: s } : s));
    sentences.forEach((sentence, i) => {
      const owner = exampleOwner.get(sameSentenceKey(sentence.text));
      if (owner)
        error(
          file.path,
          lineOf(["sentences", i]),
          `sentences[${i}]: copies an example (${owner.file}:${owner.line}); a test sentence must be new to the classifier`,
        );
    });
    checkTestSituations(
      file,
      value.intent,
      sentences.map((sentence, index) => ({ sentence, index, line: lineOf(["sentences", index]) })),
      replies.get(value.intent),
      whenExamples,
      problems,
    );
    tests.set(value.intent, [...(tests.get(value.intent) ?? []), ...sentences.map((s) => s.text)]);
    testSituations.set(value.intent, [...(testSituations.get(value.intent) ?? []), ...sentences]);
  }

  // By file, then line (stable: problems on one line keep the order they were found in).
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const hasErrors = problems.some((p) => p.severity === "error");
  return {
    pack: hasErrors ? undefined : { intents, departments, replies, settings, tests, testSituations },
    problems,
    departments,
  };
}

/** One-syllable prefixes a keyword may follow and stay itself: 재발급, 개빡치, 왕짜증, 신규, 무료. */
const PREFIXES = new Set("재개왕신구총무비미역초새헌핵존완반".split(""));

/**
 * A Hangul keyword matches anywhere in the text, so a short one fires inside longer words: 다리
 * (legroom) in 기다리다, 무시 in 주무시나요. Warned when that happens in another intent's examples,
 * naming one, so the author can give a longer form.
 */
function warnKeywordsInsideWords(
  intents: readonly Intent[],
  lines: ReadonlyMap<string, Located<unknown>>,
  warn: (file: string, line: number, message: string) => void,
): void {
  // Every one- or two-syllable piece that follows a word's first syllable, with the example (the
  // first word of it) where it does: read once, so each keyword is a lookup, not a scan of the pack.
  // After a syllable that is no common prefix (기+다리, 주+무시, 예+약): not after a digit (3일째 is
  // what 일째 is for), a prefix (재발급, 개빡치), nor 불, which the keyword matcher skips (불친절).
  const inside = new Map<string, Array<{ intent: string; word: string }>>();
  for (const intent of intents)
    for (const example of intent.examples) {
      const seen = new Set<string>();
      for (const word of normalizeForMatching(example).split(" ")) {
        const head = word.charAt(0);
        if (!/[가-힣]/.test(head) || PREFIXES.has(head) || head === "불") continue;
        for (const length of [1, 2]) {
          const piece = word.slice(1, 1 + length);
          if (
            piece.length !== length ||
            !/^[가-힣]+$/.test(piece) ||
            word.startsWith(piece) ||
            seen.has(piece)
          )
            continue;
          seen.add(piece);
          const hits = inside.get(piece);
          if (hits) hits.push({ intent: intent.id, word });
          else inside.set(piece, [{ intent: intent.id, word }]);
        }
      }
    }
  for (const intent of intents) {
    intent.keywords.forEach((keyword, i) => {
      const term = normalizeForMatching(keyword.term);
      // Short ones only: a longer keyword inside a word is mostly a compound (취소수수료, 회수기사님).
      if (!/^[가-힣]{1,2}$/.test(term)) return;
      const elsewhere = (inside.get(term) ?? []).filter((hit) => hit.intent !== intent.id);
      const first = elsewhere[0];
      if (!first) return;
      const count = elsewhere.length;
      warn(
        intent.file,
        lines.get(intent.id)?.lineOf(["keywords", i, "term"]) ?? 1,
        `keywords[${i}]: '${keyword.term}' also matches inside '${first.word}' (${first.intent})${count > 1 ? ` and ${count - 1} more example${count > 2 ? "s" : ""} of other intents` : ""}: a Hangul keyword matches anywhere in a word, so give a longer form`,
      );
    });
  }
}

/** A department with the longest name, hotline and hours of all (per language), for worst-case lengths. */
function longestDepartment(departments: readonly Department[]): Department | undefined {
  if (departments.length === 0) return undefined;
  const longest = (values: string[]) =>
    values.reduce((a, b) => (weightedLength(b) > weightedLength(a) ? b : a));
  return {
    id: "any",
    name: { ko: longest(departments.map((d) => d.name.ko)), en: longest(departments.map((d) => d.name.en)) },
    hotline: longest(departments.map((d) => d.hotline)),
    hours: {
      ko: longest(departments.map((d) => d.hours.ko)),
      en: longest(departments.map((d) => d.hours.en)),
    },
  };
}
