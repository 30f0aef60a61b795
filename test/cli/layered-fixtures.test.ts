/**
 * Issue 3's end-to-end check: the CLI on a project that follows the guidelines
 * (no findings at all) and on one with planted violations, whose findings must
 * be exactly the ones its VIOLATIONS.md lists, at those locations, and the
 * checked-in stylish output.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foundRows, plantedRows, REPO, runCli } from "./run-cli.js";

const LAYERED = "test/fixtures/fastapi-layered";
const VIOLATIONS = "test/fixtures/fastapi-violations";

describe("the guideline-following fixture", () => {
  it("has no findings from any rule", () => {
    const { code, stdout, stderr } = runCli([LAYERED]);
    expect(stderr).toBe("");
    expect(stdout).toBe("");
    expect(code).toBe(0);
  });
});

describe("the fixture with planted violations", () => {
  it("reports exactly the planted findings, where VIOLATIONS.md says", () => {
    const found = foundRows(join(REPO, VIOLATIONS));
    const planted = plantedRows(readFileSync(join(REPO, VIOLATIONS, "VIOLATIONS.md"), "utf8"));
    expect(planted.length).toBe(24);
    expect(found).toEqual(planted);
  });

  it("prints them readably, with exit code 1", () => {
    const { code, stdout } = runCli([VIOLATIONS]);
    expect(stdout).toBe(
      readFileSync(join(REPO, "test/cli/expected/fastapi-violations.stylish.txt"), "utf8"),
    );
    expect(code).toBe(1);
  });
});
