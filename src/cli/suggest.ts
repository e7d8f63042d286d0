import { buildPack } from "../core/pack.js";
import {
  applySuggestions,
  collectCorrections,
  type EvalSummary,
  planSuggestions,
  unifiedDiff,
} from "../ops/suggest.js";
import { collectSituationPicks, planWhenAdditions, type WhenPlan } from "../ops/suggest-situations.js";
import { dayBounds, isDate } from "../ops/time.js";
import { readPackSources } from "../pack/load.js";
import { parse, UsageError } from "./common.js";
import { OPS_PACK_OPTIONS, openDataForReading, opsEnvironment } from "./ops-env.js";

export const suggestHelp = `sincerely suggest [--write] [--since YYYY-MM-DD] [--cv K] [--json] [--pack DIR] [--intents DIR] [--replies DIR]
Lists the mentions staff reclassified, grouped by the intent they should have had, as additions to
the intent files' examples (a patch), with eval --cv K (default 5) before and after. Texts already in
the pack, under any intent, are skipped. Picked alternative drafts (and edits that read like another
situation's replies) become proposed \`when.examples\` for that situation in the reply files.
Nothing is written unless you pass --write.
  --since DATE  only cases created on or after DATE (in TIMEZONE)
Reads DATA_DIR (environment or .env, default ./data) without taking its lock.`;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const summary = (e: EvalSummary) =>
  `accuracy ${pct(e.accuracy)}, macro-F1 ${pct(e.macroF1)} (${e.total} examples)`;

export async function runSuggest(args: string[]): Promise<number> {
  const { values } = parse(args, {
    ...OPS_PACK_OPTIONS,
    write: { type: "boolean", default: false },
    since: { type: "string" },
    cv: { type: "string", default: "5" },
  });
  if (values.help) {
    console.log(suggestHelp);
    return 0;
  }
  const env = opsEnvironment(values);
  const folds = Number(values.cv);
  if (!Number.isInteger(folds) || folds < 2)
    throw new UsageError(`--cv ${values.cv} must be a whole number of at least 2`);
  if (values.since !== undefined && !isDate(values.since)) {
    throw new UsageError(`--since ${values.since} must be a date such as 2026-11-01`);
  }
  const source = await openDataForReading(env.dataDir, env.databaseUrl);
  let cases: Awaited<ReturnType<typeof source.listCases>>;
  try {
    cases = await source.listCases(
      values.since ? { since: dayBounds(values.since, env.timezone).start } : {},
    );
  } finally {
    await source.close();
  }
  let sources: ReturnType<typeof readPackSources>;
  try {
    sources = readPackSources(env.dirs);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const corrections = collectCorrections(cases);
  let plan: ReturnType<typeof planSuggestions>;
  try {
    plan = planSuggestions(corrections, sources, { folds });
  } catch (err) {
    console.error(`sincerely: ${(err as Error).message}`);
    return 1;
  }

  // Situations: picks and telling edits become `when.examples` proposals in the reply files.
  const pack = buildPack(sources).pack;
  const when: WhenPlan | undefined = pack
    ? planWhenAdditions(collectSituationPicks(cases, pack), sources, pack)
    : undefined;
  if (when?.files.length) {
    plan = {
      ...plan,
      files: [...plan.files, ...when.files],
      problems: [...plan.problems, ...when.problems],
      patch: plan.patch + when.files.map((f) => unifiedDiff(f.path, f.before, f.after)).join(""),
    };
  }

  let written: string[] = [];
  if (values.write && plan.files.length && !plan.problems.length) written = applySuggestions(plan);

  if (values.json) {
    // The patch says what changes; the whole file texts would only bury it.
    const situations = when
      ? { picks: when.picks, additions: when.additions, skipped: when.skipped }
      : undefined;
    console.log(
      JSON.stringify({ ...plan, files: plan.files.map((f) => f.path), situations, written }, null, 2),
    );
    return plan.problems.length ? 1 : 0;
  }

  const out: string[] = [];
  const count = plan.intents.reduce((n, i) => n + i.add.length, 0);
  out.push(
    `${corrections.length} reclassified mention${corrections.length === 1 ? "" : "s"}${values.since ? ` since ${values.since}` : ""}; ${count} new example${count === 1 ? "" : "s"} for ${plan.intents.length} intent${plan.intents.length === 1 ? "" : "s"}.`,
  );
  for (const i of plan.intents) {
    out.push("", `${i.intent}  (${i.file})`);
    for (const a of i.add)
      out.push(`  + ${JSON.stringify(a.text)}  — was ${a.from.join(", ")}; ${a.caseIds.join(", ")}`);
  }
  if (when?.picks.length) {
    out.push(
      "",
      `${when.picks.length} situation pick${when.picks.length === 1 ? "" : "s"} (alternatives chosen, or edits that read like another situation):`,
    );
    for (const a of when.additions) {
      out.push(`  ${a.intent} / ${a.situation}  (${a.file}) when.examples:`);
      for (const t of a.texts) out.push(`    + ${JSON.stringify(t)}`);
    }
    for (const s of when.skipped)
      out.push(`  skipped ${JSON.stringify(s.text)} → ${s.situation}: ${s.reason}`);
  }
  if (plan.skipped.length) {
    out.push("", "skipped:");
    for (const s of plan.skipped) out.push(`  ${JSON.stringify(s.text)} → ${s.intent}: ${s.reason}`);
  }
  out.push("", `eval --cv ${plan.folds} before: ${summary(plan.before)}`);
  if (plan.files.length) {
    out.push(
      plan.after
        ? `eval --cv ${plan.folds} after:  ${summary(plan.after)}  (the after figure also tests the added texts)`
        : "eval after: the pack with these additions does not validate",
    );
  }
  for (const p of plan.problems) out.push(`${p.file}:${p.line}: ${p.message}`);
  if (plan.patch) out.push("", plan.patch.trimEnd());
  out.push("");
  if (!plan.files.length) out.push("Nothing to add.");
  else if (plan.problems.length) out.push("Not written: the additions do not validate (see above).");
  else if (written.length)
    out.push(`Wrote ${written.join(", ")}. Run \`sincerely validate\` and commit the change.`);
  else out.push("Nothing was written. Run again with --write to apply this patch.");
  console.log(out.join("\n"));
  return plan.problems.length ? 1 : 0;
}
