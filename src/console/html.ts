/**
 * HTML output that is safe by default: `html\`...\`` escapes every interpolated value unless it is
 * already `SafeHtml` (the result of another `html` template). Customer text can only reach a page
 * through an interpolation, so it is always shown as text, never run.
 */

/** A piece of markup known to be safe: produced by `html` or `trusted`, never from raw input. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue =
  | SafeHtml
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  // `cond && html\`...\`` leaves false behind; booleans never print.
  if (value === null || value === undefined || typeof value === "boolean") return "";
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(value);
}

/** Tagged template: `html\`<p>${customerText}</p>\`` escapes `customerText`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Marks a constant written in this code base as markup. Never pass it anything from a request. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * An href that cannot run script: only our own paths (`/…`) and http(s) URLs pass; anything else
 * (`javascript:`, `data:`) becomes `#`. Escaping still happens in `html`.
 */
export function safeHref(url: string): string {
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : "#";
  } catch {
    return "#";
  }
}
