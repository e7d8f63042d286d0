import { readFileSync } from "node:fs";
import {
  classifyAll,
  crossValidate,
  type Evaluation,
  type FewShotEvaluation,
  fewShot,
  formatEvaluation,
  formatSituationEvaluation,
  type SituationEvaluation,
  type SituationLabeled,
  score,
  scoreSituations,
} from "../core/evaluate.js";
import type { TestSentence } from "../core/types.js";
import { modelKeyParts } from "../pack/cache.js";
import { cliCacheDir, loadEngineOrExit, PACK_OPTIONS_HELP, packDirs, parse, UsageError } from "./common.js";
import { parseInputLine } from "./input.js";

export const evalHelp = `sincerely eval FILE | --cv K | --few-shot N [--seeds S] | --sentences  [--pack DIR] [--json] [--mistakes] [--no-cache]
  FILE      labeled JSON lines: {"text": "...", "intent": "...", "situation": "..."} (situation optional)
  --cv K    K-fold cross-validation on the pack's own examples (stratified, deterministic); also
            prints the confidence threshold these folds would choose
  --few-shot N  train on N random examples per intent, test on the rest; averaged over S seeds
            (default 5): what a new pack with N examples an intent would get
  --sentences  train on the examples, test on the pack's test sentences (DIR/tests or DIR/test/intents)
Prints accuracy, macro-F1, per-intent precision/recall/F1 and a confusion matrix; when mentions name a
situation, also situation accuracy and draft fit (intent right and the draft drawn from that situation).
The last line (JSON: "model", "packKey", "codeKey") keys the model, and apart the pack's training input
and the classifier code: two runs with the same model key trained the same model; a changed code key
with the same pack key means the product changed, not the pack.
${PACK_OPTIONS_HELP}`;

function readLabeled(path: string): SituationLabeled[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`${path}: cannot read the file`);
  }
  return text.split("\n").flatMap((line, i) => {
    const parsed = parseInputLine(line);
    if (parsed.ok === "skip") return [];
    if (!parsed.ok) throw new UsageError(`${path}:${i + 1}: ${parsed.error}`);
    if (!parsed.item.intent) throw new UsageError(`${path}:${i + 1}: needs an "intent" field`);
    const item: SituationLabeled = { text: parsed.item.text, intent: parsed.item.intent };
    if (parsed.item.situation) item.situation = parsed.item.situation;
    return [item];
  });
}

