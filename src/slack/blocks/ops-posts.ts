/** The daily report post and the data-file error post. Pure. */
import { formatProblem, type Problem } from "../../core/problems.js";
import { escapeMrkdwn } from "../escape.js";
import { type Block, context, mrkdwnSection } from "./format.js";

/** Slack's limit for the markdown blocks of one message, together. */
export const MARKDOWN_BLOCK_LIMIT = 12_000;

export function reportText(date: string): string {
  return `Daily report — ${date}`;
}

/**
 * The report's Markdown in a `markdown` block (the renderer already escaped customer text). A report
 * too long for one message is cut at a line, with the command that prints all of it.
 */
export function reportBlocks(date: string, markdown: string): Block[] {
  const note = `\n\n_(Cut to fit one Slack message: \`sincerely report --date ${date}\` prints all of it.)_`;
  let text = markdown.trimEnd();
  if (text.length > MARKDOWN_BLOCK_LIMIT) {
    const room = MARKDOWN_BLOCK_LIMIT - note.length;
    const cut = text.lastIndexOf("\n", room);
    text = `${text.slice(0, cut > 0 ? cut : room)}${note}`;
  }
  return [{ type: "markdown", text }, context("The chart of the day's intents is in the thread.")];
}

/** Room for the problem lines in one section block (3000 characters with the words around them). */
const PROBLEMS_ROOM = 2700;

/** `file:line: message` lines (escaped: file contents are no more trusted than customer text). */
export function problemsText(problems: readonly Problem[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const p of problems) {
    const line = escapeMrkdwn(formatProblem(p));
    if (lines.length && used + line.length + 1 > PROBLEMS_ROOM) break;
    lines.push(line.length > PROBLEMS_ROOM ? `${line.slice(0, PROBLEMS_ROOM - 1)}…` : line);
    used += line.length + 1;
  }
  const more = problems.length > lines.length ? `\n…and ${problems.length - lines.length} more.` : "";
  return `:warning: The edited data files have errors, so the last good pack is still in use. Fix these and save again:\n\`\`\`${lines.join("\n")}\`\`\`${more}`;
}

export function problemsBlocks(problems: readonly Problem[]): Block[] {
  return [mrkdwnSection(problemsText(problems), "pack-problems")];
}
