import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Slack and console tests each start servers and lock a temp DATA_DIR; forks keep them isolated.
    pool: "forks",
  },
});
