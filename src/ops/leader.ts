/**
 * One replica at a time runs the report scheduler and the surge monitor: whoever holds the lease row
 * (`leases`, the same on SQLite and PostgreSQL). The holder renews it on every check; if it dies or
 * hangs, the lease expires after `ttlMs` and the next replica to check takes over. Every replica
 * asks before it acts, so a replica that lost the lease stops acting at its next check.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Leases } from "../store/leases.js";

export function instanceId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export class Leadership {
  readonly #leases: Leases;
  readonly #name: string;
  readonly #owner: string;
  readonly #ttlMs: number;

  constructor(leases: Leases, name: string, owner: string, ttlMs: number) {
    this.#leases = leases;
    this.#name = name;
    this.#owner = owner;
    this.#ttlMs = ttlMs;
  }

  /** Takes or renews the lease; true while this replica leads. */
  isLeader(): Promise<boolean> {
    return this.#leases.acquire(this.#name, this.#owner, this.#ttlMs);
  }

  /** Hands the lease over at shutdown, so another replica takes over at its next check. */
  release(): Promise<void> {
    return this.#leases.release(this.#name, this.#owner);
  }
}
