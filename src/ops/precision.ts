/**
 * Per-intent precision as measured by staff corrections: of the cases the classifier put under an
 * intent and that staff then decided (approved or dismissed), how many kept that intent. A case moved
 * to another intent counts against the intent the classifier chose.
 */
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

/** One row per intent of the pack (plus any other original intent seen), in pack order. */
export function precisionFromCounts(
  counts: ReadonlyArray<{ intent: string; decided: number; kept: number }>,
  pack: Pick<Pack, "intents">,
): IntentPrecision[] {
  const rows = new Map<string, { decided: number; kept: number }>();
  for (const intent of pack.intents) rows.set(intent.id, { decided: 0, kept: 0 });
  for (const c of counts) {
    const row = rows.get(c.intent) ?? { decided: 0, kept: 0 };
    row.decided += c.decided;
    row.kept += c.kept;
    rows.set(c.intent, row);
  }
  const titles = new Map(pack.intents.map((i) => [i.id, i.title]));
  return [...rows].map(([intent, r]) => ({
    intent,
    title: titles.get(intent) ?? { ko: intent, en: intent },
    decided: r.decided,
    kept: r.kept,
    precision: r.decided ? Math.round((r.kept / r.decided) * 1000) / 1000 : null,
  }));
}

/**
 * Precision over the last `days` days (cases created up to twice as far back), counted by the
 * database: one GROUP BY over the decided cases, not a read of every case of the period.
 */
export async function loadPrecision(
  source: Pick<OpsSource, "decisionCounts">,
  options: { now: Date; pack: Pick<Pack, "intents">; days?: number },
): Promise<IntentPrecision[]> {
  const days = options.days ?? 7;
  const to = options.now;
  const counts = await source.decisionCounts({
    createdSince: new Date(to.getTime() - 2 * days * DAY),
    from: new Date(to.getTime() - days * DAY),
    to,
  });
  return precisionFromCounts(counts, options.pack);
}
