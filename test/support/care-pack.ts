/**
 * The care fixture pack (test/fixtures/care): the small pack of the tests that are not about
 * classification — surge, report, precision, suggest, watch, Slack, console, process. It has the
 * default pack's intent, department and reply ids, so those tests never depend on intents/ and
 * replies/ at the repository root, which can then improve without breaking them.
 */
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
/** The pack folder (intents/, replies/; no tests/). */
export const CARE_PACK = path.join(REPO_ROOT, "test/fixtures/care");
export const CARE_INTENTS = path.join(CARE_PACK, "intents");
export const CARE_REPLIES = path.join(CARE_PACK, "replies");
/** The repository's own pack (intents/ and replies/ at the root), for the tests whose subject it is. */
export const DEFAULT_PACK = REPO_ROOT;
