// `npm start`: runs the current build of src/app.ts in this very process (rebuilt first when src/
// changed; scripts/build.js). No wrapper process: SIGINT/SIGTERM reach the app, which shuts down.
import { runBuilt } from "./build.js";

await runBuilt("app");
