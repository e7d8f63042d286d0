import { caseCommandButton } from "../../action-context.js";

/** "Use new template": after a reclassification kept an edited draft, the approver chose the template. */
export const redraftCase = caseCommandButton((deps, caseId, actor) =>
  deps.runtime.cases.redraft(caseId, actor),
);
