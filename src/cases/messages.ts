/**
 * Every message the case service shows a person, in one place so tests and front ends share them.
 */
export const caseMessages = {
  notFound: (id: string) => `No case ${id}. It may have been created in another DATA_DIR.`,
  forbidden: (who: string) =>
    `${who} may not decide on cases. Ask an admin to add you to the care team's approvers.`,
  alreadyDecided: (state: "approved" | "dismissed", who: string, when: string) =>
    `already ${state} by ${who} at ${when}`,
  writeReplyFirst: "There is no draft for this case: write a reply first.",
  emptyText: "The reply is empty: write a reply first.",
  draftProblems: (problems: string[]) => `The reply needs another look: ${problems.join("; ")}`,
  unknownAlternative: (situation: string, offered: string[]) =>
    offered.length
      ? `No alternative draft for situation "${situation}" on this case. Offered: ${offered.join(", ")}.`
      : `This case offers no alternative drafts (situation "${situation}" was asked for).`,
  unknownIntent: (intent: string, known: string[]) =>
    `Unknown intent "${intent}". Known intents: ${known.join(", ")}.`,
  unknownReason: (reason: string, known: readonly string[]) =>
    `Unknown dismiss reason "${reason}". Choose one of: ${known.join(", ")}.`,
  notEscalated: (id: string) => `Case ${id} has not been escalated, so it has no escalation thread.`,
  draftChanged: (text: string) => `the draft changed: ${text || "(no draft now)"}`,
  busy: (id: string) => `Case ${id} is being changed by many people at once; try again in a moment.`,
  claimedBy: (who: string, since: string) => `${who} is on it since ${since}`,
  notDismissed: (id: string) => `Case ${id} is not dismissed, so there is nothing to reopen.`,
  emptyMention: "The pasted text is empty: paste the customer's mention (handle, link and text).",
} as const;
