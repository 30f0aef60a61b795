/**
 * The guideline's own code examples (test/fixtures/guideline, split from the seed).
 * The DO blocks of Core Principle 2 (type hints) are clean; other DO blocks were
 * written to show layering, not typing, and lack annotations the guideline itself
 * demands: those findings are listed in expected/guideline.txt (see the fixture's README).
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { REPO, runCli, summarize } from "./cli/run-cli.js";

const DIR = join(REPO, "test/fixtures/guideline");
const RULES = ["layers", "no-import-cycles", "require-return-type", "require-param-types"];
const tmp = mkdtempSync(join(tmpdir(), "layerlint-guideline-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function lintFile(rel: string): string[] {
  const messages = new Linter({ configType: "flat" }).verify(
    readFileSync(join(DIR, rel), "utf8"),
    [
      {
        files: ["**/*.py"],
        plugins: { layerlint: plugin },
        language: "layerlint/python",
        rules: Object.fromEntries(RULES.map((id) => [`layerlint/${id}`, "error"])),
      } as Linter.Config,
    ],
    join(DIR, rel),
  );
  return messages.map((m) => `${rel}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
}

const files = (sub: string) =>
  readdirSync(join(DIR, sub))
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((f) => `${sub}/${f}`);

describe("the guideline's own examples", () => {
  it("DO blocks: Core Principle 2 is clean; the other findings are the seed's own gaps", () => {
    expect(lintFile("do/type_hints.py")).toEqual([]);
    const all = files("do").flatMap(lintFile);
    expect(all.join("\n") + "\n").toBe(
      readFileSync(join(REPO, "test/cli/expected/guideline-do.txt"), "utf8"),
    );
  });

  it('DON\'T "No type hints": get_posts(limit=10, offset=0) raises both type rules', () => {
    expect(lintFile("dont/no_type_hints.py")).toEqual([
      'dont/no_type_hints.py:2:11 layerlint/require-return-type Function "get_posts" has no return type annotation. Annotate what it returns.',
      'dont/no_type_hints.py:2:21 layerlint/require-param-types Parameter "limit" of "get_posts" has no type annotation.',
      'dont/no_type_hints.py:2:31 layerlint/require-param-types Parameter "offset" of "get_posts" has no type annotation.',
    ]);
  });

  it("the layered DO example, laid out as the seed's paths, raises no layering finding", () => {
    // The seed names the files routes/posts.py, services/post_service.py and
    // repositories/post_repository.py, importing each other as `services.post_service`, etc.
    const project = join(tmp, "layered");
    mkdirSync(project);
    writeFileSync(join(project, "pyproject.toml"), '[project]\nname = "guideline"\n');
    for (const [from, to] of [
      ["do/layered_routes_posts.py", "routes/posts.py"],
      ["do/layered_services_post_service.py", "services/post_service.py"],
      ["do/layered_repositories_post_repository.py", "repositories/post_repository.py"],
      ["do/pydantic.py", "schemas/post.py"],
    ]) {
      mkdirSync(join(project, to, ".."), { recursive: true });
      cpSync(join(DIR, from), join(project, to));
    }
    const lines = summarize(runCli([project, "-f", "json"]).stdout, project);
    expect(lines.filter((l) => /layerlint\/(layers|no-import-cycles)/.test(l))).toEqual([]);
    // The same tree with the route reaching into the repository is the DON'T case.
    writeFileSync(
      join(project, "routes/posts.py"),
      "from repositories.post_repository import PostRepository\n",
    );
    const bad = summarize(runCli([project, "-f", "json"]).stdout, project);
    expect(bad.filter((l) => l.includes("layerlint/layers"))).toEqual([
      'routes/posts.py:1:1 error layerlint/layers Layer "routes" imports "repositories.post_repository" (repositories), skipping the services layer. Call a service that uses it, injected with Depends().',
    ]);
  });
});
