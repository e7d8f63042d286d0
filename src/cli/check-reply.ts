/**
 * `sincerely check-reply "TEXT"`: the sincerity check and X's weighted length for one reply or
 * template, without running `validate` on the whole pack: for rewording a refused reply.
 */
import { weightedLength, X_POST_LIMIT } from "../core/length.js";
import { detectLanguage } from "../core/normalize.js";
import { checkTemplateText, STEP_FORMS_HINT } from "../core/reply-pack.js";
import { SINCERITY_MESSAGES } from "../core/sincerity.js";
import { loadPack } from "../pack/load.js";
import { packDirs, parse, stdinLines, UsageError } from "./common.js";

export const checkReplyHelp = `sincerely check-reply ["TEXT" …] [--department ID] [--pack DIR] [--json]
Checks each reply or template given (or each line of standard input) as validate does: does it say what
happens next (a step) with who, where or when (an anchor), and does it fit one X post — exactly as
validate checks templates: {department}, {hotline} and {hours} from --department (default: the pack's
first); the sincerity with each specific's fallback ({wait|오래}, or its longest value when it has
none); the length with every placeholder at its longest ({handle} as a 16-character handle).
Exit 0 when every text passes, 1 otherwise.`;

export async function runCheckReply(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { department: { type: "string" } });
  if (values.help) {
    console.log(checkReplyHelp);
    return 0;
  }
  const build = loadPack(packDirs(values));
  // From departments.yaml alone: the rest of the pack may have errors (the reply being reworded).
  const departments = build.departments;
  if (departments.length === 0)
    throw new UsageError(
      "departments.yaml has no departments that parse, so {department} cannot be filled; `sincerely validate` says why",
    );
  const department = values.department ? departments.find((d) => d.id === values.department) : departments[0];
  if (!department)
    throw new UsageError(
      `no department '${values.department}'; the pack has ${departments.map((d) => d.id).join(", ")}`,
    );
  // Each argument is one reply (to compare wordings); none: one per line of standard input.
  const texts: string[] = [...positionals];
  if (texts.length === 0) for await (const line of stdinLines()) if (line.trim()) texts.push(line.trim());
  if (texts.length === 0) throw new UsageError('check-reply needs a text: sincerely check-reply "…"');

  let failed = 0;
  for (const text of texts) {
    const language = detectLanguage(text);
    // Exactly as validate checks a template: the same fill, the same sincerity, the same length.
    const { sincerity: check, length, filled } = checkTemplateText(text, department, departments, language);
    const fits = length <= X_POST_LIMIT;
    if (!check.ok || !fits) failed++;
    if (values.json) {
      console.log(JSON.stringify({ text, language, ...check, ok: check.ok && fits, length }));
      continue;
    }
    console.log(`${check.ok && fits ? "ok" : "refused"}: ${text}`);
    if (check.nextSteps.length)
      console.log(`  step: ${check.nextSteps.map((s) => JSON.stringify(s)).join(", ")}`);
    if (check.anchors.length) console.log(`  anchors: ${check.anchors.join(", ")}`);
    for (const problem of check.problems)
      console.log(
        `  ${problem}: ${SINCERITY_MESSAGES[language][problem]}${problem === "no-next-step" ? STEP_FORMS_HINT : ""}`,
      );
    console.log(
      `  length: ${length}/${X_POST_LIMIT} weighted characters at the longest${filled.length ? ` (${filled.join(", ")})` : ""}${fits ? "" : `; shorten it by ${length - X_POST_LIMIT}`}`,
    );
  }
  return failed === 0 ? 0 : 1;
}
