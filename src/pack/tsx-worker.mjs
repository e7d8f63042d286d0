// Entry of a worker thread when the app runs from source (tests, `npm run dev`, the bench): Node 20
// does not apply `--import tsx` to a worker's own entry, so register tsx's loader here, then load
// the TypeScript module named in workerData. The built app (dist/) starts its bundled worker instead.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
