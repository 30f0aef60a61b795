import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, runCli, summarize } from "./run-cli.js";

const expected = (name: string) => readFileSync(join(REPO, "test/cli/expected", name), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "layerlint-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("layerlint on the bundled example", () => {
  it("prints the planted violations, readable, with exit code 1", () => {
    const { code, stdout } = runCli(["examples/fastapi-blog"]);
    expect(stdout).toBe(expected("fastapi-blog.stylish.txt"));
    expect(code).toBe(1);
  });

  it("gives byte-identical JSON with one process and with two", () => {
    const one = runCli(["examples/fastapi-blog", "-f", "json", "--concurrency", "off"]);
    const two = runCli(["examples/fastapi-blog", "-f", "json", "--concurrency", "2"]);
    expect(one.stdout.length).toBeGreaterThan(1000);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe("");
  });

  it("writes the same JSON to --output-file as to stdout, creating its directory", () => {
    const out = join(tmp, "reports", "nested", "layerlint.json");
    const printed = runCli(["examples/fastapi-blog", "-f", "json"]);
    const written = runCli(["examples/fastapi-blog", "-f", "json", "-o", out]);
    expect(written.stdout).toBe("");
    expect(written.code).toBe(1);
    expect(printed.stdout.endsWith("]\n")).toBe(true);
    expect(readFileSync(out, "utf8")).toBe(printed.stdout.slice(0, -1));
  });

  it("writes SARIF that names every finding's rule", () => {
    const { stdout } = runCli(["examples/fastapi-blog", "-f", "sarif"]);
    const sarif = JSON.parse(stdout);
    const ruleIds = sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort();
    expect(ruleIds).toEqual([
      "layerlint/layers",
      "layerlint/layers",
      "layerlint/no-db-in-routes",
      "layerlint/no-import-cycles",
      "layerlint/no-import-cycles",
      "layerlint/require-param-types",
      "layerlint/require-param-types",
      "layerlint/require-return-type",
      "layerlint/require-return-type",
    ]);
  });

  it("--quiet drops warnings; --max-warnings counts them", () => {
    const quiet = runCli(["examples/fastapi-blog", "--quiet"]);
    expect(quiet.stdout).not.toMatch(/\d+:\d+\s+warning/);
    expect(quiet.stdout).toContain("error");
    const dir = join(tmp, "warn-only");
    mkdirSync(dir);
    writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "w"\n');
    writeFileSync(join(dir, "util.py"), "def f(x) -> None:\n    print(x)\n");
    expect(runCli([dir, "--max-warnings", "0"]).code).toBe(1);
    expect(runCli([dir, "--max-warnings", "1"]).code).toBe(0);
    expect(runCli([dir]).code).toBe(0);
  });

  it("--fix writes `-> None` and leaves what it cannot fix", () => {
    const dir = join(tmp, "fix");
    cpSync(join(REPO, "examples/fastapi-blog"), dir, { recursive: true });
    runCli([dir, "--fix"]);
    const handlers = readFileSync(join(dir, "app/events/handlers.py"), "utf8");
    expect(handlers).toMatch(/async def handle_comment_created\([^)]*\) -> None:/);
    const after = summarize(runCli([dir, "-f", "json"]).stdout, dir);
    expect(after.filter((l) => l.includes("require-return-type"))).toEqual([
      'app/services/user_service.py:8:5 error layerlint/require-return-type Function "_normalize_email" has no return type annotation. Annotate what it returns.',
    ]);
  });
});

