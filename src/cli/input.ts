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
  /** When the customer posted it (ISO 8601), from a `posted_at` / `created_at` field. */
  postedAt?: string;
}

/** The fields a file may use for the mention's own time, in order of preference. */
export const POSTED_AT_FIELDS = ["posted_at", "postedAt", "created_at", "createdAt"] as const;

/**
 * A mention's posted time as ISO 8601 (UTC), or an error naming the field. Accepts ISO 8601 with a
 * zone, or Unix seconds/milliseconds (as exports from X and social tools give them).
 */
export function parsePostedAt(
  field: string,
  value: string,
): { ok: true; iso: string } | { ok: false; error: string } {
  const v = value.trim();
  let ms: number;
  if (/^\d{9,13}$/.test(v)) ms = v.length <= 10 ? Number(v) * 1000 : Number(v);
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v))
    ms = Date.parse(v.replace(" ", "T"));
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    return {
      ok: false,
      error: `"${field}" is not a date and time with a zone (like 2026-11-22T14:05:00+09:00): ${JSON.stringify(v.slice(0, 40))}`,
    };
  }
  return { ok: true, iso: new Date(ms).toISOString() };
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
  const item: InputItem = {
    text: record.text,
    id: optional("id"),
    handle: optional("handle"),
    intent: optional("intent"),
    situation: optional("situation"),
  };
  const field = POSTED_AT_FIELDS.find((f) => optional(f) !== undefined);
  if (field) {
    const posted = parsePostedAt(field, optional(field) as string);
    if (!posted.ok) return { ok: false, error: posted.error };
    item.postedAt = posted.iso;
  }
  return { ok: true, item };
}
