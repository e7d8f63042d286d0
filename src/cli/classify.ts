import { handlesIn } from "../core/classifier/other-companies.js";
import type { Engine } from "../core/engine.js";
import { handleKey } from "../core/normalize.js";
import { indexSituations, rankSituations, type SituationIndex } from "../core/situations.js";
import { extractSpecifics } from "../core/specifics.js";
import type { Classification, Language, Specifics } from "../core/types.js";
import { cliCacheDir, loadEngineOrExit, PACK_OPTIONS_HELP, packDirs, parse, stdinLines } from "./common.js";
import { parseInputLine } from "./input.js";

export const classifyHelp = `sincerely classify [--pack DIR] [--intents DIR] [--replies DIR] [--no-cache]
Reads mentions from standard input, one per line (a JSON object with "text" and optional "id" and
"handle", or plain text), and writes one JSON object per line: text, handle (the customer's, or null
when the line names none), tagged (the accounts the text tags, each with own: true when settings.yaml
lists it under own_handles), intent, confidence, ambiguous, alternatives, evidence, department, draft,
draftLength (X's weighted length), situation, situationEvidence, situationScores (every situation of
the intent with its relevance and what matched, best first; below situation_threshold the draft is
from general), draftAlternatives, specifics (what
the customer already said: place, flight number, …) and language. Blank lines are skipped; a
malformed line gives {"line": N, "error": "..."} and processing continues.
${PACK_OPTIONS_HELP}`;

export interface ClassifyOutput {
  id?: string;
  text: string;
  /** Who to reply to: from the input's "handle", or the paste (`@user: text`, a post URL); null when unknown. */
  handle: string | null;
  /** The accounts the text tags, as the classifier reads them: shows whether yours are recognized. */
  tagged: Array<{ handle: string; own: boolean }>;
  intent: string;
  confidence: number;
  ambiguous: boolean;
  alternatives: Classification["alternatives"];
  evidence: Classification["evidence"];
  department: { id: string; name: string; hotline: string };
  draft: string | null;
  draftLength: number;
  /** The situation the draft answers, what matched, and the other close situations' drafts. */
  situation: string | null;
  situationEvidence: string[];
  /** How relevant each situation of the intent was (best first), to see how close the others came. */
  situationScores: Array<{ situation: string; score: number; matched: string[] }>;
  draftAlternatives: Array<{ situation: string; text: string }>;
  /** What the customer already said (specifics.ts): what the draft may use and never asks again. */
  specifics: Specifics;
  language: Language;
}

/** The same work the case service does at intake, without storing anything. */
export function classifyOne(
  engine: Engine,
  text: string,
  handle: string | undefined,
  now: Date,
  timezone: string,
): Omit<ClassifyOutput, "id"> {
  const mention = engine.parseMention(text);
  if (handle) mention.handle = handle.replace(/^@/, "");
  const classification = engine.classify(mention.text);
  const language = classification.language;
  const department = engine.department(classification.intent);
  const draft = engine.draft(classification.intent, mention, language, { now, timezone });
  const own = new Set((engine.pack.settings.own_handles ?? []).map(handleKey));
  return {
    text,
    handle: mention.handle ?? null,
    // The accounts the text tags, not its author ("@minji: …" names who wrote it).
    tagged: handlesIn(text)
      .filter((tag) => !mention.handle || tag !== handleKey(mention.handle))
      .map((tag) => ({ handle: tag, own: own.has(tag) })),
    intent: classification.intent,
    confidence: classification.confidence,
    ambiguous: classification.ambiguous,
    alternatives: classification.alternatives,
    evidence: classification.evidence,
    department: { id: department.id, name: department.name[language], hotline: department.hotline },
    draft: draft?.text ?? null,
    draftLength: draft?.length ?? 0,
    situation: draft?.situation ?? null,
    situationEvidence: draft?.situationEvidence?.matched ?? [],
    situationScores: draft ? situationScores(engine, classification.intent, mention.text) : [],
    draftAlternatives: (draft?.alternatives ?? []).map((a) => ({ situation: a.situation, text: a.text })),
    specifics: draft?.specifics ?? extractSpecifics(mention.text),
    language,
  };
}

export async function runClassify(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  if (values.help) {
    console.log(classifyHelp);
    return 0;
  }
  const engine = loadEngineOrExit(packDirs(values), cliCacheDir(values));
  const timezone = process.env.TIMEZONE || "Asia/Seoul";
  let lineNumber = 0;
  for await (const line of stdinLines()) {
    lineNumber++;
    const parsed = parseInputLine(line);
    if (parsed.ok === "skip") continue;
    if (!parsed.ok) {
      process.stdout.write(`${JSON.stringify({ line: lineNumber, error: parsed.error })}\n`);
      continue;
    }
    const { id, text, handle } = parsed.item;
    const result = classifyOne(engine, text, handle, new Date(), timezone);
    process.stdout.write(`${JSON.stringify(id === undefined ? result : { id, ...result })}\n`);
  }
  return 0;
}

/** Each intent's situation index, built once per engine (classify reads many lines). */
const indexes = new WeakMap<Engine, Map<string, SituationIndex>>();

function situationScores(engine: Engine, intent: string, text: string): ClassifyOutput["situationScores"] {
  const replies = engine.pack.replies.get(intent);
  if (!replies) return [];
  let byIntent = indexes.get(engine);
  if (!byIntent) {
    byIntent = new Map();
    indexes.set(engine, byIntent);
  }
  let index = byIntent.get(intent);
  if (!index) {
    index = indexSituations(replies);
    byIntent.set(intent, index);
  }
  return rankSituations(index, text).map((r) => ({ situation: r.id, score: r.score, matched: r.matched }));
}
