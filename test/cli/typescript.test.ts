import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import { buildEslintOptions, SCRIPT_FILES } from "../../src/engine/eslint-options.js";
import { rules } from "../../src/rules.js";
import { REPO, runCli, summarize } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "layerlint-cli-ts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

/** The files of a JSON report, relative to `root`. */
function linted(stdout: string, root: string): string[] {
  return (JSON.parse(stdout) as { filePath: string }[])
    .map((r) => r.filePath.slice(root.length + 1))
    .sort();
}

const expressRoot = join(REPO, "test/fixtures/ts-express-layered");

describe("layerlint on TypeScript and JavaScript", () => {
  it("lints a TypeScript-only project: every .ts, .cjs, .js and .prisma file", () => {
    const { code, stdout, stderr } = runCli([expressRoot, "-f", "json"]);
    expect(stderr).toBe("");
    const files = linted(stdout, expressRoot);
    expect(files).toHaveLength(21);
    expect(files).toContain("prisma/schema.prisma");
    expect(files).toContain("scripts/seed.cjs");
    expect(files).toContain("src/services/index.ts");
    expect(
      JSON.parse(stdout).every((r: { fatalErrorCount: number }) => r.fatalErrorCount === 0),
    ).toBe(true);
    expect(code).toBe(0);
  });

  it("gives byte-identical JSON with one process and with two", () => {
    const nest = join(REPO, "test/fixtures/ts-nest-app");
    const one = runCli([nest, "-f", "json", "--concurrency", "off"]);
    const two = runCli([nest, "-f", "json", "--concurrency", "2"]);
    expect(linted(one.stdout, nest)).toHaveLength(15);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe("");
  });

  it("reports an unparsable file as one clean error and lints the others", () => {
    const root = write(join(tmp, "broken"), {
      "package.json": JSON.stringify({ name: "b", dependencies: { express: "4" } }),
      "src/services/post.service.ts": "export function f(: number {\n  return 1;\n}\n",
      "src/routes/posts.routes.ts":
        'import { f } from "../services/post.service";\nexport const g = f;\n',
      "src/legacy.js": "module.exports = function () { return <div/>; };\n",
    });
    const { code, stdout, stderr } = runCli([root, "-f", "json"]);
    expect(stderr).toBe("");
    expect(summarize(stdout, root)).toEqual([
      "src/services/post.service.ts:1:18 error - Parsing error: Parameter declaration expected.",
    ]);
    expect(linted(stdout, root)).toEqual([
      "src/legacy.js",
      "src/routes/posts.routes.ts",
      "src/services/post.service.ts",
    ]);
    expect(code).toBe(1);
  });

  it("says what is wrong with a TypeScript file that is not text, in its own terms", () => {
    const root = write(join(tmp, "binary"), {
      "package.json": JSON.stringify({ name: "bin", dependencies: { express: "4" } }),
      "src/services/a.service.ts": "export const a = 1;\n\u0000\n",
      "src/services/b.service.ts": "export const b = 1;\n",
    });
    writeFileSync(join(root, "src/services/c.service.ts"), Buffer.from([0x2f, 0x2f, 0xff, 0x0a]));
    const { stdout } = runCli([root, "-f", "json"]);
    expect(summarize(stdout, root)).toEqual([
      "src/services/a.service.ts:1:1 error - File contains a NUL byte on line 2; it is not a text source file.",
      "src/services/c.service.ts:1:1 error - File is not valid UTF-8 (byte 0xFF on line 1).",
    ]);
  });

  it("ignores disable directives written for other tools' rules", () => {
    const root = write(join(tmp, "directives"), {
      "package.json": JSON.stringify({ name: "d", dependencies: { express: "4" } }),
      "src/app.ts": [
        "/* eslint-disable @typescript-eslint/no-explicit-any */",
        "// eslint-disable-next-line no-console",
        "console.log(1);",
        "export const a: any = 1; // eslint-disable-line import/no-default-export",
        "",
      ].join("\n"),
    });
    const { code, stdout } = runCli([root, "-f", "json"]);
    expect(summarize(stdout, root)).toEqual([]);
    expect(code).toBe(0);
  });

  it("reports the Python and the TypeScript of a mixed repository in one run", () => {
    const root = write(join(tmp, "mixed"), {
      "pyproject.toml": '[project]\nname = "mixed"\ndependencies = ["fastapi"]\n',
      "app/__init__.py": "",
      "app/services/__init__.py": "",
      "app/services/post_service.py": "def publish(post):\n    return post\n",
      "notifier/package.json": JSON.stringify({ name: "notifier", dependencies: { express: "4" } }),
      "notifier/tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext" } }),
      "notifier/src/server.ts": "const port = ;\n",
      // why: a static script of the Python app is not a Node backend: not linted
      "app/static/app.js": "document.title = 'x';\n",
    });
    const { code, stdout } = runCli([root, "-f", "json"]);
    expect(linted(stdout, root)).toEqual([
      "app/__init__.py",
      "app/services/__init__.py",
      "app/services/post_service.py",
      "notifier/src/server.ts",
    ]);
    const findings = summarize(stdout, root);
    expect(findings.some((f) => f.startsWith("app/services/post_service.py:1:"))).toBe(true);
    expect(findings).toContain(
      "notifier/src/server.ts:1:13 error - Parsing error: Expression expected.",
    );
    expect(code).toBe(1);
  });

  it("treats Python found deeper than the top two levels as a Python project: its front end is left alone", () => {
    // AgentGPT's shape: the FastAPI app in platform/<package>/, a React client in web/.
    const root = write(join(tmp, "deep-python"), {
      "platform/pyproject.toml": '[project]\nname = "platform"\ndependencies = ["fastapi"]\n',
      "platform/reworkd/__init__.py": "",
      "platform/reworkd/services/task_service.py": "def run(task):\n    return task\n",
      "web/package.json": JSON.stringify({ name: "web", dependencies: { react: "18" } }),
      "web/src/services/api.ts": "export const load = async () => fetch('/api');\n",
      "worker/package.json": JSON.stringify({ name: "worker", dependencies: { kafkajs: "2" } }),
      "worker/src/consume.ts": "export const topic = 'tasks';\n",
    });
    // The repository's root: no manifest at the top, only the checkout.
    execFileSync("git", ["init", "-q"], { cwd: root });
    const { stdout } = runCli([root, "-f", "json"]);
    expect(linted(stdout, root)).toEqual([
      "platform/reworkd/__init__.py",
      "platform/reworkd/services/task_service.py",
      "worker/src/consume.ts",
    ]);
  });

  it("says nothing about the repository's old /* eslint-env */ comments, and still lints the file", () => {
    const root = write(join(tmp, "eslint-env"), {
      "package.json": JSON.stringify({ name: "e", dependencies: { express: "4" } }),
      "src/services/post.service.ts":
        "/* eslint-env node */\nexport function f(a: number) {\n  return a;\n}\n",
    });
    const { code, stdout } = runCli([root, "-f", "json"]);
    expect(summarize(stdout, root)).toEqual([
      'src/services/post.service.ts:2:17 error layerlint/require-return-type Function "f" has no return type annotation. Annotate what it returns.',
    ]);
    expect(JSON.parse(stdout)[0].fatalErrorCount).toBe(0);
    expect(code).toBe(1);
  });

  it("says nothing about the repository's own .eslintignore, on one thread or two", () => {
    const root = write(join(tmp, "eslintignore"), {
      "package.json": JSON.stringify({ name: "e", dependencies: { express: "4" } }),
      ".eslintignore": "dist\n",
      "src/services/post.service.ts": "export function f(): number {\n  return 1;\n}\n",
      "src/routes/posts.routes.ts":
        'import { f } from "../services/post.service";\nexport const g = f;\n',
    });
    for (const concurrency of ["off", "2"]) {
      const { code, stdout, stderr } = runCli([root, "--concurrency", concurrency]);
      expect(stderr).toBe("");
      expect(stdout).toBe("");
      expect(code).toBe(0);
    }
  });

  it("follows `stack` in the config: TypeScript on or off", () => {
    const root = write(join(tmp, "stack"), {
      "pyproject.toml": '[project]\nname = "s"\n\n[tool.layerlint.stack]\ntypescript = true\n',
      "app.py": "def f() -> None:\n    pass\n",
      "tools/build.js": "document.title = 'x';\n",
    });
    expect(linted(runCli([root, "-f", "json"]).stdout, root)).toEqual(["app.py", "tools/build.js"]);
    writeFileSync(
      join(root, "pyproject.toml"),
      '[project]\nname = "s"\n\n[tool.layerlint.stack]\npython = false\n',
    );
    // why: with Python off and TypeScript back to "auto", a Python project's script is not linted
    expect(runCli([root]).stderr).toMatch(/^layerlint: no files to lint under /);
    // why: a named file is linted whatever discovery would do, as ESLint does
    expect(linted(runCli([join(root, "tools/build.js"), "-f", "json"]).stdout, root)).toEqual([
      "tools/build.js",
    ]);
  });

  it("--debug says which tsconfig resolves and which imports find no file", () => {
    const root = write(join(tmp, "debug"), {
      "package.json": JSON.stringify({ name: "d", dependencies: { express: "4" } }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@/*": ["./src/*"] } } }),
      "src/app.ts":
        'import express from "express";\nimport { db } from "@/db";\nimport { x } from "@/nope";\n',
      "src/db.ts": "export const db = 1;\n",
    });
    const { stderr } = runCli([root, "--debug"], root);
    expect(
      stderr.split("\n").filter((l) => l.includes("TypeScript") || l.includes("resolv")),
    ).toEqual([
      "layerlint: debug: 2 TypeScript/JavaScript files; imports: 1 to project files, 1 to packages, 1 unresolved",
      "layerlint: debug: resolving with tsconfig.json",
      'layerlint: debug: src/app.ts:3: "@/nope" resolves to no file',
    ]);
  });

  it("lints only the TypeScript files changed since a ref with --since", () => {
    const root = join(tmp, "since");
    cpSync(expressRoot, root, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
        cwd: root,
        stdio: "ignore",
      });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "first");
    writeFileSync(join(root, "src/docs.ts"), "export const docs = 1;\n");
    writeFileSync(join(root, "src/health.ts"), "export const ok = true;\n");
    const { code, stdout } = runCli([root, "--since", "HEAD", "-f", "json"]);
    expect(linted(stdout, root)).toEqual(["src/docs.ts", "src/health.ts"]);
    expect(code).toBe(0);
  });
});

describe("the TypeScript config object", () => {
  const params = {
    root: expressRoot,
    settings: {},
    rules: Object.fromEntries(Object.keys(rules).map((id) => [id, "error"])),
    pythonVersion: "3.12",
    fix: false,
    cache: false,
    cacheLocation: join(tmp, "cache"),
  };

  it("enables for TypeScript only the rules that declare ESLint's JavaScript language", async () => {
    const options = buildEslintOptions({ ...params, typescript: true });
    const configs = options.overrideConfig as { name: string; files: string[]; rules: object }[];
    expect(configs.map((c) => c.name)).toEqual([
      "layerlint/python",
      "layerlint/prisma",
      "layerlint/typescript",
    ]);
    expect(configs[2].files).toEqual(SCRIPT_FILES);
    const withJs = Object.entries(rules)
      .filter(([, rule]) => rule.meta.languages.includes("js/js"))
      .map(([id]) => `layerlint/${id}`);
    expect(Object.keys(configs[2].rules).sort()).toEqual(withJs.sort());
    const withPython = Object.entries(rules)
      .filter(([, rule]) => rule.meta.languages.includes("layerlint/python"))
      .map(([id]) => `layerlint/${id}`);
    expect(Object.keys(configs[0].rules).sort()).toEqual(withPython.sort());
    // why: ESLint refuses the config if a Python-only rule is on for a .ts file
    const eslint = new ESLint(options);
    const config = await eslint.calculateConfigForFile(join(expressRoot, "src/app.ts"));
    expect(config.languageOptions.parser.meta.name).toBe("typescript-eslint/parser");
  });

  it("is left out of Python-only runs (the parser is not loaded)", () => {
    const options = buildEslintOptions(params);
    const configs = options.overrideConfig as { name: string }[];
    expect(configs.map((c) => c.name)).toEqual(["layerlint/python", "layerlint/prisma"]);
  });
});
