/**
 * Parses a YAML data file and validates it with zod, translating every issue into
 * `file:line: path: message`. The line comes from the YAML node at the issue's path (or its
 * nearest existing parent, for a missing field).
 */
import { isMap, isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { Problem } from "./problems.js";

export interface SourceFile {
  /** Path as shown to the maintainer, e.g. `intents/praise.yaml`. */
  path: string;
  text: string;
}

export interface Located<T> {
  value: T;
  /** The 1-based line of the node at a path such as ["examples", 3]. */
  lineOf(path: ReadonlyArray<string | number>): number;
}

/**
 * What a syntax error most often means in a pack file, said beside the YAML library's wording:
 * `asks:` under a plain-string reply, or a field indented differently from its item's first field.
 */
function syntaxHint(text: string, line: number, message: string): string {
  const source = text.split("\n")[line - 1] ?? "";
  // A value starting with a character YAML reserves (% @ ` & * ! | > ' "): quote it.
  if (/cannot start with|reserved/i.test(message))
    return ' (a value that starts with % @ ` & * ! | or > must be in quotes: "% 할인")';
  if (/^\s*(?:asks|text):/.test(source))
    return ' (a reply with `asks:` is written `- text: "…"` with `asks: [...]` on the next line, lined up with `text:`)';
  if (/^\s+\w+:/.test(source)) return " (a field under a list item lines up with the item's first field)";
  return "";
}

const SPLIT_HINT =
  ' (a comma inside { … } ends the text before it: put text with a comma in quotes, en: "Check-in, boarding")';

export function parseYamlFile<S extends z.ZodType>(
  file: SourceFile,
  schema: S,
): { ok: true; data: Located<z.infer<S>> } | { ok: false; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: [
        ...doc.errors.map((e) => {
          // linePos is only filled in with prettyErrors; the offset always is.
          const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
          return {
            file: file.path,
            line,
            message: `YAML syntax: ${e.message.split("\n")[0]}${syntaxHint(file.text, line, e.message)}`,
            severity: "error" as const,
          };
        }),
        // A file that does not parse has nothing else checked: said, so that fixing the syntax
        // and meeting new problems in the same file is no surprise.
        {
          file: file.path,
          line: 1,
          message:
            "nothing else in this file is checked until it parses (fields, templates, sincerity, length)",
          severity: "warning" as const,
        },
      ],
    };
  }
  const lineOf = (path: ReadonlyArray<string | number>): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  // `{ en: Check-in, boarding }`: in a flow map a comma ends the value, and the rest becomes a field
  // with no value. Said in so many words, since "unknown field 'boarding'" hides the cause.
  const splitByComma = (path: ReadonlyArray<string | number>, keys: readonly string[]): boolean => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    return isMap(node) && node.flow === true && keys.some((key) => doc.getIn([...path, key]) == null);
  };
  // "situations[1] (balance).ko[0]": an entry of a list that has an id is named by it too, as the
  // cross-file checks name it, so nobody has to count entries.
  const labelledPath = (path: ReadonlyArray<string | number>): string => {
    let out = "";
    path.forEach((part, i) => {
      if (typeof part !== "number") {
        out += out ? `.${part}` : part;
        return;
      }
      out += `[${part}]`;
      const node = doc.getIn(path.slice(0, i + 1), true);
      const id = isMap(node) ? node.get("id") : undefined;
      if (typeof id === "string" && id) out += ` (${id})`;
    });
    return out;
  };
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.flatMap(branchIssues).map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        const where = labelledPath(path);
        const message =
          issue.code === "unrecognized_keys"
            ? `unknown field ${issue.keys.map((k) => `'${k}'`).join(", ")}${splitByComma(path, issue.keys) ? SPLIT_HINT : ""}`
            : issue.code === "invalid_type" && / received undefined$/.test(issue.message)
              ? `is missing (expected ${issue.expected})`
              : issue.message;
        return {
          file: file.path,
          line: lineOf(path),
          message: where ? `${where}: ${message}` : message,
          severity: "error" as const,
        };
      }),
    };
  }
  return { ok: true, data: { value: parsed.data, lineOf } };
}

type Issue = z.core.$ZodIssue;

/**
 * A value that fits neither form of a union ("a string, or `{ text, asks }`") is reported by zod as
 * "Invalid input". When the value had the shape of one branch (the others failed on its type at
 * the root), that branch's own problems say more ("asks[0]: Invalid option: expected one of
 * place|device|…"), so they are reported instead, at their full path.
 */
function branchIssues(issue: Issue): Issue[] {
  if (issue.code !== "invalid_union") return [issue];
  const fitting = issue.errors.filter(
    (branch) => !branch.some((inner) => inner.path.length === 0 && inner.code === "invalid_type"),
  );
  if (fitting.length !== 1) return [issue];
  return (fitting[0] as Issue[]).flatMap((inner) =>
    branchIssues({ ...inner, path: [...issue.path, ...inner.path] } as Issue),
  );
}
