/**
 * Service levels: each intent's urgency (its file's `urgency`) gives the minutes a case may wait for
 * a decision (`sla` in intents/settings.yaml); older pending cases are overdue. Counted from when
 * the case reached us, the moment the team could first act on it.
 */
import type { Engine } from "../core/engine.js";
import type { Case } from "./types.js";

/** When a pending case of this intent becomes overdue, by the pack's SLA for the intent's urgency. */
export function slaMinutes(engine: Engine, intent: string): number {
  const urgency = engine.pack.intents.find((i) => i.id === intent)?.urgency ?? "normal";
  return engine.pack.settings.sla[urgency];
}

/** When the case is due: its arrival plus the SLA of its intent. */
export function dueAt(engine: Engine, c: Pick<Case, "createdAt" | "intent">): number {
  return Date.parse(c.createdAt) + slaMinutes(engine, c.intent) * 60_000;
}

export function isOverdue(
  engine: Engine,
  c: Pick<Case, "state" | "createdAt" | "intent">,
  now: Date,
): boolean {
  return c.state === "pending" && dueAt(engine, c) < now.getTime();
}

/**
 * The store's overdue filter (CaseQuery.overdueBefore): per intent of the pack, the instant before
 * which a pending case of it is overdue now. A case of an intent the pack no longer has is left out.
 */
export function overdueInstants(engine: Engine, now: Date): Record<string, string> {
  const before: Record<string, string> = {};
  for (const i of engine.pack.intents) {
    before[i.id] = new Date(now.getTime() - slaMinutes(engine, i.id) * 60_000).toISOString();
  }
  return before;
}
