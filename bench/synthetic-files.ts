/**
 * The synthetic pack of bench/synthetic-pack.ts written out as data files, so the app can load,
 * watch and reload it like a maintainer's pack: one intent file per synthetic intent, each with a
 * reply file (the default pack's praise replies under its id), and the default pack's settings,
 * departments and fallback intent.
 */
import fs from "node:fs";
import path from "node:path";
import { REPO } from "./lib.js";
import { syntheticPack } from "./synthetic-pack.js";

const q = (s: string) => JSON.stringify(s);

export function writeSyntheticPackFiles(dir: string): {
  intentsDir: string;
  repliesDir: string;
  intents: number;
  examples: number;
  firstIntent: string;
  firstReply: string;
} {
  const intentsDir = path.join(dir, "intents");
  const repliesDir = path.join(dir, "replies");
  fs.mkdirSync(intentsDir, { recursive: true });
  fs.mkdirSync(repliesDir, { recursive: true });
  for (const name of ["settings.yaml", "departments.yaml", "unknown.yaml"])
    fs.copyFileSync(path.join(REPO, "intents", name), path.join(intentsDir, name));
  const replyTemplate = fs.readFileSync(path.join(REPO, "replies", "praise.yaml"), "utf8");
  const { pack } = syntheticPack();
  for (const intent of pack.intents) {
    const lines = [
      `id: ${intent.id}`,
      `title: { ko: ${q(intent.title.ko)}, en: ${q(intent.title.en)} }`,
      `description: ${q(intent.description)}`,
      "department: social-care",
      "urgency: normal",
      "keywords:",
      ...intent.keywords.map((k) => `  - { term: ${q(k.term)}, weight: ${k.weight} }`),
      "examples:",
      ...intent.examples.map((e) => `  - ${q(e)}`),
      "",
    ];
    fs.writeFileSync(path.join(intentsDir, `${intent.id}.yaml`), lines.join("\n"));
    fs.writeFileSync(
      path.join(repliesDir, `${intent.id}.yaml`),
      replyTemplate.replace(/^intent: praise$/m, `intent: ${intent.id}`),
    );
  }
  const first = pack.intents[0]?.id as string;
  return {
    intentsDir,
    repliesDir,
    intents: pack.intents.length,
    examples: pack.intents.reduce((s, i) => s + i.examples.length, 0),
    firstIntent: `${first}.yaml`,
    firstReply: `${first}.yaml`,
  };
}
