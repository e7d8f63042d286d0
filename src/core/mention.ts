/**
 * What staff paste: `@user: text`, `@user text`, a post URL (x.com or twitter.com, maybe wrapped in
 * Slack's `<url|label>` markup), or plain text. The handle and post id let the card open X's composer.
 */
import { companyOfHandle, handleKey } from "./classifier/other-companies.js";
import { sanitize } from "./normalize.js";
import type { Mention } from "./types.js";

const POST_URL =
  /<?(https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d{1,25})[^\s|>]*)(?:\|[^>]*)?>?/i;
const LEADING_HANDLE = /^(?:RT\s+)?@([A-Za-z0-9_]{1,15})\s*([:：])?\s+/;

/** The pack's own handles as a set, per handles array (the engine passes the same one every time). */
const ownHandleSets = new WeakMap<readonly string[], ReadonlySet<string>>();

export function parseMention(raw: string, ownHandles: readonly string[] = []): Mention {
  let own = ownHandleSets.get(ownHandles);
  if (!own) {
    own = new Set(ownHandles.map(handleKey));
    ownHandleSets.set(ownHandles, own);
  }
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
    // stays in the text, where the classifier reads it (classifier/other-companies.ts). Staff's
    // "@user: text" names the author, whoever it is.
    if (!leading[2] && !ours && companyOfHandle(handle)) break;
    text = text.slice(leading[0].length);
    if (ours) continue;
    mention.handle ??= handle;
    break;
  }
  // Same as /[ \t]+/g → " ", but only the runs that change are replaced (see renderTemplate).
  mention.text = text.replace(/[ \t]{2,}|\t/g, " ").trim();
  return mention;
}
