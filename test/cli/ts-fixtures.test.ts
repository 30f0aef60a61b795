/**
 * Issue 5's end-to-end checks: the CLI on a clean Express + Prisma + zod +
 * kafkajs project and a clean NestJS + TypeORM project (no findings at all,
 * near-misses included), and on their counterparts with planted violations,
 * whose findings must be exactly the rows of their VIOLATIONS.md and the
 * checked-in stylish output; and the bundled TypeScript example the README runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foundRows, plantedRows, REPO, runCli } from "./run-cli.js";

const PROJECTS = [
  { clean: "ts-express-prisma", planted: 27 },
  { clean: "ts-nest-typeorm", planted: 29 },
];

for (const { clean, planted } of PROJECTS) {
  const violations = `${clean}-violations`;

  describe(`the clean ${clean} fixture`, () => {
    it("has no findings from any rule", () => {
      const { code, stdout, stderr } = runCli([`test/fixtures/${clean}`]);
      expect(stderr).toBe("");
      expect(stdout).toBe("");
      expect(code).toBe(0);
    });
  });

  describe(`the ${violations} fixture`, () => {
    const dir = join(REPO, "test/fixtures", violations);

    it("reports exactly the planted findings, where VIOLATIONS.md says", () => {
      const rows = plantedRows(readFileSync(join(dir, "VIOLATIONS.md"), "utf8"));
      expect(rows.length).toBe(planted);
      expect(foundRows(dir)).toEqual(rows);
    });

    it("prints them readably, with exit code 1", () => {
      const { code, stdout } = runCli([`test/fixtures/${violations}`]);
      expect(stdout).toBe(
        readFileSync(join(REPO, "test/cli/expected", `${violations}.stylish.txt`), "utf8"),
      );
      expect(code).toBe(1);
    });
  });
}

describe("the bundled examples/express-shop", () => {
  const dir = join(REPO, "examples/express-shop");

  it("reports exactly its planted findings, and the README's output", () => {
    const rows = plantedRows(readFileSync(join(dir, "VIOLATIONS.md"), "utf8"));
    expect(rows.length).toBe(7);
    expect(foundRows(dir)).toEqual(rows);
    const { code, stdout } = runCli(["examples/express-shop"]);
    expect(stdout).toBe(
      readFileSync(join(REPO, "test/cli/expected/express-shop.stylish.txt"), "utf8"),
    );
    expect(code).toBe(1);
  });
});
