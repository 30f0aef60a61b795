/**
 * Issue 4's end-to-end checks: the CLI on a project whose models and Alembic
 * history agree (no findings at all), on projects with planted drift and
 * integrity problems (exactly the findings their EXPECTED.md lists, and the
 * checked-in stylish output), and on the guideline's own migration example.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foundRows, plantedRows, REPO, runCli } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "layerlint-alembic-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `file line:col rule` rows from the markdown tables of a fixture's EXPECTED.md. */
function plantedRowsOf(fixture: string): string[] {
  return plantedRows(readFileSync(join(REPO, fixture, "EXPECTED.md"), "utf8"));
}

describe("models and migrations that agree", () => {
  it("have no findings from any rule (renames, a batch block, a merge, an index made only by a migration)", () => {
    const { code, stdout, stderr } = runCli(["test/fixtures/alembic-agree"]);
    expect(stderr).toBe("");
    expect(stdout).toBe("");
    expect(code).toBe(0);
  });
});

describe("--debug", () => {
  it("tells what the replay skipped, on stderr, without changing the report", () => {
    const { code, stdout, stderr } = runCli(["test/fixtures/alembic-agree", "--debug"]);
    expect(stdout).toBe("");
    expect(code).toBe(0);
    expect(stderr.split("\n").filter(Boolean)).toEqual([
      "layerlint: debug: 2 routes in 2 files",
      "layerlint: debug: 5 models, 5 tables",
      "layerlint: debug: 10 migrations replayed from alembic/versions: 5 tables",
      "layerlint: debug: test/fixtures/alembic-agree/alembic/versions/20240410_8f3b1d7a6c29_add_post_status.py:26: op.execute (SQL not replayed)",
      "layerlint: debug: test/fixtures/alembic-agree/alembic/versions/20240422_2c7e9a4f1d58_add_published_at_drop_password_hash.py:25: op.execute (SQL not replayed)",
    ]);
  });
});

describe.each([
  ["test/fixtures/alembic-drift", 13],
  ["test/fixtures/alembic-integrity", 4],
])("%s", (fixture, count) => {
  it("reports exactly the planted findings, where EXPECTED.md says", () => {
    const planted = plantedRowsOf(fixture);
    expect(planted.length).toBe(count);
    expect(foundRows(join(REPO, fixture))).toEqual(planted);
  });

  it("prints them readably", () => {
    const name = fixture.split("/").pop()!;
    const { code, stdout } = runCli([fixture]);
    expect(stdout).toBe(
      readFileSync(join(REPO, "test/cli/expected", `${name}.stylish.txt`), "utf8"),
    );
    expect(code).toBe(1);
  });
});

describe("the guideline's migration example (Core Principle 5)", () => {
  const source = join(REPO, "test/fixtures/guideline-migration");
  const migration = "alembic/versions/0001_add_posts_table.py";

  it("agrees with a matching Post model: nothing to report", () => {
    expect(foundRows(source)).toEqual([]);
  });

  it("without its op.create_index line, the foreign key posts.user_id has no index", () => {
    const copy = join(tmp, "guideline-migration");
    cpSync(source, copy, { recursive: true });
    const text = readFileSync(join(copy, migration), "utf8");
    const without = text.replace(
      "    op.create_index('ix_posts_user_id', 'posts', ['user_id'])\n",
      "",
    );
    expect(without).not.toBe(text);
    writeFileSync(join(copy, migration), without);
    expect(foundRows(copy)).toEqual(["app/models/post.py 17:5 layerlint/index-foreign-keys"]);
  });
});
