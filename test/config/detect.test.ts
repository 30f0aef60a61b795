import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { detectStack, resolvePythonVersion } from "../../src/config/index.js";
import { parseRequirement, pydanticMajorOf } from "../../src/config/detect.js";

const fixtures = fileURLToPath(new URL("fixtures/", import.meta.url));
const fixture = (name: string): string => join(fixtures, name);

describe("detectStack", () => {
  it("reads PEP 621 dependencies from pyproject.toml", () => {
    expect(detectStack(fixture("pyproject"))).toEqual({
      python: true,
      typescript: false,
      fastapi: true,
      pydanticMajor: 2,
      // sqlalchemy[asyncio]
      asyncDb: true,
    });
  });

  it("reads a Poetry v1 pin", () => {
    expect(detectStack(fixture("poetry-v1"))).toEqual({
      python: true,
      typescript: false,
      fastapi: true,
      pydanticMajor: 1,
      asyncDb: null,
    });
  });

  it("reads requirements.txt", () => {
    expect(detectStack(fixture("requirements-v2"))).toEqual({
      python: true,
      typescript: false,
      fastapi: true,
      pydanticMajor: 2,
      asyncDb: null,
    });
  });

  it("reads requirements/*.txt, with extras and markers", () => {
    expect(detectStack(fixture("requirements-dir"))).toEqual({
      python: true,
      typescript: false,
      fastapi: false,
      pydanticMajor: 1,
      asyncDb: true,
    });
  });

  it("takes the locked version over an unpinned declaration", () => {
    expect(detectStack(fixture("uv-lock"))).toMatchObject({ fastapi: true, pydanticMajor: 1 });
  });

  it("finds requirements in setup.py without running it", () => {
    expect(detectStack(fixture("setup-py"))).toMatchObject({
      python: true,
      fastapi: true,
      pydanticMajor: 2,
    });
  });

  it("knows a Python project by its .py files one directory down", () => {
    expect(detectStack(fixture("py-files-only"))).toMatchObject({
      python: true,
      fastapi: false,
      pydanticMajor: null,
    });
  });

  it("does not walk deeper than one directory", () => {
    expect(detectStack(fixture("deep-py")).python).toBe(false);
  });

  it("knows a TypeScript backend by its package.json dependencies", () => {
    expect(detectStack(fixture("package-json"))).toEqual({
      python: false,
      typescript: true,
      fastapi: false,
      pydanticMajor: null,
      asyncDb: null,
    });
  });

  it("knows a TypeScript project by its tsconfig.json", () => {
    expect(detectStack(fixture("tsconfig-only"))).toMatchObject({
      python: false,
      typescript: true,
    });
  });

  it("finds nothing in a directory without manifests or sources", () => {
    expect(detectStack(fixture("empty"))).toEqual({
      python: false,
      typescript: false,
      fastapi: false,
      pydanticMajor: null,
      asyncDb: null,
    });
  });

  it("still detects Python when pyproject.toml does not parse", () => {
    expect(detectStack(fixture("toml-syntax"))).toMatchObject({
      python: true,
      pydanticMajor: null,
    });
  });

  it("gives null for a directory that does not exist", () => {
    expect(detectStack(fixture("no-such-dir"))).toEqual({
      python: false,
      typescript: false,
      fastapi: false,
      pydanticMajor: null,
      asyncDb: null,
    });
  });
});

describe("pydanticMajorOf", () => {
  it.each([
    [">=2", 2],
    [">=2.5,<3", 2],
    ["==1.10.2", 1],
    ["<2", 1],
    [">=1.10,<2.0", 1],
    ["<2.5", 2],
    ["<=1.10.13", 1],
    ["~=1.10", 1],
    ["==2.*", 2],
    ["==2.0b1", 2],
    // pip installs the newest release the pin allows.
    [">=1.8", 2],
    ["^1.10", 1],
    ["~1.10", 1],
    ["1.10.2", 1],
    [">=1.8 <2.0", 1],
    ["^1.10 || ^2.0", 2],
    ["", null],
    ["*", null],
    ["!=1.9", null],
    ["==3.0", null],
    [">=3", null],
  ] as const)("%j -> %s", (constraint, major) => {
    expect(pydanticMajorOf(constraint)).toBe(major);
  });
});

describe("parseRequirement", () => {
  it("splits name, extras and constraint, and drops markers", () => {
    expect(parseRequirement('Pydantic[email, timezone] (>=2.0) ; python_version >= "3.9"')).toEqual(
      { name: "pydantic", extras: ["email", "timezone"], constraint: ">=2.0" },
    );
  });

  it("normalizes the name as PEP 503 does", () => {
    expect(parseRequirement("SQLAlchemy_Utils==0.41")?.name).toBe("sqlalchemy-utils");
  });

  it("reads no constraint from a URL requirement", () => {
    expect(parseRequirement("pydantic @ https://example.com/pydantic-1.10.whl")).toEqual({
      name: "pydantic",
      extras: [],
      constraint: "",
    });
  });

  it("does not take pydantic-settings for pydantic", () => {
    expect(parseRequirement("pydantic-settings>=2")?.name).toBe("pydantic-settings");
  });
});

describe("resolvePythonVersion", () => {
  const project = (pyproject: string): string => {
    const dir = mkdtempSync(join(tmpdir(), "layerlint-pyver-"));
    writeFileSync(join(dir, "pyproject.toml"), pyproject);
    return dir;
  };

  it("keeps a configured version", () => {
    expect(resolvePythonVersion(project('[project]\nrequires-python = ">=3.9"\n'), "3.11")).toBe(
      "3.11",
    );
  });

  it("takes the lower bound of requires-python", () => {
    expect(
      resolvePythonVersion(project('[project]\nrequires-python = ">=3.14,<4.0"\n'), "auto"),
    ).toBe("3.14");
    expect(resolvePythonVersion(project('[project]\nrequires-python = "~=3.10"\n'), "auto")).toBe(
      "3.10",
    );
    expect(resolvePythonVersion(project('[project]\nrequires-python = ">=3.6"\n'), "auto")).toBe(
      "3.8",
    );
  });

  it("reads poetry's python dependency", () => {
    expect(
      resolvePythonVersion(project('[tool.poetry.dependencies]\npython = "^3.11"\n'), "auto"),
    ).toBe("3.11");
  });

  it("uses the newest version without a bound, or without a pyproject.toml", () => {
    expect(resolvePythonVersion(project('[project]\nname = "x"\n'), "auto")).toBe("3.14");
    expect(resolvePythonVersion(mkdtempSync(join(tmpdir(), "layerlint-pyver-")), "auto")).toBe(
      "3.14",
    );
  });
});
