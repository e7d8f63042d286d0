import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../ops/helpers.js";
import { runCli } from "../support/cli.js";

const INPUT = [
  "예약한 아이폰 배송이 2주째 안 와요",
  "LTE keeps dropping in Gangnam",
  "요금제 얼마예요?",
].join("\n");

describe("the CLI's model cache (DATA_DIR/cache)", () => {
  let dataDir: string;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir();
    dataDir = path.join(t.dir, "data");
    cleanup = t.cleanup;
  });
  afterEach(() => cleanup());

  const cacheDir = () => path.join(dataDir, "cache");
  const files = () => fs.readdirSync(cacheDir()).sort();
  const classify = (...flags: string[]) => {
    const run = runCli(["classify", ...flags], { input: INPUT, env: { DATA_DIR: dataDir } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    return run.stdout;
  };

  it("trains on the first run, reuses the model on the next, and repairs a damaged file", () => {
    const first = classify();
    expect(files().map((f) => f.replace(/-[0-9a-f]+\.bin$/, ""))).toEqual(["model", "pack"]);
    const model = path.join(cacheDir(), files()[0] as string);
    const written = fs.statSync(model).mtimeMs;

    expect(classify()).toBe(first);
    expect(fs.statSync(model).mtimeMs).toBe(written);

    const bytes = fs.readFileSync(model);
    fs.writeFileSync(model, bytes.subarray(0, bytes.length >> 1));
    expect(classify()).toBe(first);
    expect(fs.readFileSync(model).equals(bytes)).toBe(true);
  });

  it("--no-cache trains afresh and writes nothing", () => {
    const fresh = classify("--no-cache");
    expect(fs.existsSync(cacheDir())).toBe(false);
    expect(classify()).toBe(fresh);
  });
});
