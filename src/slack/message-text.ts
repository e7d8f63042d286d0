/**
 * What a Slack message says, as pasted text: its own text plus the text of shared/forwarded messages
 * and unfurls (attachments), so "Draft a reply" on a forwarded X post or an unfurled link still gets
 * the customer's words, handle and post URL.
 */
import { fromSlackText } from "./escape.js";

export interface SlackAttachmentLike {
  text?: string;
  fallback?: string;
  title?: string;
  title_link?: string;
  from_url?: string;
  original_url?: string;
  author_subname?: string;
  author_name?: string;
  is_share?: boolean;
  message_blocks?: unknown;
}

export interface SlackMessageLike {
  text?: string;
  attachments?: SlackAttachmentLike[];
}

const POST_LINK =
  /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/[A-Za-z0-9_]{1,15}\/status(?:es)?\/\d+/i;

/** The plain text to make a case from; `dropUsers` removes mentions of the app itself. */
export function messageText(message: SlackMessageLike, dropUsers: readonly string[] = []): string {
  const parts: string[] = [];
  const own = fromSlackText(message.text ?? "", { dropUsers });
  if (own) parts.push(own);
  for (const a of message.attachments ?? []) {
    const part = attachmentText(a, dropUsers, parts.join("\n"));
    if (part && !parts.includes(part)) parts.push(part);
  }
  return parts.join("\n");
}

function attachmentText(a: SlackAttachmentLike, dropUsers: readonly string[], sofar: string): string {
  const body = fromSlackText(a.text || a.fallback || a.title || "", { dropUsers });
  if (!body) return "";
  // An X unfurl names the author as `@handle` and links the post: put them first, as staff paste them.
  const link = [a.original_url, a.from_url, a.title_link].find(
    (u) => u && POST_LINK.test(u) && !sofar.includes(u),
  );
  const handle = a.author_subname?.startsWith("@") ? a.author_subname : undefined;
  const head = link ?? (handle ? `${handle}:` : "");
  return `${head ? `${head} ` : ""}${body}`.trim();
}
