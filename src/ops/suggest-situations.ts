/**
 * Learning situations from staff: a picked alternative says "this mention is about that situation";
 * an edit whose text reads most like another situation's replies says the same. Both become proposed
 * `when.examples` additions in the reply files, shown by `sincerely suggest` and written with --write.
 * A mention already in the pack (an intent example, a test sentence or a `when` example) is skipped:
 * copying a test sentence into a cue is what `validate` refuses.
 */
import { parseDocument } from "yaml";
import type { Case } from "../cases/types.js";
import { sameSentenceKey } from "../core/normalize.js";
import { buildPack, type PackSources } from "../core/pack.js";
import type { Problem } from "../core/problems.js";
import { GENERAL_SITUATION, indexSituations, rankSituations } from "../core/situations.js";
import type { Pack, ReplySet } from "../core/types.js";

export interface SituationPick {
  caseId: string;
  intent: string;
  text: string;
  /** The situation the draft came from, and the one staff chose (by picking, or by what they wrote). */
  from: string;
  to: string;
  how: "picked" | "edited";
}

export interface WhenAddition {
  intent: string;
  situation: string;
  file: string;
  texts: string[];
  caseIds: string[];
}

export interface WhenPlan {
  picks: SituationPick[];
  additions: WhenAddition[];
  skipped: Array<{ text: string; situation: string; reason: string }>;
  files: Array<{ path: string; before: string; after: string }>;
  problems: Problem[];
}

/** The situation whose replies an edited text reads most like (its replies act as `when` examples). */
function situationOfReply(replies: ReplySet, text: string): string | undefined {
  const asCues = {
    situations: replies.situations.map((s) => ({
      ...s,
      keywords: [],
      examples: [...s.replies.ko, ...s.replies.en].map((r) => r.text.replace(/\{[^{}]*\}/g, " ")),
    })),
  };
  return rankSituations(indexSituations(asCues), text)[0]?.id;
}

/** Picks and telling edits, from the cases' audit events (the last one per case counts). */
export function collectSituationPicks(cases: readonly Case[], pack: Pack): SituationPick[] {
  const picks: SituationPick[] = [];
  for (const c of cases) {
    const replies = pack.replies.get(c.intent);
    if (!replies) continue;
    const picked = c.events.filter((e) => e.type === "alternative-picked").at(-1);
    const before = picked?.before as { situation?: string } | undefined;
    const after = picked?.after as { situation?: string } | undefined;
    if (picked && after?.situation && after.situation !== before?.situation) {
      const to = after.situation;
      picks.push({
        caseId: c.id,
        intent: c.intent,
        text: c.mention.text,
        from: before?.situation ?? "",
        to,
        how: "picked",
      });
      continue;
    }
    if (!c.draft?.edited || !c.draft.situation) continue;
    const to = situationOfReply(replies, c.draft.text);
    if (to && to !== c.draft.situation && to !== GENERAL_SITUATION)
      picks.push({
        caseId: c.id,
        intent: c.intent,
        text: c.mention.text,
        from: c.draft.situation,
        to,
        how: "edited",
      });
  }
  return picks;
}

/** Proposed `when.examples` additions for the picks, checked by re-building the pack with them. */
export function planWhenAdditions(
  picks: readonly SituationPick[],
  sources: PackSources,
  pack: Pack,
): WhenPlan {
  const known = new Set<string>();
  for (const i of pack.intents) for (const e of i.examples) known.add(sameSentenceKey(e));
  for (const list of pack.tests.values()) for (const t of list) known.add(sameSentenceKey(t));
  for (const r of pack.replies.values())
    for (const s of r.situations) for (const e of s.examples) known.add(sameSentenceKey(e));

  const additions = new Map<string, WhenAddition>();
  const skipped: WhenPlan["skipped"] = [];
  for (const p of picks) {
    const key = sameSentenceKey(p.text);
    const replies = pack.replies.get(p.intent);
    if (!replies || p.to === GENERAL_SITUATION) continue;
    if (!key || known.has(key)) {
      skipped.push({
        text: p.text,
        situation: p.to,
        reason: "already in the pack (example, test sentence or cue)",
      });
      continue;
    }
    known.add(key);
    const id = `${p.intent}/${p.to}`;
    const entry = additions.get(id) ?? {
      intent: p.intent,
      situation: p.to,
      file: replies.file,
      texts: [],
      caseIds: [],
    };
    entry.texts.push(p.text.replace(/\s+/g, " ").trim());
    entry.caseIds.push(p.caseId);
    additions.set(id, entry);
  }

  const newSources: PackSources = { ...sources, replies: sources.replies.map((f) => ({ ...f })) };
  const files: WhenPlan["files"] = [];
  for (const add of additions.values()) {
    const source = newSources.replies.find((f) => f.path === add.file);
    if (!source) continue;
    const doc = parseDocument(source.text);
    const list = (doc.toJS() as { situations?: Array<{ id: string }> }).situations ?? [];
    const at = list.findIndex((s) => s.id === add.situation);
    if (at < 0) continue;
    for (const text of add.texts) doc.addIn(["situations", at, "when", "examples"], text);
    const before = files.find((f) => f.path === add.file)?.before ?? source.text;
    source.text = doc.toString();
    const existing = files.find((f) => f.path === add.file);
    if (existing) existing.after = source.text;
    else files.push({ path: add.file, before, after: source.text });
  }
  const problems = files.length ? buildPack(newSources).problems.filter((p) => p.severity === "error") : [];
  return { picks: [...picks], additions: [...additions.values()], skipped, files, problems };
}
