/** A problem in a data file, reported as `file:line: field: message` so an editor can jump to it. */
export interface Problem {
  file: string;
  line: number;
  message: string;
  severity: "error" | "warning";
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`;
}

/** Thrown when a pack cannot be used at all; carries every problem found. */
export class PackError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "PackError";
  }
}
