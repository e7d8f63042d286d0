/** `sincerely suggest` for situations: picks and telling edits become `when.examples` proposals. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Case } from "../../src/cases/types.js";
import { buildPack } from "../../src/core/pack.js";
import { collectSituationPicks, planWhenAdditions } from "../../src/ops/suggest-situations.js";
import { packFolder } from "../../src/pack/dirs.js";
import { readPackSources } from "../../src/pack/load.js";

const sources = readPackSources(packFolder("test/fixtures/situations"));
const pack = buildPack(sources).pack as NonNullable<ReturnType<typeof buildPack>["pack"]>;
const AT = "2026-12-01T05:00:00Z";
const actor = { id: "U1", via: "slack" as const };

function aCase(
  id: string,
  text: string,
  draft: Partial<NonNullable<Case["draft"]>>,
  events: Case["events"] = [],
): Case {
  return {
    id,
    version: 1,
    createdAt: AT,
    source: { kind: "console" },
    mention: { text },
    classification: {
      intent: "flight-delay",
      confidence: 0.8,
      alternatives: [],
      evidence: [],
      ambiguous: false,
      bestGuess: "flight-delay",
      language: "ko",
    },
    intent: "flight-delay",
    department: "ops",
    draft: {
      text: "x",
      length: 1,
      language: "ko",
      variant: "general#0",
      edited: false,
      situation: "general",
      ...draft,
    },
    state: "pending",
    events: [{ at: AT, actor, type: "created" }, ...events],
  };
}

describe("situation suggestions", () => {
  const picked = aCase("c1", "비행편 못 타게 됐는데 어떡하죠", { situation: "rebooking" }, [
    {
      at: AT,
      actor,
      type: "alternative-picked",
      before: { situation: "general" },
      after: { situation: "rebooking" },
    },
  ]);
  // Staff rewrote a general draft into a gate answer: that says the mention was about the gate.
  const edited = aCase("c2", "어디로 가서 타야 하는지 모르겠어요", {
    edited: true,
    situation: "general",
    text: "바뀐 탑승구는 앱 '운항 정보'와 공항 안내판에서 보실 수 있어요. 게이트는 23번입니다.",
  });
  const known = aCase("c3", "출발 지연이라는데 언제 출발해요?", { situation: "general" }, [
    {
      at: AT,
      actor,
      type: "alternative-picked",
      before: { situation: "general" },
      after: { situation: "delay-time" },
    },
  ]);
  const untouched = aCase("c4", "비행기 괜찮은 거죠?", {});

  it("reads picks from the audit and edits by which situation's replies they resemble", () => {
    const picks = collectSituationPicks([picked, edited, known, untouched], pack);
    expect(picks.map((p) => [p.caseId, p.from, p.to, p.how])).toEqual([
      ["c1", "general", "rebooking", "picked"],
      ["c2", "general", "gate-change", "edited"],
      ["c3", "general", "delay-time", "picked"],
    ]);
  });

  it("proposes new when.examples under the right situation, skips sentences the pack has, and validates", () => {
    const plan = planWhenAdditions(collectSituationPicks([picked, edited, known], pack), sources, pack);
    expect(plan.additions.map((a) => [a.situation, a.texts])).toEqual([
      ["rebooking", ["비행편 못 타게 됐는데 어떡하죠"]],
      ["gate-change", ["어디로 가서 타야 하는지 모르겠어요"]],
    ]);
    expect(plan.skipped.map((s) => s.text)).toEqual(["출발 지연이라는데 언제 출발해요?"]);
    expect(plan.problems).toEqual([]);
    const after = parse(plan.files[0]?.after as string) as {
      situations: Array<{ id: string; when?: { examples: string[] } }>;
    };
    expect(after.situations.find((s) => s.id === "rebooking")?.when?.examples).toContain(
      "비행편 못 타게 됐는데 어떡하죠",
    );
    expect(after.situations.find((s) => s.id === "gate-change")?.when?.examples).toContain(
      "어디로 가서 타야 하는지 모르겠어요",
    );
  });
});
