/**
 * The `sincerely` command line: `npm run --silent sincerely -- <command> [args]`.
 * Each command lives in src/cli/<command>.ts and returns its exit code.
 */
import { runCheckReply } from "./cli/check-reply.js";
import { runClassify } from "./cli/classify.js";
import { UsageError } from "./cli/common.js";
import { runDb } from "./cli/db.js";
import { runEval } from "./cli/eval.js";
import { runExport } from "./cli/export.js";
import { runInit } from "./cli/init.js";
import { runIntents } from "./cli/intents.js";
import { runReport } from "./cli/report.js";
import { runSuggest } from "./cli/suggest.js";
import { runTriage } from "./cli/triage.js";
import { runValidate } from "./cli/validate.js";

type Command = (args: string[]) => Promise<number>;

export const COMMANDS: Record<string, { run: Command; summary: string }> = {
  init: { run: runInit, summary: "write a small pack to start your own (init DIR [--lang ko,en])" },
  classify: {
    run: runClassify,
    summary: "classify mentions from standard input (JSON lines or plain lines)",
  },
  validate: { run: runValidate, summary: "check every data file; file:line: message per problem" },
  "check-reply": {
    run: runCheckReply,
    summary: 'the sincerity check and length of one reply or template ("TEXT" or standard input)',
  },
  eval: {
    run: runEval,
    summary: "accuracy, macro-F1 and confusion matrix (FILE, --cv K, --few-shot N, --sentences)",
  },
  intents: { run: runIntents, summary: "list the loaded pack (--json for everything)" },
  triage: {
    run: runTriage,
    summary: "store mentions (JSON lines, plain lines or CSV) as pending cases in DATA_DIR",
  },
  report: {
    run: runReport,
    summary: "the daily report for --date as Markdown (--json, --svg FILE for the chart)",
  },
  suggest: {
    run: runSuggest,
    summary: "examples to add from staff reclassifications, with eval before/after (--write)",
  },
  db: {
    run: runDb,
    summary: "db migrate: apply schema migrations; db import SOURCE: move an old DATA_DIR or an export in",
  },
  export: {
    run: runExport,
    summary: "every case with its audit trail (--format jsonl|csv, --since, --until, --out FILE)",
  },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`);
  return [
    "usage: sincerely <command> [options]",
    "",
    ...rows,
    "",
    "Every command accepts --pack DIR (a folder with intents/, replies/ and optional tests/; default: the",
    "current folder, or PACK_DIR), or --intents DIR / --replies DIR (then test sentences only with --tests DIR).",
    "<command> --help for more.",
    "classify, eval, intents and report reuse the checked pack and model kept in DATA_DIR/cache; --no-cache builds afresh.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`sincerely: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(
        `sincerely: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exitCode = 1;
    }
  },
);
