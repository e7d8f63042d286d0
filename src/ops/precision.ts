/**
 * Per-intent precision as measured by staff corrections: of the cases the classifier put under an
 * intent and that staff then decided (approved or dismissed), how many kept that intent. A case moved
 * to another intent counts against the intent the classifier chose.
 */
import type { Case } from "../cases/types.js";
import type { Pack } from "../core/types.js";
import type { OpsSource } from "./source.js";

const DAY = 24 * 60 * 60 * 1000;

export interface IntentPrecision {
  intent: string;
  title: { ko: string; en: string };
  /** Cases first classified as this intent and decided in the period. */
  decided: number;
  /** Of those, still under this intent when decided. */
  kept: number;
  /** kept / decided, or null when nothing was decided. */
  precision: number | null;
}

function decidedAt(c: Case): string | undefined {
  if (c.state === "approved") return c.approved?.at;
  if (c.state === "dismissed") return c.dismissed?.at;
  return undefined;
}

/** One row per intent of the pack (plus any other original intent seen), in pack order. */
export function computePrecision(
  cases: readonly Case[],
  options: { now: Date; pack: Pick<Pack, "intents">; days?: number },
): IntentPrecision[] {
  const to = options.now.getTime();
  const from = to - (options.days ?? 7) * DAY;
  const rows = new Map<string, { decided: number; kept: number }>();
  for (const intent of options.pack.intents) rows.set(intent.id, { decided: 0, kept: 0 });
  for (const c of cases) {
    const at = decidedAt(c);
    if (!at) continue;
    const t = Date.parse(at);
    if (t < from || t > to) continue;
    const original = c.classification.intent;
    const row = rows.get(original) ?? { decided: 0, kept: 0 };
    row.decided++;
    if (c.intent === original) row.kept++;
    rows.set(original, row);
  }
  const titles = new Map(options.pack.intents.map((i) => [i.id, i.title]));
  return [...rows].map(([intent, r]) => ({
    intent,
    title: titles.get(intent) ?? { ko: intent, en: intent },
    decided: r.decided,
    kept: r.kept,
    precision: r.decided ? Math.round((r.kept / r.decided) * 1000) / 1000 : null,
  }));
}

/** Precision over the last `days` days, read from the store (cases created up to twice as far back). */
export async function loadPrecision(
  source: Pick<OpsSource, "listCases">,
  options: { now: Date; pack: Pick<Pack, "intents">; days?: number },
): Promise<IntentPrecision[]> {
  const days = options.days ?? 7;
  const cases = await source.listCases({ since: new Date(options.now.getTime() - 2 * days * DAY) });
  return computePrecision(cases, { ...options, days });
}
