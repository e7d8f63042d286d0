/** Small HTTP helpers on node:http: cookies, capped form bodies, and an error carrying a status. */
import type { IncomingMessage } from "node:http";

import { MAX_BODY_BYTES } from "./limits.js";

export { MAX_BODY_BYTES };

/** A request refused with an HTTP status; the server renders it as an error page. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message = "",
    readonly headers: Record<string, string> = {},
  ) {
    super(message || String(status));
    this.name = "HttpError";
  }
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      if (!out.has(name)) out.set(name, decodeURIComponent(value));
    } catch {
      // A malformed cookie is ignored rather than failing the request.
    }
  }
  return out;
}

export interface CookieOptions {
  httpOnly?: boolean;
  maxAgeSeconds?: number;
  sameSite?: "Strict" | "Lax";
}

export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    `SameSite=${options.sameSite ?? "Strict"}`,
  ];
  if (options.httpOnly ?? true) parts.push("HttpOnly");
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join("; ");
}

/**
 * Reads an `application/x-www-form-urlencoded` body of at most `limit` bytes. Too large → 413
 * (checked on Content-Length first, then while streaming); another content type → 415.
 */
export async function readForm(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413);
  if (type !== "application/x-www-form-urlencoded") {
    // An empty POST (a button-only form sent by a tool) is allowed; anything else must be a form.
    if (declared > 0 || req.headers["transfer-encoding"]) throw new HttpError(415);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413);
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
