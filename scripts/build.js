/**
 * The build that makes `npm start` and `sincerely` start fast: esbuild bundles src/ into
 * dist/<fingerprint>/ (one file per entry point; packages stay in node_modules), so a start loads
 * three bundles instead of transpiling ~100 TypeScript files through tsx's loader on every run.
 *
 * Never stale: the folder is named after a hash of every file under src/ (and of this script, the
 * tsconfig and esbuild's version), computed on every start. When src/ changed since the last build,
 * the launcher rebuilds before running (a few hundred ms) and says so on stderr; `npm install` builds
 * once ahead through the `prepare` script. Tests and `npm run dev` run src/ through tsx, never dist/.
 *
 * A build is written to a temporary folder and renamed into place, so a concurrent start sees a
 * whole build or none. The newest few builds are kept (a running app may still need its worker file).
 *
 * Plain JavaScript so that it runs before anything is built: `node scripts/build.js` builds now.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = fileURLToPath(import.meta.url);
export const PROJECT_ROOT = path.resolve(path.dirname(HERE), "..");

/** The entry points: each becomes dist/<fingerprint>/<name>.js. */
export const ENTRIES = {
  app: "src/app.ts",
  cli: "src/cli.ts",
  "pack-worker": "src/pack/pack-worker.ts",
};

/** How many builds to keep in dist/ (the current one and a few older ones still in use). */
const KEEP_BUILDS = 3;

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * A hash of everything the build depends on. Content, not modification times: a checkout that
 * restores an old file, or an editor that keeps the mtime, still gives the right answer.
 */
export function sourceFingerprint(root = PROJECT_ROOT) {
  const hash = createHash("sha256");
  const inputs = [
    ...listFiles(path.join(root, "src")).sort(),
    path.join(root, "tsconfig.json"),
    path.join(root, "package.json"),
  ];
  for (const file of inputs) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(root, file));
    hash.update("\0");
    hash.update(fs.readFileSync(file));
    hash.update("\0");
  }
  hash.update(fs.readFileSync(HERE));
  hash.update(esbuildVersion(root));
  return hash.digest("hex").slice(0, 16);
}

function esbuildVersion(root) {
  try {
    const pkg = path.join(root, "node_modules", "esbuild", "package.json");
    return JSON.parse(fs.readFileSync(pkg, "utf8")).version;
  } catch {
    return "none";
  }
}

/**
 * Keeps `import.meta.url` (and dirname/filename) meaning "this source file", as under tsx: the
 * console reads its assets beside src/console/server.ts, and other code finds the project root from
 * its own file. The replacement is relative to the bundle, so a moved checkout still works.
 */
function sourceLocationPlugin(outDir) {
  return {
    name: "source-location",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        let text = await fs.promises.readFile(args.path, "utf8");
        if (text.includes("import.meta.")) {
          const fromBundle = path.relative(outDir, args.path).split(path.sep).join("/");
          const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url)`;
          text = text
            .replace(/\bimport\.meta\.url\b/g, `${url}.href`)
            .replace(/\bimport\.meta\.filename\b/g, `__sincerelyPath(${url})`)
            .replace(/\bimport\.meta\.dirname\b/g, `__sincerelyDir(${url})`);
        }
        return { contents: text, loader: "ts" };
      });
    },
  };
}

// Defined once at the top of every bundle: the bundle's own URL (the code asks for it through
// `typeof __sincerelyBundleUrl`, see src/pack/pack-worker-client.ts), and the two path helpers above.
const BANNER = [
  'import { fileURLToPath as __sincerelyToPath } from "node:url";',
  'import { dirname as __sincerelyDirname } from "node:path";',
  "const __sincerelyBundleUrl = import.meta.url;",
  "const __sincerelyPath = (url) => __sincerelyToPath(url);",
  "const __sincerelyDir = (url) => __sincerelyDirname(__sincerelyToPath(url));",
].join("\n");

/** The folder of the build for the current sources, building it first when it does not exist. */
export async function ensureBuilt(options = {}) {
  const root = options.root ?? PROJECT_ROOT;
  const entries = options.entries ?? ENTRIES;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const distDir = path.join(root, "dist");
  const fingerprint = sourceFingerprint(root);
  const outDir = path.join(distDir, fingerprint);
  if (fs.existsSync(path.join(outDir, "build.json"))) return outDir;

  const started = Date.now();
  const esbuild = await import("esbuild");
  fs.mkdirSync(distDir, { recursive: true });
  const tmpDir = fs.mkdtempSync(path.join(distDir, `.tmp-${fingerprint}-`));
  fs.chmodSync(tmpDir, 0o755);
  try {
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, file])),
      outdir: tmpDir,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      // Shared code in chunks, and a dynamic import() stays lazy: the console alone never loads Bolt.
      splitting: true,
      chunkNames: "chunk-[hash]",
      // No source map: parsing one would cost start-up time; the bundle keeps names and layout readable.
      banner: { js: BANNER },
      // Errors come back in the exception (printed by runBuilt), not on stderr twice.
      logLevel: "silent",
      // Relative to the final folder, which has the same depth as the temporary one.
      plugins: [sourceLocationPlugin(outDir)],
    });
    fs.writeFileSync(
      path.join(tmpDir, "build.json"),
      `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString(), entries }, null, 2)}\n`,
    );
    try {
      fs.renameSync(tmpDir, outDir);
    } catch (error) {
      // Another process finished the same build first: theirs is identical.
      if (!fs.existsSync(path.join(outDir, "build.json"))) throw error;
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  } finally {
    // esbuild's JS API keeps a service child process; the app must not carry it along.
    await esbuild.stop();
  }
  pruneOldBuilds(distDir, outDir);
  log(
    `sincerely: src/ changed since the last build; rebuilt dist/${fingerprint} in ${Date.now() - started} ms`,
  );
  return outDir;
}

function pruneOldBuilds(distDir, current) {
  const builds = fs
    .readdirSync(distDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => path.join(distDir, e.name))
    .filter((dir) => dir !== current)
    .map((dir) => ({ dir, mtime: fs.statSync(dir).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(KEEP_BUILDS - 1)) fs.rmSync(old.dir, { recursive: true, force: true });
}

/** Builds (when needed) and runs one entry point of the current build in this process. */
export async function runBuilt(entry) {
  let outDir;
  try {
    outDir = await ensureBuilt();
  } catch (error) {
    process.stderr.write(
      `sincerely: building src/ failed:\n${error instanceof Error ? error.message : error}\n`,
    );
    process.exit(1);
  }
  await import(pathToFileURL(path.join(outDir, `${entry}.js`)).href);
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const outDir = await ensureBuilt({ log: () => {} });
  process.stdout.write(`sincerely: built ${path.relative(PROJECT_ROOT, outDir)}\n`);
}
