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
const LAYERING = [
  "no-db-in-routes",
  "no-raw-sql",
  "no-http-in-services",
  "inject-dependencies",
  "events-from-services",
];
const RULES = [
  "layers",
  "no-import-cycles",
  ...LAYERING,
  "require-return-type",
  "require-param-types",
  "no-blocking-in-async",
  "pydantic-v2",
];
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
        rules: {
          ...Object.fromEntries(RULES.map((id) => [`layerlint/${id}`, "error"])),
          // The examples live under test/, which the rule leaves alone by default.
          "layerlint/no-blocking-in-async": ["error", { ignoreTests: false }],
        },
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

  it("DON'T \"All logic in route handler\" reports the route's database access", () => {
    const found = lintFile("dont/all_logic_in_route.py").filter((l) =>
      l.includes("no-db-in-routes"),
    );
    expect(found).toEqual([
      'dont/all_logic_in_route.py:2:1 layerlint/no-db-in-routes Route "create_post" (POST /posts) touches the database: parameter "db: Session", "db.query()", "db.add()", "db.commit()". Move data access into a service (and a repository) and inject the service with Depends().',
    ]);
  });

  it("DON'T \"All logic in route handler\" reports the async route's synchronous session", () => {
    const found = lintFile("dont/all_logic_in_route.py").filter((l) =>
      l.includes("no-blocking-in-async"),
    );
    expect(found).toEqual([
      'dont/all_logic_in_route.py:5:16 layerlint/no-blocking-in-async Async function "create_post" queries through the synchronous Session "db" ("db.query()", "db.commit()"): each call blocks the event loop. Use `AsyncSession`, or make "create_post" a plain `def` if it is a route or dependency (FastAPI runs those in a thread pool).',
    ]);
  });

  it('DON\'T "God Service Classes" reports the service that mails, pays and reports', () => {
    // Under test/ the example is a test file; laid out as the service it is, it is checked.
    const project = join(tmp, "god");
    mkdirSync(join(project, "services"), { recursive: true });
    writeFileSync(join(project, "pyproject.toml"), '[project]\nname = "guideline"\n');
    cpSync(join(DIR, "dont/god_service.py"), join(project, "services/post_service.py"));
    const lines = summarize(runCli([project, "-f", "json"]).stdout, project);
    expect(lines.filter((l) => l.includes("no-god-service"))).toEqual([
      'services/post_service.py:2:7 warn layerlint/no-god-service Service "PostService" also handles email (send_email()), payments (process_payment()) and reports (generate_report()), which belong in services of their own. Split it into services with one concern each.',
    ]);
  });

  it('DON\'T "Raw SQL in Route Handlers" reports the SQL and the database access', () => {
    const found = lintFile("dont/raw_sql_in_route.py").filter((l) =>
      LAYERING.some((id) => l.includes(`layerlint/${id} `)),
    );
    expect(found.map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual([
      "dont/raw_sql_in_route.py:2:1 layerlint/no-db-in-routes",
      "dont/raw_sql_in_route.py:4:31 layerlint/no-raw-sql",
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
    const layering = ["layers", "no-import-cycles", ...LAYERING].join("|");
    expect(lines.filter((l) => new RegExp(`layerlint/(${layering}) `).test(l))).toEqual([]);
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
