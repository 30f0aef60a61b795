import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isGenerated, lintFiles, processCount } from "../../src/engine/run.js";
import { planShards, ShardError } from "../../src/engine/shards.js";

const tmp = mkdtempSync(join(tmpdir(), "layerlint-engine-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("processCount", () => {
  it("off, and explicit counts capped by the number of files", () => {
    expect(processCount("off", 1000, 1e9)).toBe("off");
    expect(processCount(4, 1000, 1)).toBe(4);
    expect(processCount(4, 3, 1e9)).toBe(3);
    expect(processCount(1, 1000, 1e9)).toBe("off");
  });

  it("auto: a process per core, when each gets 4 MB of source", () => {
    const cores = availableParallelism();
    expect(processCount("auto", 100_000, 1e9)).toBe(cores > 1 ? cores : "off");
    expect(processCount("auto", 100_000, 7_900_000)).toBe("off");
    expect(processCount("auto", 100_000, 8_000_000)).toBe(cores > 1 ? 2 : "off");
  });
});

describe("planShards", () => {
  it("balances bytes, largest first into the lightest, and keeps each shard in input order", () => {
    const files = [
      { file: "a.py", bytes: 10 },
      { file: "b.py", bytes: 60 },
      { file: "c.py", bytes: 30 },
      { file: "d.py", bytes: 25 },
      { file: "e.py", bytes: 5 },
    ];
    expect(planShards(files, 2)).toEqual([
      ["b.py", "e.py"],
      ["a.py", "c.py", "d.py"],
    ]);
    expect(planShards(files.slice(0, 1), 3)).toEqual([["a.py"]]);
  });
});

describe("lintFiles", () => {
  it("turns a file that vanished after discovery into one error, and lints the rest", async () => {
    writeFileSync(join(tmp, "pyproject.toml"), "");
    writeFileSync(join(tmp, "ok.py"), "def f(x: int):\n    print(x)\n");
    const { results } = await lintFiles(
      {
        root: tmp,
        settings: {},
        rules: { "require-return-type": "error" },
        pythonVersion: "3.13",
        fix: false,
        cache: false,
        cacheLocation: join(tmp, ".cache"),
      },
      ["gone.py", "ok.py"],
      "off",
    );
    expect(
      results.map((r) => [r.filePath.slice(tmp.length + 1), r.messages.map((m) => m.message)]),
    ).toEqual([
      ["gone.py", ["File could not be read (ENOENT)."]],
      ["ok.py", ['Function "f" has no return type annotation. It returns nothing: add "-> None".']],
    ]);
    expect(results[0].errorCount).toBe(1);
  });

  const project = (name: string): string => {
    const root = join(tmp, name);
    mkdirSync(join(root, "app", "services"), { recursive: true });
    writeFileSync(join(root, "pyproject.toml"), "");
    // A byte order mark, CRLF line ends and non-ASCII text: the parent reads these sources again.
    writeFileSync(join(root, "app", "a.py"), "\uFEFFdef a(x: int):\r\n    print('é', x)\r\n");
    writeFileSync(join(root, "app", "b.py"), "def b(y: int) -> None:\n    print(y)\n");
    writeFileSync(join(root, "app", "services", "c.py"), "def c(z):\n    return z\n");
    return root;
  };
  const params = (root: string, fix = false) => ({
    root,
    settings: {},
    rules: { "require-return-type": "error", "require-param-types": "warn" },
    pythonVersion: "3.13",
    fix,
    cache: false,
    cacheLocation: join(root, ".cache"),
  });
  const files = ["app/a.py", "app/b.py", "app/services/c.py"];

  it("gives the same results in two processes as in one, sources and key order included", async () => {
    const root = project("shards");
    const one = await lintFiles(params(root), files, "off");
    const two = await lintFiles(params(root), files, 2);
    expect(JSON.stringify(two.results)).toBe(JSON.stringify(one.results));
    expect(one.results[0].source?.startsWith("\uFEFFdef a")).toBe(true);
    expect(one.results.map((r) => r.messages.length)).toEqual([1, 0, 2]);
  });

  it("applies fixes in every process", async () => {
    const root = project("shard-fix");
    await lintFiles(params(root, true), files, 2);
    expect(readFileSync(join(root, "app", "a.py"), "utf8")).toBe(
      "\uFEFFdef a(x: int) -> None:\r\n    print('é', x)\r\n",
    );
    expect(readFileSync(join(root, "app", "services", "c.py"), "utf8")).toBe(
      "def c(z):\n    return z\n",
    );
  });

  it("fails with the process's own error when a process fails", async () => {
    const root = project("shard-fail");
    const bad = { ...params(root), rules: { "no-such-rule": "error" } };
    const run = lintFiles(bad, files, 2);
    await expect(run).rejects.toThrow(ShardError);
    await expect(lintFiles(bad, files, 2)).rejects.toThrow(
      /a lint process exited with code 1:[^]*no-such-rule/,
    );
  });

  it("does not lint files whose header says they are generated, and lists them", async () => {
    const root = project("generated");
    writeFileSync(
      join(root, "app", "orders_pb2_grpc.py"),
      "# Generated by the gRPC Python protocol compiler plugin. DO NOT EDIT!\nimport grpc\n\ndef add(x):\n    return x\n",
    );
    writeFileSync(
      join(root, "app", "0001_init.py"),
      '"""init"""\n# ### commands auto generated by Alembic - please adjust! ###\ndef upgrade():\n    pass\n',
    );
    const all = [...files, "app/orders_pb2_grpc.py", "app/0001_init.py"];
    const { results, generated } = await lintFiles(params(root), all, "off");
    expect(generated).toEqual(["app/orders_pb2_grpc.py"]);
    expect(results.map((r) => r.filePath.slice(root.length + 1))).toEqual([
      "app/0001_init.py",
      "app/a.py",
      "app/b.py",
      "app/services/c.py",
    ]);
  });
});

describe("isGenerated", () => {
  it.each([
    ["# Generated by the protocol buffer compiler.  DO NOT EDIT!\n", true],
    ["// Code generated by sqlc. DO NOT EDIT.\n", true],
    [
      "/**\n * This file was generated by kysely-codegen.\n * Please do not edit it manually.\n */\n",
      true,
    ],
    ["/* @generated */\nexport const x = 1;\n", true],
    [
      "// This file was auto-generated by openapi-typescript.\n// Do not make direct changes to the file.\n",
      true,
    ],
    ["# ### commands auto generated by Alembic - please adjust! ###\n", false],
    ["# Do not edit this list without updating the docs.\nX = [1]\n", false],
    ['"""Tokens are generated here."""\n' + "x = 1\n".repeat(20) + "# do not edit\n", false],
  ])("%j: %s", (head, expected) => {
    expect(isGenerated(Buffer.from(head))).toBe(expected);
  });
});
