#!/usr/bin/env node
// `npx sincerely <command>`: runs the current build of src/cli.ts, rebuilt first when src/ changed
// (scripts/build.js), so no TypeScript is transpiled on a normal run.
import { runBuilt } from "../scripts/build.js";

await runBuilt("cli");