export async function runEval(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    cv: { type: "string" },
    "few-shot": { type: "string" },
    seeds: { type: "string" },
    sentences: { type: "boolean", default: false },
    mistakes: { type: "boolean", default: false },
  });
  if (values.help) {
    console.log(evalHelp);
    return 0;
  }
  const dirs = packDirs(values);
  const engine = loadEngineOrExit(dirs, cliCacheDir(values));
  // Which pack these figures are of: a dropped --pack silently scores the default pack otherwise.
  const packLine = `pack: ${dirs.intentsDir}, ${dirs.repliesDir}${dirs.testsDir ? `, ${dirs.testsDir}` : ""}`;
  const pack = engine.pack;
  let evaluation: Evaluation;
  let situations: SituationEvaluation | undefined;
  let title: string;
  const notes: string[] = [];
  let cvThreshold: number | undefined;
  if (values.cv !== undefined) {
    const k = Number(values.cv);
    const cv = crossValidate(pack, k);
    cvThreshold = cv.threshold;
    evaluation = cv;
    title = `${k}-fold cross-validation on ${pack.intents.length} intents`;
    notes.push(
      cv.thresholdFrom === "settings"
        ? `threshold ${cv.threshold} (from settings.yaml); these folds would choose ${cv.chosen.threshold} (accuracy ${pct(cv.chosen.accuracy)})`
        : `threshold ${cv.threshold}, chosen by these folds (set threshold: in settings.yaml to override)`,
    );
    if (cv.chosen.capped)
      notes.push(
        "the folds liked a higher threshold, but a threshold chosen for you is never above 0.3: mentions the pack never saw are less sure than its own examples (whose keywords trained every fold). Check it with eval FILE on mentions you collected",
      );
  } else if (values["few-shot"] !== undefined) {
    const shots = Number(values["few-shot"]);
    const count = values.seeds === undefined ? 5 : Number(values.seeds);
    if (!Number.isInteger(count) || count < 1)
      throw new UsageError(`--seeds needs a whole number >= 1, got ${values.seeds}`);
    const seeds = Array.from({ length: count }, (_, i) => i + 1);
    let result: FewShotEvaluation;
    try {
      result = fewShot(pack, shots, seeds);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    evaluation = result;
    const bySeed = result.accuracyBySeed.map((a) => `${(a * 100).toFixed(1)}%`).join(", ");
    title = `few-shot: ${shots} examples per intent, the rest held out, ${count} seeds (per seed: ${bySeed})`;
    if (result.untested.length)
      notes.push(
        `not tested (${shots} examples or fewer, so all of them trained): ${result.untested.join(", ")}; ` +
          "the figure covers the other intents only",
      );
  } else if (values.sentences) {
    const items: SituationLabeled[] = [...(pack.testSituations ?? new Map<string, TestSentence[]>())].flatMap(
      ([intent, sentences]) =>
        sentences.map((s) =>
          s.situation ? { text: s.text, intent, situation: s.situation } : { text: s.text, intent },
        ),
    );
    if (items.length === 0)
      throw new UsageError("no test sentences found (looked in --tests DIR, default test/intents)");
    evaluation = score(classifyAll(engine, items), engine.intentIds());
    title = "test sentences";
    situations = scoreSituations(engine, items);
  } else if (positionals[0]) {
    const items = readLabeled(positionals[0]);
    evaluation = score(classifyAll(engine, items), engine.intentIds());
    title = positionals[0];
    situations = scoreSituations(engine, items);
  } else {
    throw new UsageError(
      "eval needs a FILE, --cv K, --few-shot N or --sentences. See `sincerely eval --help`.",
    );
  }
  // Which pack and classifier code gave these figures: runs with the same key are comparable.
  const { model, pack: packKey, code: codeKey } = modelKeyParts(pack);
  if (values.json)
    console.log(
      JSON.stringify(
        situations?.labelled
          ? { ...evaluation, situations, model, packKey, codeKey, pack: dirs }
          : { ...evaluation, model, packKey, codeKey, pack: dirs },
        null,
        2,
      ),
    );
  else {
    console.log(packLine);
    console.log(formatEvaluation(evaluation, title));
    if (situations?.labelled) console.log(`\n${formatSituationEvaluation(situations)}`);
    const heldBack = evaluation.mistakes.filter((m) => m.belowThreshold?.guess === m.intent).length;
    if (heldBack > 0)
      notes.push(
        `${heldBack} ${heldBack === 1 ? "mention was" : "mentions were"} answered ${pack.settings.fallback_intent} only for being below the threshold, with the right intent as the best guess (--mistakes shows them; a lower threshold: in settings.yaml would keep them)`,
      );
    for (const note of notes) console.log(`\n${note}`);
    if (values.cv === undefined)
      console.log(
        `\nthreshold ${engine.threshold}${pack.settings.threshold === undefined ? " (chosen by cross-validation)" : " (from settings.yaml)"}`,
      );
    console.log(
      `model ${model} = pack ${packKey} + code ${codeKey} (same pack key: same training input; same code key: same classifier)`,
    );
    if (values.mistakes) {
      // Each few-shot seed trains with its own threshold; --cv applies one to every fold.
      const belowAt = values["few-shot"] !== undefined ? "" : ` ${cvThreshold ?? engine.threshold}`;
      console.log("\nmistakes:");
      for (const m of evaluation.mistakes)
        console.log(
          `  ${m.intent} → ${m.predicted} (${
            m.belowThreshold
              ? `below the threshold${belowAt}: best guess ${m.belowThreshold.guess} at ${m.belowThreshold.confidence}`
              : m.confidence
          }): ${m.text}`,
        );
      if (situations?.mistakes.length) {
        console.log("\nsituation mistakes (expected → drafted from):");
        for (const m of situations.mistakes) console.log(`  ${m.intent}/${m.expected} → ${m.got}: ${m.text}`);
      }
    }
  }
  return 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
