import { caseCommandButton } from "../../action-context.js";

/** Claim / Take over: an explicit click always takes the case; the card then says who is on it. */
export const claimCase = caseCommandButton((deps, caseId, actor) =>
  deps.runtime.cases.claim(caseId, actor, { takeOver: true }),
);
