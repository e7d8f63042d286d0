import { formatProblem } from "../core/problems.js";
import { loadPack } from "../pack/load.js";
import { packDirs, parse } from "./common.js";

export const validateHelp = `sincerely validate [--pack DIR] [--intents DIR] [--replies DIR] [--tests DIR] [--json]
Checks every intent, reply, department, settings and test file, alone and against each other.
Prints one "file:line: message" per problem; exit 0 when there are no errors, 1 otherwise.
Pack: --pack DIR, or --intents DIR --replies DIR [--tests DIR]; validate reads and writes no cache.`;

export async function runValidate(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  if (values.help) {
    console.log(validateHelp);
    return 0;
  }
  const build = loadPack(packDirs(values));
  const errors = build.problems.filter((p) => p.severity === "error");
  if (values.json) {
    console.log(JSON.stringify({ ok: errors.length === 0, problems: build.problems }, null, 2));
  } else {
    for (const problem of build.problems) console.log(formatProblem(problem));
    const warnings = build.problems.length - errors.length;
    const files = new Set(build.problems.map((p) => p.file)).size;
    const counted = `${plural(errors.length, "error")}, ${plural(warnings, "warning")}${files ? ` in ${plural(files, "file")}` : ""}`;
    if (build.pack) {
      const { intents, replies, departments, tests } = build.pack;
      const examples = intents.reduce((n, i) => n + i.examples.length, 0);
      const situations = [...replies.values()].reduce((n, r) => n + r.situations.length, 0);
      const sentences = [...tests.values()].reduce((n, t) => n + t.length, 0);
      // Situations and test sentences are counted too, so that a tests/ folder that was not read shows.
      console.log(
        `ok: ${plural(intents.length, "intent")}, ${plural(examples, "example")}, ${plural(replies.size, "reply file")} (${plural(situations, "situation")}), ${plural(departments.length, "department")}, ${plural(sentences, "test sentence")}; ${counted}`,
      );
    } else {
      console.log(counted);
    }
  }
  return errors.length === 0 ? 0 : 1;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
