/**
 * A short fingerprint of the draft a person saw. A page or a Slack button carries it, and approving
 * (or editing) checks it against the draft now: if someone changed the draft in between, the
 * approval is refused with the new text instead of sending words the approver never read. It is
 * about the draft only, so a claim or an escalation in between does not get in the way.
 */
import { createHash } from "node:crypto";

export function draftFingerprint(text: string | null | undefined): string {
  return createHash("sha256")
    .update(text ?? "")
    .digest("base64url")
    .slice(0, 12);
}
