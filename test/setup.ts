// Shared test setup for vitest (see vitest.config.ts). Empty for now; the lead may extend it.
export {};
