import { readFileSync } from "node:fs";
import { IntentClassifier } from "../core/classifier.js";
import {
  classifyAll,
  crossValidate,
  type Evaluation,
  formatEvaluation,
  type Labeled,
  score,
} from "../core/evaluate.js";
import { cliCacheDir, loadEngineOrExit, packDirs, parse, UsageError } from "./common.js";
import { parseInputLine } from "./input.js";

export const evalHelp = `sincerely eval FILE | --cv K | --sentences  [--json] [--mistakes]
  FILE      labeled JSON lines: {"text": "...", "intent": "..."}
  --cv K    K-fold cross-validation on the pack's own examples (stratified, deterministic)
  --sentences  train on the examples, test on the per-intent test sentences (--tests DIR, default test/intents)
Prints accuracy, macro-F1, per-intent precision/recall/F1 and a confusion matrix.`;

function readLabeled(path: string): Labeled[] {
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
    return [{ text: parsed.item.text, intent: parsed.item.intent }];
  });
}

export async function runEval(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    cv: { type: "string" },
    sentences: { type: "boolean", default: false },
    mistakes: { type: "boolean", default: false },
  });
  if (values.help) {
    console.log(evalHelp);
    return 0;
  }
  const engine = loadEngineOrExit(packDirs(values), cliCacheDir(values));
  const pack = engine.pack;
  let evaluation: Evaluation;
  let title: string;
  if (values.cv !== undefined) {
    const k = Number(values.cv);
    evaluation = crossValidate(pack, k);
    title = `${k}-fold cross-validation on ${pack.intents.length} intents`;
  } else if (values.sentences) {
    const items = [...pack.tests].flatMap(([intent, sentences]) =>
      sentences.map((text) => ({ text, intent })),
    );
    if (items.length === 0)
      throw new UsageError("no test sentences found (looked in --tests DIR, default test/intents)");
    evaluation = score(
      classifyAll(new IntentClassifier(pack.intents, pack.settings), items),
      engine.intentIds(),
    );
    title = "test sentences";
  } else if (positionals[0]) {
    const items = readLabeled(positionals[0]);
    evaluation = score(
      classifyAll(new IntentClassifier(pack.intents, pack.settings), items),
      engine.intentIds(),
    );
    title = positionals[0];
  } else {
    throw new UsageError("eval needs a FILE, --cv K, or --sentences. See `sincerely eval --help`.");
  }
  if (values.json) console.log(JSON.stringify(evaluation, null, 2));
  else {
    console.log(formatEvaluation(evaluation, title));
    if (values.mistakes) {
      console.log("\nmistakes:");
      for (const m of evaluation.mistakes)
        console.log(`  ${m.intent} → ${m.predicted} (${m.confidence}): ${m.text}`);
    }
  }
  return 0;
}
