/**
 * The console's guards: who may connect (loopback, or CONSOLE_TOKEN otherwise), which Host names a
 * loopback console answers (DNS rebinding), cross-site form posts (SameSite cookie + double submit +
 * Origin/Referer/Sec-Fetch-Site), and the response headers every page carries.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

export const COOKIE = {
  csrf: "sincerely_csrf",
  token: "sincerely_token",
  lang: "sincerely_lang",
  flash: "sincerely_flash",
  /** The name this browser's person gave (loopback consoles have no login): audit and claims use it. */
  user: "sincerely_user",
} as const;

/** A console user name: letters (any script), digits, `.`, `_`, `-`. */
export const USER_NAME = /^[\p{L}\p{N}._-]{1,32}$/u;

export const CSRF_FIELD = "_csrf";

/** 127.0.0.0/8, ::1 and `localhost`: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  return h.startsWith("::ffff:127.");
}

/** The host name part of a Host header (`127.0.0.1:3000` → `127.0.0.1`, `[::1]:80` → `::1`). */
export function hostName(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(1, hostHeader.indexOf("]"));
  const colon = hostHeader.lastIndexOf(":");
  return colon === -1 ? hostHeader : hostHeader.slice(0, colon);
}

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

/** Constant-time comparison of two secrets of any length (hashing first evens the lengths). */
export function sameSecret(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The token a request carries: `Authorization: Bearer …`, `?token=…`, or the cookie `?token=` set. */
export function presentedToken(
  req: IncomingMessage,
  url: URL,
  cookies: Map<string, string>,
): { token?: string; from?: "header" | "query" | "cookie" } {
  const auth = req.headers.authorization;
  const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (bearer) return { token: bearer, from: "header" };
  const query = url.searchParams.get("token");
  if (query) return { token: query, from: "query" };
  const cookie = cookies.get(COOKIE.token);
  if (cookie) return { token: cookie, from: "cookie" };
  return {};
}

/**
 * Whether a POST comes from one of our own pages. The real protection is the SameSite=Strict
 * cookie matched against the hidden form field; the headers are a second line. Our pages send
 * `Referrer-Policy: no-referrer`, so browsers post our own forms with `Origin: null` and no
 * Referer: a missing or `null` Origin is therefore not by itself a reason to refuse.
 */
export function crossSiteReason(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  const site = req.headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.origin;
  if (origin && origin !== "null") {
    if (!host || originHost(origin) !== host.toLowerCase()) return `Origin ${origin} is not this console`;
    return undefined;
  }
  const referer = req.headers.referer;
  if (referer && (!host || originHost(referer) !== host.toLowerCase())) return "Referer is not this console";
  return undefined;
}

function originHost(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}
