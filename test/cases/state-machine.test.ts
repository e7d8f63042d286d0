import { describe, expect, it } from "vitest";
import {
  type Command,
  check,
  DECIDER_COMMANDS,
  decidedMessage,
  nextState,
} from "../../src/cases/state-machine.js";
import type { Case, CaseState } from "../../src/cases/types.js";
import { makeCase } from "../store/fixtures.js";

const jane = { id: "U-JANE", name: "Jane", via: "slack" as const };
const at = "2026-11-22T05:03:00.000Z"; // 14:03 in Seoul

function inState(state: CaseState, escalated = false): Case {
  const c = makeCase("2026-11-22T05:00:00Z", { state });
  if (state === "approved") c.approved = { by: jane, at, text: "ok" };
  if (state === "dismissed") c.dismissed = { by: { id: "U-NO-NAME", via: "console" }, at, reason: "spam" };
  if (escalated) c.escalation = { department: "logistics", at, by: jane, replies: [] };
  return c;
}

const ALL: Command[] = ["approve", "dismiss", "edit", "reclassify", "escalate", "escalation-reply"];

describe("the case state machine", () => {
  it("allows every command on a pending, escalated case", () => {
    for (const command of ALL)
      expect(check(inState("pending", true), command, "Asia/Seoul")).toEqual({ ok: true });
  });

  it.each(["approved", "dismissed"] as const)("refuses decisions on a %s case as conflicts", (state) => {
    for (const command of ["approve", "dismiss", "edit", "reclassify", "escalate"] as const) {
      expect(check(inState(state), command, "Asia/Seoul")).toMatchObject({ ok: false, code: "conflict" });
    }
  });

  it.each(["pending", "approved", "dismissed"] as const)("takes escalation replies on a %s case", (state) => {
    for (const command of ["escalation-reply"] as const) {
      expect(check(inState(state, true), command, "Asia/Seoul")).toEqual({ ok: true });
    }
  });

  it("refuses escalation replies when there is no escalation", () => {
    expect(check(inState("pending"), "escalation-reply", "Asia/Seoul")).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });

  it("moves pending to approved or dismissed, and nowhere else", () => {
    expect(nextState("pending", "approve")).toBe("approved");
    expect(nextState("pending", "dismiss")).toBe("dismissed");
    expect(nextState("pending", "edit")).toBe("pending");
    expect(nextState("pending", "escalate")).toBe("pending");
    expect(nextState("approved", "dismiss")).toBe("approved");
    expect(nextState("dismissed", "approve")).toBe("dismissed");
  });

  it("only deciders may approve, dismiss, edit, reclassify, pick an alternative, escalate, claim and reopen", () => {
    expect([...DECIDER_COMMANDS].sort()).toEqual([
      "approve",
      "claim",
      "dismiss",
      "edit",
      "escalate",
      "pick-alternative",
      "reclassify",
      "redraft",
      "release",
      "reopen",
    ]);
  });

  it("names who decided and when, in the given timezone", () => {
    expect(decidedMessage(inState("approved"), "Asia/Seoul")).toBe("already approved by Jane at 14:03");
    expect(decidedMessage(inState("approved"), "UTC")).toBe("already approved by Jane at 05:03");
    // Without a name, the id.
    expect(decidedMessage(inState("dismissed"), "Asia/Seoul")).toBe(
      "already dismissed by U-NO-NAME at 14:03",
    );
  });
});
