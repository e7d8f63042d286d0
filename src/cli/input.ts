/**
 * One mention per input line: a JSON object with `text` (and optional `id`, `handle`), or plain text.
 */
export interface InputItem {
  id?: string;
  text: string;
  handle?: string;
  intent?: string;
  /** For `eval FILE`: the situation whose replies the draft should come from. */
  situation?: string;
}

export type ParsedLine = { ok: true; item: InputItem } | { ok: false; error: string } | { ok: "skip" };

export function parseInputLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (!trimmed) return { ok: "skip" };
  if (!trimmed.startsWith("{")) return { ok: true, item: { text: trimmed } };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, error: 'expected a JSON object with a "text" field' };
  const record = value as Record<string, unknown>;
  if (typeof record.text !== "string") return { ok: false, error: '"text" must be a string' };
  const optional = (key: string) =>
    typeof record[key] === "string" || typeof record[key] === "number" ? String(record[key]) : undefined;
  return {
    ok: true,
    item: {
      text: record.text,
      id: optional("id"),
      handle: optional("handle"),
      intent: optional("intent"),
      situation: optional("situation"),
    },
  };
}
