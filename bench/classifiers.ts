/**
 * The three classifiers compared, behind one interface. Each is trained on the same examples (a
 * fold's training part, or the whole pack) and answers with one intent per mention.
 *
 * - ours: Sincerely's IntentClassifier (through createEngine for the whole pack, as the app runs it);
 *   it also uses the pack's keywords and negative examples, which are part of the pack.
 * - nlpjs: @nlpjs/basic's Nlp with @nlpjs/lang-ko and @nlpjs/lang-en, one model per language. An
 *   example goes to the Korean model when it has Hangul, else to the English one; a mention is
 *   processed the same way. The answer is nlp.js's top intent (its own 0.5 "None" threshold ignored,
 *   which only helps it); no classification at all counts as the pack's fallback intent.
 * - fuse: fuse.js over the example sentences; the nearest example's intent wins (ignoreLocation and
 *   threshold 1 so long sentences are compared whole and there is always a nearest example).
 */
import type { Labeled } from "../src/core/evaluate.js";
import type { Pack } from "../src/core/types.js";

export type ClassifierName = "ours" | "nlpjs" | "fuse";
export const CLASSIFIERS: ClassifierName[] = ["ours", "nlpjs", "fuse"];
export const LABELS: Record<ClassifierName, string> = {
  ours: "Sincerely",
  nlpjs: "nlp.js (ko+en)",
  fuse: "fuse.js nearest example",
};

export interface TrainedClassifier {
  /** The intent for one mention. */
  classify(text: string): string | Promise<string>;
}

const HAS_HANGUL = /[\uAC00-\uD7A3]/;
const localeOf = (text: string) => (HAS_HANGUL.test(text) ? "ko" : "en");

const key = (intent: string, text: string) => `${intent}\u0000${text}`;

/** The pack's examples minus the held-out ones, exactly as `sincerely eval --cv` leaves them for training. */
export function trainingExamples(pack: Pack, heldOut: Labeled[] = []): Labeled[] {
  const held = new Set(heldOut.map((t) => key(t.intent, t.text)));
  return pack.intents.flatMap((i) =>
    i.examples.filter((text) => !held.has(key(i.id, text))).map((text) => ({ text, intent: i.id })),
  );
}

/**
 * Trains `name` on the pack's examples minus `heldOut` (a test fold; none = the whole pack).
 * Peer libraries are imported here, lazily, so a worker measuring one classifier loads only it.
 */
export async function train(
  name: ClassifierName,
  pack: Pack,
  heldOut?: Labeled[],
): Promise<TrainedClassifier> {
  const examples = trainingExamples(pack, heldOut);
  const fallback = pack.settings.fallback_intent;
  switch (name) {
    case "ours": {
      if (!heldOut) {
        const { createEngine } = await import("../src/core/engine.js");
        const engine = createEngine(pack);
        return { classify: (text) => engine.classify(text).intent };
      }
      // Exactly what `sincerely eval --cv` trains: the pack's intents with only the training examples.
      const { IntentClassifier } = await import("../src/core/classifier.js");
      const held = new Set(heldOut.map((t) => key(t.intent, t.text)));
      const intents = pack.intents.map((intent) => ({
        ...intent,
        examples: intent.examples.filter((text) => !held.has(key(intent.id, text))),
      }));
      const classifier = new IntentClassifier(intents, pack.settings);
      return { classify: (text) => classifier.classify(text).intent };
    }
    case "nlpjs": {
      const { Nlp, LangEn } = await import("@nlpjs/basic");
      const { LangKo } = await import("@nlpjs/lang-ko");
      const nlp = new Nlp({
        languages: ["ko", "en"],
        autoSave: false,
        autoLoad: false,
        calculateSentiment: false,
        nlu: { log: false },
      });
      nlp.use(LangKo);
      nlp.use(LangEn);
      for (const { text, intent } of examples) nlp.addDocument(localeOf(text), text, intent);
      await nlp.train();
      return {
        async classify(text) {
          const result = await nlp.process(localeOf(text), text);
          const top = result.classifications?.[0]?.intent ?? result.intent;
          return top && top !== "None" ? top : fallback;
        },
      };
    }
    case "fuse": {
      const { default: Fuse } = await import("fuse.js");
      const fuse = new Fuse(examples, { keys: ["text"], ignoreLocation: true, threshold: 1 });
      return { classify: (text) => fuse.search(text, { limit: 1 })[0]?.item.intent ?? fallback };
    }
  }
}
