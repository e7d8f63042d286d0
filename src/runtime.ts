/**
 * The one set of services both front ends use: the store (the database), the engine, the case
 * service and status lines. The Slack app and the console are views over this, never copies of it.
 */
import { CaseService } from "./cases/case-service.js";
import type { StatusLines } from "./cases/status-lines.js";
import type { Actor } from "./cases/types.js";
import type { Config } from "./config.js";
import type { ActiveNotice } from "./core/types.js";
import { EngineHolder } from "./pack/holder.js";
import { openStore, type Store } from "./store/index.js";

export interface Runtime {
  config: Config;
  store: Store;
  engines: EngineHolder;
  cases: CaseService;
  statuses: StatusLines;
  clock: () => Date;
  /** Active surge notices by intent; filled in by the surge monitor. */
  notices: Map<string, ActiveNotice>;
  /** Whether `actor` may decide (approve, edit, set status lines): the case service's rule. */
  mayDecide(actor: Actor): boolean;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: () => Date;
  /** Test sentences to load with the pack (default: the config's, i.e. PACK_DIR's). */
  testsDir?: string;
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? (() => new Date());
  const engines = EngineHolder.load({
    intentsDir: config.INTENTS_DIR,
    repliesDir: config.REPLIES_DIR,
    testsDir: options.testsDir ?? config.TESTS_DIR,
  });
  const store = await openStore(config.DATA_DIR, {
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    clock,
  });
  const approvers = new Set(config.APPROVER_USER_IDS);
  const notices = new Map<string, ActiveNotice>();
  // Console and CLI users are already gated by loopback binding or CONSOLE_TOKEN; the approver list
  // names Slack users. An empty list lets anyone decide (the app warns about it at start).
  const mayDecide = (actor: Actor) =>
    actor.via !== "slack" || approvers.size === 0 || approvers.has(actor.id);
  const { service, statuses } = CaseService.fromStore(store, {
    engine: () => engines.engine,
    clock,
    timezone: config.TIMEZONE,
    mayDecide,
    notices: (intent) => notices.get(intent),
  });
  return {
    config,
    store,
    engines,
    cases: service,
    statuses,
    clock,
    notices,
    mayDecide,
    close: () => store.close(),
  };
}
