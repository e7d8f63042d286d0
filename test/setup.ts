/**
 * Every test file runs with this. Like zod's test setup: a test that writes to the console fails,
 * because stray output is either a bug (an error swallowed into a log) or noise that hides one.
 * Code under test takes a logger; tests pass one that keeps lines in memory.
 */
import { afterEach, beforeEach, type MockInstance, vi } from "vitest";

const METHODS = ["log", "info", "warn", "error", "debug"] as const;
let spies: MockInstance[] = [];
let output: string[] = [];

beforeEach(() => {
  output = [];
  spies = METHODS.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push(`console.${method}: ${args.map(String).join(" ")}`);
    }),
  );
});

afterEach(() => {
  for (const spy of spies) spy.mockRestore();
  if (output.length > 0) {
    throw new Error(`The test wrote to the console; pass a logger instead:\n${output.join("\n")}`);
  }
});
