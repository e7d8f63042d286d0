/**
 * Learning from corrections: every reclassification says "this text belongs to that intent". This
 * turns those into additions to the intent files' `examples`, checks the result with the pack's own
 * validator, and measures `eval --cv` before and after. It writes only when asked (`--write`).
 *
 * Additions are spliced into the original text after the last example, in the file's own style, so
 * comments and formatting stay exactly as the maintainer left them (yaml's Document.toString() would
 * re-flow the folded descriptions). The result is re-parsed to prove it holds the old examples plus
 * the new ones; if not, it falls back to yaml's own editing (which keeps comments).
 */
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { isScalar, isSeq, parseDocument } from "yaml";
import type { Case } from "../cases/types.js";
import { crossValidate } from "../core/evaluate.js";
import { sameSentenceKey } from "../core/normalize.js";
import { buildPack, type PackSources } from "../core/pack.js";
import type { Problem } from "../core/problems.js";
import type { Pack } from "../core/types.js";

export interface Correction {
  caseId: string;
  text: string;
  /** What the classifier said at intake. */
  from: string;
  /** The intent staff gave it (the case's intent now). */
  to: string;
  /** When it was last reclassified. */
  at: string;
}

export interface Addition {
  text: string;
  caseIds: string[];
  /** The intents the classifier had chosen for it. */
  from: string[];
}

export interface Skipped {
  text: string;
  caseIds: string[];
  intent: string;
  reason: string;
}

export interface IntentAdditions {
  intent: string;
  file: string;
  add: Addition[];
}

export interface EvalSummary {
  accuracy: number;
  macroF1: number;
  total: number;
}

export interface SuggestionPlan {
  corrections: Correction[];
  intents: IntentAdditions[];
  skipped: Skipped[];
  /** The files that change, with their text before and after. */
  files: Array<{ path: string; before: string; after: string }>;
  patch: string;
  folds: number;
  before: EvalSummary;
  /** Null when the pack with the additions does not validate (see `problems`). */
  after: EvalSummary | null;
  /** Errors the validator found in the pack with the additions; nothing is written while there are any. */
  problems: Problem[];
}

