/**
 * What staff paste: `@user: text`, `@user text`, a post URL (x.com or twitter.com, maybe wrapped in
 * Slack's `<url|label>` markup), or plain text. The handle and post id let the card open X's composer.
 */
import { companyOfHandle, isUnknownBusinessHandle } from "./classifier/other-companies.js";
import { handleKey, sanitize } from "./normalize.js";
import type { Mention } from "./types.js";

const POST_URL =
  /<?(https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d{1,25})[^\s|>]*)(?:\|[^>]*)?>?/i;
const LEADING_HANDLE = /^(?:RT\s+)?@([A-Za-z0-9_]{1,15})\s*([:：])?\s+/;

/** A pack's handles as a set, per handles array (the engine passes the same one every time). */
const handleSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function handleSetOf(handles: readonly string[]): ReadonlySet<string> {
  let set = handleSets.get(handles);
  if (!set) {
    set = new Set(handles.map(handleKey));
    handleSets.set(handles, set);
  }
  return set;
}

function isAnotherCompany(handle: string, own: ReadonlySet<string>, other: ReadonlySet<string>): boolean {
  return (
    other.has(handleKey(handle)) ||
    companyOfHandle(handle) !== undefined ||
    isUnknownBusinessHandle(handle, own)
  );
}

/**
 * `ownHandles` are the pack's accounts (settings `own_handles`); `otherHandles` are other companies'
 * accounts its customers tag (settings `other_handles`), beside the companies the classifier knows.
 */
export function parseMention(
  raw: string,
  ownHandles: readonly string[] = [],
  otherHandles: readonly string[] = [],
): Mention {
  const own = handleSetOf(ownHandles);
  const other = handleSetOf(otherHandles);
  let text = sanitize(raw).replace(/\r\n?/g, "\n").trim();
  const mention: Mention = { text };
  const url = text.match(POST_URL);
  if (url) {
    const [whole, link, handle, postId] = url as unknown as [string, string, string, string];
    mention.postUrl = link.split("?")[0];
    mention.handle = handle;
    mention.postId = postId;
    text = text.replace(whole, " ").trim();
  }
  // `@user: text` or `@user text` names who to reply to; our own handle at the start only says
  // the post was addressed to us, so it is dropped and the next handle (if any) is the customer.
  for (let leading = text.match(LEADING_HANDLE); leading; leading = text.match(LEADING_HANDLE)) {
    const handle = leading[1] as string;
    const ours = own.has(handleKey(handle));
    // "@CoupangCS 로켓배송 언제 와요" is addressed to that company, not written by it: the handle
    // stays in the text, where the classifier reads it (classifier/other-companies.ts). So does a
    // handle built like a business's that is not ours (@skyway_air), when we know our own. Staff's
    // "@user: text" names the author, whoever it is.
    if (!leading[2] && !ours && isAnotherCompany(handle, own, other)) break;
    text = text.slice(leading[0].length);
    if (ours) continue;
    mention.handle ??= handle;
    break;
  }
  // Same as /[ \t]+/g → " ", but only the runs that change are replaced (see renderTemplate).
  mention.text = text.replace(/[ \t]{2,}|\t/g, " ").trim();
  return mention;
}
