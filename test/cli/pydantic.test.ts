/**
 * pydantic-v2 end to end: the CLI on a v2 project whose route dumps a schema
 * imported from another module the v1 way, `--fix` renaming what maps one to
 * one, and a monorepo service pinned to Pydantic 1 left alone.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, runCli, summarize } from "./run-cli.js";

const BLOG = "rules/pydantic-v2/fixtures/blog";
const tmp = mkdtempSync(join(tmpdir(), "layerlint-pydantic-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("pydantic-v2 on a project", () => {
  it("reports the v1 API across modules, with exit code 1", () => {
    const { code, stdout } = runCli([BLOG]);
    expect(stdout).toBe(
      readFileSync(join(REPO, "test/cli/expected/pydantic-blog.stylish.txt"), "utf8"),
    );
    expect(code).toBe(1);
  });

  it("--fix renames the one-to-one methods and keywords; validators and Config stay reported", () => {
    const dir = join(tmp, "blog");
    cpSync(join(REPO, BLOG), dir, { recursive: true });
    runCli([dir, "--fix"]);
    const routes = readFileSync(join(dir, "app/routes/posts.py"), "utf8");
    expect(routes).toContain("print(post_in.model_dump())");
    expect(routes).toContain("return PostRead.model_json_schema()");
    expect(readFileSync(join(dir, "app/schemas/comment.py"), "utf8")).toContain(
      'Field(min_length=1, pattern=r"\\S")',
    );
    const left = summarize(runCli([dir, "-f", "json"]).stdout, dir);
    expect(left).toEqual([
      'app/schemas/comment.py:8:5 error layerlint/pydantic-v2 "@validator" is the Pydantic v1 API; use "@field_validator".',
      'app/schemas/comment.py:12:11 error layerlint/pydantic-v2 Model "CommentCreate" is configured with the Pydantic v1 "class Config:"; use "model_config = ConfigDict(from_attributes=True, str_strip_whitespace=True)".',
    ]);
  });

  it("leaves a service whose requirements pin pydantic==1.10.13 alone", () => {
    const { code, stdout } = runCli(["rules/pydantic-v2/fixtures/legacy"]);
    expect(stdout).toBe("");
    expect(code).toBe(0);
  });
});
