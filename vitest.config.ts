import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // End-to-end tests spawn the built CLI and pseudo-terminals and wait on them (and on the test
    // PostgreSQL): with two workers the suite kept 1.4 of the 2 cores busy, with three 1.9
    // (2 December). Every test waits for a condition, never a fixed time, so a busier machine
    // makes them slower, not flaky.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
