import { caseCommandButton } from "../../action-context.js";

/** Reopen a dismissed case: pending again, audited; the card follows through onChange. */
export const reopenCase = caseCommandButton((deps, caseId, actor) =>
  deps.runtime.cases.reopen(caseId, actor),
);
