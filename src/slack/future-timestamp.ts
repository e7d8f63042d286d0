/**
 * Slack's replay protection refuses a request whose `X-Slack-Request-Timestamp` is more than five
 * minutes old; Bolt's receiver checks only that side. A timestamp far in the future is as suspect (a
 * request signed ahead of time can be replayed until that time comes), so it is refused the same way,
 * before Bolt reads the body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** Whether the request's Slack timestamp lies more than five minutes ahead of `nowMs`. */
export function isFromTheFuture(req: IncomingMessage, nowMs = Date.now()): boolean {
  const raw = req.headers["x-slack-request-timestamp"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d+$/.test(value)) return false; // Bolt refuses a missing or malformed one itself
  return Number(value) - Math.floor(nowMs / 1000) > MAX_CLOCK_SKEW_SECONDS;
}

/** Wraps a receiver's request listener: future-dated requests get the 401 Bolt gives stale ones. */
export function refuseFutureTimestamps(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  onRefused: (req: IncomingMessage) => void = () => {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method === "POST" && isFromTheFuture(req)) {
      onRefused(req);
      req.resume();
      res.writeHead(401, { "content-type": "text/plain" });
      res.end("Request timestamp is in the future\n");
      return;
    }
    listener(req, res);
  };
}
