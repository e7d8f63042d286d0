/**
 * scripts/build.js, on a tiny project of its own: the launchers run a build of exactly the current
 * sources (rebuilt when a file changed, never a stale one), and built code sees its source location.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPO, tempDir } from "../ops/helpers.js";

interface BuildModule {
  ensureBuilt(options: {
    root: string;
    entries: Record<string, string>;
    log: (line: string) => void;
  }): Promise<string>;
}

const load = async () =>
  (await import(pathToFileURL(path.join(REPO, "scripts", "build.js")).href)) as BuildModule;

describe("the build behind npm start and bin/sincerely.js", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir();
    root = t.dir;
    cleanup = t.cleanup;
    fs.mkdirSync(path.join(root, "src", "lib"), { recursive: true });
    fs.writeFileSync(path.join(root, "package.json"), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(root, "src", "lib", "word.ts"), 'export const word: string = "one";\n');
    fs.writeFileSync(path.join(root, "src", "lib", "asset.txt"), "an asset beside its source\n");
    fs.writeFileSync(
      path.join(root, "src", "main.ts"),
      [
        'import { readFileSync } from "node:fs";',
        'import { word } from "./lib/word.js";',
        "// Read relative to this source file, as the console reads its assets.",
        'const asset = readFileSync(new URL("./lib/asset.txt", import.meta.url), "utf8").trim();',
        "console.log(JSON.stringify({ word, asset, url: import.meta.url }));",
        "",
      ].join("\n"),
    );
  });
  afterEach(() => cleanup());

  const entries = { main: "src/main.ts" };
  const run = (outDir: string) =>
    JSON.parse(execFileSync(process.execPath, [path.join(outDir, "main.js")], { encoding: "utf8" })) as {
      word: string;
      asset: string;
      url: string;
    };

  it("builds once, reuses the build while nothing changed, and rebuilds after any change", async () => {
    const { ensureBuilt } = await load();
    const logged: string[] = [];
    const log = (line: string) => logged.push(line);

    const first = await ensureBuilt({ root, entries, log });
    expect(logged).toHaveLength(1);
    expect(run(first).word).toBe("one");

    expect(await ensureBuilt({ root, entries, log })).toBe(first);
    expect(logged).toHaveLength(1);

    // Same length, same modification time: still seen, as the content is what is hashed.
    const word = path.join(root, "src", "lib", "word.ts");
    const { mtime } = fs.statSync(word);
    fs.writeFileSync(word, 'export const word: string = "two";\n');
    fs.utimesSync(word, mtime, mtime);
    const second = await ensureBuilt({ root, entries, log });
    expect(second).not.toBe(first);
    expect(logged).toHaveLength(2);
    expect(logged[1]).toMatch(/src\/ changed since the last build; rebuilt/);
    expect(run(second).word).toBe("two");

    // A new file anywhere under src/ counts too.
    fs.writeFileSync(path.join(root, "src", "lib", "new.ts"), "export {};\n");
    expect(await ensureBuilt({ root, entries, log })).not.toBe(second);
  });

  it("keeps import.meta.url pointing at the source file, so files beside it are found", async () => {
    const { ensureBuilt } = await load();
    const out = await ensureBuilt({ root, entries, log: () => {} });
    const result = run(out);
    expect(result.asset).toBe("an asset beside its source");
    expect(result.url).toBe(pathToFileURL(path.join(fs.realpathSync(root), "src", "main.ts")).href);
  });

  it("leaves no half-written build behind when the sources do not compile", async () => {
    const { ensureBuilt } = await load();
    fs.writeFileSync(path.join(root, "src", "lib", "word.ts"), "export const word = ;\n");
    await expect(ensureBuilt({ root, entries, log: () => {} })).rejects.toThrow();
    expect(fs.readdirSync(path.join(root, "dist"))).toEqual([]);
  });
});
