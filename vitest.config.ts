import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["./test/setup.ts"],
    include: ["test/**/*.test.ts", "rules/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/fixtures/**", "dist/**"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
