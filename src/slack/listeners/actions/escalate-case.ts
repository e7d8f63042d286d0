import { caseCommandButton } from "../../action-context.js";

/** Escalate: recorded by the service, then posted once to the department's channel. */
export const escalateCase = caseCommandButton(
  (deps, caseId, actor) => deps.runtime.cases.escalate(caseId, actor),
  (deps, caseId, audience) => void deps.cards.postEscalation(caseId, audience).catch(() => {}),
);