/** Texts whose final intent differs from what the classifier said, from cases with a reclassification. */
export function collectCorrections(cases: readonly Case[]): Correction[] {
  const out: Correction[] = [];
  for (const c of cases) {
    const moves = c.events.filter((e) => e.type === "reclassified");
    const last = moves.at(-1);
    // Moved away and back again: the classifier was right after all.
    if (!last || c.intent === c.classification.intent) continue;
    out.push({
      caseId: c.id,
      text: c.mention.text,
      from: c.classification.intent,
      to: c.intent,
      at: last.at,
    });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

/** Plans the additions for `corrections` against the pack read from `sources` (nothing is written). */
export function planSuggestions(
  corrections: readonly Correction[],
  sources: PackSources,
  options: { folds?: number } = {},
): SuggestionPlan {
  const folds = options.folds ?? 5;
  const build = buildPack(sources);
  if (!build.pack) {
    const errors = build.problems.filter((p) => p.severity === "error");
    throw new Error(
      `The intent pack has errors; fix them first (sincerely validate):\n${errors.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n")}`,
    );
  }
  const pack = build.pack;
  const intents = new Map(pack.intents.map((i) => [i.id, i]));
  const owner = new Map<string, string>();
  const negative = new Map<string, string>();
  for (const i of pack.intents) {
    for (const e of i.examples) owner.set(sameSentenceKey(e), i.id);
    for (const e of i.negativeExamples) negative.set(`${i.id}\u0000${sameSentenceKey(e)}`, i.id);
  }

  // One entry per sentence: the same text corrected in several cases is one addition.
  const bySentence = new Map<
    string,
    { text: string; to: Set<string>; from: Set<string>; caseIds: string[] }
  >();
  for (const c of corrections) {
    const text = c.text.replace(/\s+/g, " ").trim();
    const key = sameSentenceKey(text);
    const entry = bySentence.get(key) ?? { text, to: new Set(), from: new Set(), caseIds: [] };
    entry.to.add(c.to);
    entry.from.add(c.from);
    entry.caseIds.push(c.caseId);
    bySentence.set(key, entry);
  }

  const additions = new Map<string, Addition[]>();
  const skipped: Skipped[] = [];
  for (const [key, e] of bySentence) {
    const target = [...e.to][0] as string;
    const skip = (reason: string) =>
      skipped.push({ text: e.text, caseIds: e.caseIds, intent: target, reason });
    if (!key) skip("has no letters or digits, so it teaches nothing");
    else if (e.to.size > 1)
      skip(`staff moved it to different intents (${[...e.to].join(", ")}): decide by hand`);
    else if (!intents.has(target)) skip(`there is no intent file for "${target}" any more`);
    else if (owner.get(key) === target) skip(`already an example of ${target}`);
    else if (owner.has(key))
      skip(`already an example of ${owner.get(key)}; an example under two intents is an error`);
    else if (negative.has(`${target}\u0000${key}`))
      skip(`listed as a negative example of ${target}: decide by hand`);
    else {
      const list = additions.get(target) ?? [];
      list.push({ text: e.text, caseIds: e.caseIds, from: [...e.from] });
      additions.set(target, list);
    }
  }

  const plans: IntentAdditions[] = [];
  const files: SuggestionPlan["files"] = [];
  const newSources: PackSources = { ...sources, intents: sources.intents.map((f) => ({ ...f })) };
  for (const [intent, add] of [...additions].sort(([a], [b]) => a.localeCompare(b))) {
    const file = (intents.get(intent) as Pack["intents"][number]).file;
    const source = newSources.intents.find((f) => f.path === file);
    if (!source) continue;
    const after = addExamples(
      source.text,
      add.map((a) => a.text),
    );
    files.push({ path: file, before: source.text, after });
    source.text = after;
    plans.push({ intent, file, add });
  }

  const summarize = (p: Pack): EvalSummary => {
    const e = crossValidate(p, folds);
    return { accuracy: e.accuracy, macroF1: e.macroF1, total: e.total };
  };
  const before = summarize(pack);
  let after: EvalSummary | null = before;
  let problems: Problem[] = [];
  if (files.length) {
    const rebuilt = buildPack(newSources);
    problems = rebuilt.problems.filter((p) => p.severity === "error");
    after = rebuilt.pack ? summarize(rebuilt.pack) : null;
  }

  return {
    corrections: [...corrections],
    intents: plans,
    skipped,
    files,
    patch: files.map((f) => unifiedDiff(f.path, f.before, f.after)).join(""),
    folds,
    before,
    after,
    problems,
  };
}

/** Writes the planned files (each atomically: temp file, then rename). Refuses a plan with errors. */
export function applySuggestions(plan: SuggestionPlan, baseDir = process.cwd()): string[] {
  if (plan.problems.length) throw new Error("The additions do not validate; nothing was written.");
  const written: string[] = [];
  for (const f of plan.files) {
    const target = path.resolve(baseDir, f.path);
    const current = fs.readFileSync(target, "utf8");
    if (current !== f.before)
      throw new Error(`${f.path} changed since the suggestions were made; run suggest again.`);
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, f.after);
    fs.renameSync(temp, target);
    written.push(f.path);
  }
  return written;
}

/** `source` with `texts` appended to its `examples` sequence, keeping every other byte as it was. */
export function addExamples(source: string, texts: readonly string[]): string {
  if (texts.length === 0) return source;
  const doc = parseDocument(source);
  const seq = doc.get("examples", true);
  const expected = [...((doc.toJS() as { examples?: unknown[] }).examples ?? []), ...texts];
  if (isSeq(seq) && !seq.flow && seq.items.length > 0) {
    const first = seq.items[0];
    const last = seq.items[seq.items.length - 1];
    if (isScalar(first) && isScalar(last) && first.range && last.range) {
      const lineStart = source.lastIndexOf("\n", first.range[0] - 1) + 1;
      const prefix = source.slice(lineStart, first.range[0]);
      if (/^[ \t]*-[ \t]+$/.test(prefix)) {
        const eol = source.indexOf("\n", Math.max(last.range[1] - 1, 0));
        const lines = texts.map((t) => `${prefix}${JSON.stringify(t)}`).join("\n");
        const spliced =
          eol === -1 ? `${source}\n${lines}\n` : `${source.slice(0, eol)}\n${lines}${source.slice(eol)}`;
        const check = parseDocument(spliced);
        const data = check.toJS() as { examples?: unknown[] } & Record<string, unknown>;
        const original = doc.toJS() as Record<string, unknown>;
        if (
          check.errors.length === 0 &&
          isDeepStrictEqual(data.examples, expected) &&
          isDeepStrictEqual({ ...data, examples: null }, { ...original, examples: null })
        ) {
          return spliced;
        }
      }
    }
  }
  for (const t of texts) doc.addIn(["examples"], t);
  return doc.toString();
}

/** A one-hunk unified diff (every change here is one inserted block), readable by `git apply`. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const split = (s: string) => {
    const lines = s.split("\n");
    if (s.endsWith("\n")) lines.pop();
    return lines;
  };
  const a = split(before);
  const b = split(after);
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const start = Math.max(0, p - context);
  const oldEnd = a.length - s;
  const newEnd = b.length - s;
  const tail = Math.min(a.length, oldEnd + context);
  const out = [
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${start + 1},${tail - start} +${start + 1},${newEnd - start + (tail - oldEnd)} @@`,
    ...a.slice(start, p).map((l) => ` ${l}`),
    ...a.slice(p, oldEnd).map((l) => `-${l}`),
    ...b.slice(p, newEnd).map((l) => `+${l}`),
    ...a.slice(oldEnd, tail).map((l) => ` ${l}`),
  ];
  return `${out.join("\n")}\n`;
}
