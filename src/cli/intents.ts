import { cliCacheDir, loadPackOrExit, PACK_OPTIONS_HELP, packDirs, parse } from "./common.js";

export const intentsHelp = `sincerely intents [--pack DIR] [--json]
Lists the loaded pack: ids, titles, departments, keywords and example counts (--json: everything).
${PACK_OPTIONS_HELP}`;

export async function runIntents(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  if (values.help) {
    console.log(intentsHelp);
    return 0;
  }
  const pack = loadPackOrExit(packDirs(values), cliCacheDir(values));
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          intents: pack.intents.map(({ file: _file, ...intent }) => intent),
          departments: pack.departments,
          settings: pack.settings,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  for (const intent of pack.intents) {
    console.log(
      `${intent.id.padEnd(22)} ${intent.title.ko} / ${intent.title.en}  → ${intent.department}  (${intent.examples.length} examples, ${intent.keywords.length} keywords)`,
    );
  }
  return 0;
}