describe("bad input never stops a run", () => {
  it("gives one clear message per bad file and lints every other file", () => {
    const dir = join(tmp, "bad-input");
    cpSync(join(REPO, "test/fixtures/bad-input"), dir, { recursive: true });
    // Made here, not checked in: a 10 MB file and a directory symlink loop.
    writeFileSync(join(dir, "app/services/huge.py"), "x = 1\n".repeat(2_000_000));
    symlinkSync("..", join(dir, "app/services/loop"));
    const { code, stdout, stderr } = runCli([dir, "-f", "json"]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(summarize(stdout, dir).join("\n") + "\n").toBe(expected("bad-input.txt"));
  });

  it.skipIf(process.getuid?.() === 0)("reports an unreadable file as an error", () => {
    const dir = join(tmp, "unreadable");
    mkdirSync(dir);
    writeFileSync(join(dir, "pyproject.toml"), "");
    writeFileSync(join(dir, "secret.py"), "x = 1\n");
    chmodSync(join(dir, "secret.py"), 0);
    const { stdout } = runCli([dir, "-f", "json"]);
    expect(summarize(stdout, dir)).toEqual([
      "secret.py:1:1 error - File could not be read (EACCES).",
    ]);
  });
});

describe("usage and configuration errors exit 2 without a stack trace", () => {
  it("an unknown option", () => {
    const { code, stderr } = runCli(["--bogus"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^layerlint: Unknown option '--bogus'/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("a path that does not exist", () => {
    expect(runCli(["no/such/dir"])).toMatchObject({
      code: 2,
      stderr: "layerlint: No such file or directory: no/such/dir\n",
    });
  });

  it("bad option values, all at once", () => {
    const { code, stderr } = runCli(["-f", "xml", "--max-warnings=-1", "--concurrency", "zero"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        'layerlint: --format must be one of stylish, json, sarif; got "xml".',
        '--max-warnings takes a whole number >= 0; got "-1".',
        '--concurrency takes a number >= 1, auto or off; got "zero".',
        'Run "layerlint --help" for usage.',
        "",
      ].join("\n"),
    );
  });

  it("an invalid [tool.layerlint] lists every problem with its path", () => {
    const dir = join(tmp, "bad-config");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "pyproject.toml"),
      '[tool.layerlint]\nlayres = ["x"]\n\n[tool.layerlint.rules]\nlayers = "loud"\nno-such-rule = "error"\n',
    );
    writeFileSync(join(dir, "main.py"), "x = 1\n");
    const { code, stdout, stderr } = runCli([dir]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(expected("bad-config.txt"));
  });
});

describe("the small commands", () => {
  it("--version and --help", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    expect(runCli(["--version"])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: layerlint \[options\] \[paths\.\.\.\]/);
    expect(help.stdout).toContain("--concurrency <n>");
  });

  it("--print-config shows the root, the settings and every rule's severity", () => {
    const { code, stdout } = runCli(["examples/fastapi-blog", "--print-config"]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed.root).toBe(join(REPO, "examples/fastapi-blog"));
    expect(printed.rules).toEqual({
      "domain-exceptions": "warn",
      "endpoint-tests": "warn",
      "events-from-services": "error",
      "exceptions-mapped": "warn",
      "index-foreign-keys": "warn",
      "inject-dependencies": "error",
      layers: "error",
      "migration-for-model": "error",
      "migration-integrity": "error",
      "model-repr": "warn",
      "no-blocking-in-async": "error",
      "no-db-in-routes": "error",
      "no-god-service": "warn",
      "no-http-in-services": "error",
      "no-import-cycles": "error",
      "no-raw-sql": "error",
      "no-swallowed-errors": "error",
      "pydantic-v2": "error",
      "relationship-loading": "error",
      "require-docstrings": "warn",
      "route-contract": "warn",
      "require-param-types": "warn",
      "require-return-type": "error",
      "typed-models": "warn",
      "validate-input": "warn",
    });
    expect(printed.settings.layers.routes).toContain("endpoints");
  });

  it("a directory with no files to lint is not an error", () => {
    const dir = join(tmp, "empty-project");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), "{}");
    const { code, stderr } = runCli([dir]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/no files to lint/);
  });
});

describe("--cache", () => {
  it("gives the same findings from the cache, and sees a change in another file", () => {
    const dir = join(tmp, "cache");
    cpSync(join(REPO, "examples/fastapi-blog"), dir, { recursive: true });
    const cache = join(tmp, "cache-file");
    const first = runCli([dir, "-f", "json", "--cache", "--cache-location", cache]);
    const second = runCli([dir, "-f", "json", "--cache", "--cache-location", cache]);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(cache, "utf8")).toContain("post_service.py");
    // Breaking the cycle in one file removes the finding in the other, unchanged, file.
    const comment = join(dir, "app/services/comment_service.py");
    writeFileSync(
      comment,
      readFileSync(comment, "utf8").replace(
        "from app.services.post_service import PostService",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.services.post_service import PostService",
      ),
    );
    const third = summarize(
      runCli([dir, "-f", "json", "--cache", "--cache-location", cache]).stdout,
      dir,
    );
    expect(third.filter((l) => l.includes("no-import-cycles"))).toEqual([]);
  });
});
