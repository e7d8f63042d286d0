/**
 * Slack text in and out. Customer text is untrusted: on the way out it is escaped so `<!channel>`,
 * `<@U…>`, links and entities in it never ping or format anything; on the way in, Slack's own markup
 * (links, mentions, entities) is turned back into the plain text staff pasted.
 */

/** Slack's limit for a section block's text (and a few other text fields). */
export const BLOCK_TEXT_LIMIT = 3000;

/** Escapes the three characters Slack treats as control sequences in mrkdwn and plain text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Cuts `text` so that, after escaping, it fits in `limit` characters together with the note.
 * Returns the escaped text and whether it was cut; the full text stays in the store.
 */
export function escapeAndTruncate(
  text: string,
  limit: number,
  note: (omitted: number) => string = truncationNote,
): { text: string; truncated: boolean } {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= limit) return { text: escaped, truncated: false };
  // Reserve room for the note (its length hardly depends on the number in it).
  const room = Math.max(0, limit - note(text.length).length - 1);
  let cut = 0;
  let used = 0;
  for (const ch of text) {
    const size = escapeMrkdwn(ch).length;
    if (used + size > room) break;
    used += size;
    cut += ch.length;
  }
  return { text: `${escapeMrkdwn(text.slice(0, cut))}…${note(text.length - cut)}`, truncated: true };
}

export function truncationNote(omitted: number): string {
  return `\n_(${omitted} more characters not shown: the full text is kept with the case)_`;
}

/** Quotes (already escaped) text as a mrkdwn block quote, line by line. */
export function blockQuote(escaped: string): string {
  return escaped
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

/**
 * The plain text behind a Slack message's `text`: `<https://x.com/a|x.com/a>` → the URL,
 * `<@U123|jane>` → `@jane`, `<#C1|care>` → `#care`, `<!channel>` → `@channel`, entities decoded.
 * Markup is only ever Slack's (a literal `<` typed by someone arrives as `&lt;`), so after
 * decoding, a customer's literal `<!channel>` is text again, and escaped again on every card.
 */
export function fromSlackText(text: string, options: { dropUsers?: readonly string[] } = {}): string {
  const drop = new Set(options.dropUsers ?? []);
  const plain = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = "", label] = splitOnce(inner, "|");
    if (target.startsWith("@")) {
      const id = target.slice(1);
      if (drop.has(id)) return "";
      return `@${label ?? id}`;
    }
    if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
    if (target.startsWith("!")) {
      const special = target.slice(1).split("^")[0] ?? "";
      if (special.startsWith("subteam")) return `@${label ?? "group"}`;
      if (special.startsWith("date")) return label ?? "";
      return `@${label ?? special}`;
    }
    if (target.startsWith("mailto:")) return label ?? target.slice("mailto:".length);
    // A link: keep the URL itself, it carries the handle and post id.
    return target;
  });
  return decodeEntities(plain).trim();
}

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}
