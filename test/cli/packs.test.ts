/**
 * A pack is a folder: `init` writes one that validates, a pack copied anywhere works with --pack (and
 * with --intents/--replies, without the default pack's test sentences), and one `validate` run shows
 * every planted problem.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const AIRLINE = "test/fixtures/airline";
const fresh = (name: string) => mkdtempSync(join(tmpdir(), `sincerely-${name}-`));

describe("sincerely init", () => {
  it("writes a small pack that validates, evaluates and classifies", () => {
    const dir = join(fresh("init"), "pack");
    const init = runCli(["init", dir]);
    expect(init.status, init.stderr).toBe(0);
    // The next steps are spelled for where it ran: the npm script works only in the project folder.
    expect(init.stdout).toContain(`npm run --silent sincerely -- validate --pack ${dir}`);
    const elsewhere = runCli(["init", join(fresh("init-elsewhere"), "pack")], { cwd: fresh("init-cwd") });
    expect(elsewhere.stdout).toMatch(/^ {2}node \S+ validate --pack /m);
    expect(elsewhere.stdout).not.toContain("npm run");
    const validate = runCli(["validate", "--pack", dir]);
    expect(validate.status, validate.stdout).toBe(0);
    expect(validate.stdout).toMatch(
      /^ok: 2 intents, 24 examples, 1 reply file \(2 situations\), 2 departments, 5 test sentences; 0 errors, 0 warnings$/m,
    );
    // Its files explain themselves, and the replies use the situations shape with `general`.
    const replies = readFileSync(join(dir, "replies", "delivery-delay.yaml"), "utf8");
    expect(replies).toMatch(/^# /);
    expect(replies).toMatch(/^ {2}- id: general$/m);
    const sentences = JSON.parse(runCli(["eval", "--sentences", "--json", "--pack", dir]).stdout);
    expect(sentences.total).toBe(5);
    // The figures say which model gave them: the same pack, the same key; an edited example, another.
    expect(sentences.model).toMatch(/^[0-9a-f]{12}$/);
    const again = JSON.parse(runCli(["eval", "--sentences", "--json", "--no-cache", "--pack", dir]).stdout);
    expect(again.model).toBe(sentences.model);
    const intentFile = join(dir, "intents", "delivery-delay.yaml");
    writeFileSync(
      intentFile,
      readFileSync(intentFile, "utf8").replace(
        /^examples:\n/m,
        'examples:\n  - "택배가 어디쯤 왔는지 모르겠어요"\n',
      ),
    );
    const edited = JSON.parse(runCli(["eval", "--sentences", "--json", "--pack", dir]).stdout);
    expect(edited.model).not.toBe(sentences.model);
    // Apart: the pack's half changed with the edit, the code's half did not.
    expect(edited.packKey).not.toBe(sentences.packKey);
    expect(edited.codeKey).toBe(sentences.codeKey);
    expect(edited.codeKey).toMatch(/^[0-9a-f]{12}$/);
    const classified = runCli(["classify", "--pack", dir], { input: "택배가 일주일째 안 와요\n" });
    expect(JSON.parse(classified.stdout)).toMatchObject({ intent: "delivery-delay" });
  });

  it("writes examples in the languages asked for, and refuses a folder that is not empty", () => {
    const dir = fresh("init-ko");
    expect(runCli(["init", dir, "--lang", "ko"]).status).toBe(0);
    expect(readFileSync(join(dir, "intents", "delivery-delay.yaml"), "utf8")).not.toContain("Tracking");
    expect(runCli(["validate", "--pack", dir]).status).toBe(0);
    const again = runCli(["init", dir]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("is not empty");
    expect(runCli(["init", fresh("init-fr"), "--lang", "fr"]).stderr).toContain("--lang takes ko, en");
  });
});

describe("a pack copied to any folder", () => {
  const dir = fresh("airline");
  cpSync(AIRLINE, dir, { recursive: true });

  it("works with --pack, taking its own test sentences from DIR/tests", () => {
    expect(runCli(["validate", "--pack", dir]).status).toBe(0);
    const run = runCli(["eval", "--sentences", "--json", "--pack", dir]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).labels).toContain("flight-delay");
    expect(JSON.parse(run.stdout).total).toBe(18);
  });

  it("works with --intents/--replies without the default pack's test sentences", () => {
    const flags = ["--intents", join(dir, "intents"), "--replies", join(dir, "replies")];
    const validate = runCli(["validate", ...flags]);
    expect(validate.status, validate.stdout).toBe(0);
    expect(validate.stdout).not.toContain("test/intents");
    const pack = JSON.parse(runCli(["intents", "--json", ...flags]).stdout);
    expect(pack.intents.map((i: { id: string }) => i.id)).toContain("baggage");
    // Test sentences only when asked for, from where they are asked for.
    const withTests = runCli(["eval", "--sentences", "--json", ...flags, "--tests", join(dir, "tests")]);
    expect(JSON.parse(withTests.stdout).total).toBe(18);
  });
});

describe("sincerely validate reports every problem in one run", () => {
  it("lists a schema error, an unknown department and a too-long reply in different files, sorted", () => {
    const dir = fresh("planted");
    cpSync(AIRLINE, dir, { recursive: true });
    const edit = (file: string, from: RegExp, to: string) => {
      const path = join(dir, file);
      const text = readFileSync(path, "utf8");
      expect(text).toMatch(from);
      writeFileSync(path, text.replace(from, to));
    };
    edit(
      "intents/mileage.yaml",
      /^urgency: normal$|^department: loyalty$/m,
      "department: loyalty\nurgency: soon",
    );
    edit("intents/baggage.yaml", /^department: baggage-service$/m, "department: lost-and-found");
    edit(
      "replies/praise.yaml",
      /따뜻한 말씀 감사합니다!/,
      `따뜻한 말씀 감사합니다!${" 정말로 감사합니다.".repeat(25)}`,
    );
    const run = runCli(["validate", "--pack", dir]);
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split("\n");
    const problems = lines.slice(0, -1);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/intents\/baggage\.yaml:\d+: department: 'lost-and-found' is not in /);
    expect(problems[1]).toMatch(/intents\/mileage\.yaml:\d+: urgency: /);
    expect(problems[2]).toMatch(/replies\/praise\.yaml:\d+: .*weighted characters/);
    expect(lines.at(-1)).toBe("3 errors, 0 warnings in 3 files");
  });

  it("skips the checks a broken departments file would spoil, and says so", () => {
    const dir = fresh("broken-departments");
    cpSync(AIRLINE, dir, { recursive: true });
    writeFileSync(join(dir, "intents", "departments.yaml"), "departments: [ { id: x\n");
    const run = runCli(["validate", "--pack", dir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/departments\.yaml:1: warning: skipped until this file is fixed/);
    expect(run.stdout).not.toContain("is not in");
  });
});
