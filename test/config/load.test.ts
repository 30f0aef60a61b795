import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  ConfigError,
  DEFAULT_SETTINGS,
  loadConfig,
  readPyproject,
  type LoadOptions,
} from "../../src/config/index.js";
import { locateJsonError } from "../../src/config/load.js";

const fixtures = fileURLToPath(new URL("fixtures/", import.meta.url));
const fixture = (name: string): string => join(fixtures, name);
const KNOWN = new Set(["layers", "no-raw-sql", "no-god-service"]);

/** The ConfigError loadConfig fails with; fails the test when it does not. */
async function configError(root: string, options: LoadOptions = {}): Promise<ConfigError> {
  try {
    await loadConfig(root, options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig(${root}) succeeded`);
}

describe("loadConfig", () => {
  it("gives the defaults when there is no configuration", async () => {
    const { settings, source } = await loadConfig(fixture("empty"));
    expect(source).toBeNull();
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  it("reads [tool.layerlint] from pyproject.toml, with Python-spelled keys", async () => {
    const { settings, source } = await loadConfig(fixture("pyproject"), { knownRules: KNOWN });
    expect(source).toBe(join(fixture("pyproject"), "pyproject.toml"));
    expect(settings.ignore).toEqual(["legacy/**"]);
    expect(settings.fileNames.services).toEqual(["logic"]);
    expect(settings.layers.routes).toEqual([...DEFAULT_SETTINGS.layers.routes, "web"]);
    expect(settings.layers.models).toEqual(["orm"]);
    expect(settings.python).toEqual({ version: "3.12", sourceRoots: ["src"] });
    expect(settings.rules).toEqual({
      "no-raw-sql": "off",
      "no-god-service": ["warn", { maxMethods: 20 }],
    });
  });

  it("prefers layerlint.config.json to pyproject.toml", async () => {
    const { settings, source } = await loadConfig(fixture("json-config"));
    expect(source).toBe(join(fixture("json-config"), "layerlint.config.json"));
    expect(settings.layers.services).toEqual(["domain"]);
    expect(settings.rules).toEqual({ layers: "warn" });
  });

  it('reads "layerlint" from package.json', async () => {
    const { settings, source } = await loadConfig(fixture("package-json"), { knownRules: KNOWN });
    expect(source).toBe(join(fixture("package-json"), "package.json"));
    expect(settings.layers.services).toEqual([...DEFAULT_SETTINGS.layers.services, "domain"]);
    expect(settings.stack).toEqual({ python: false, typescript: "auto" });
    expect(settings.rules).toEqual({ layers: ["error", { allowSkips: true }] });
  });

  it("imports the default export of layerlint.config.mjs", async () => {
    const { settings, source } = await loadConfig(fixture("mjs-config"));
    expect(source).toBe(join(fixture("mjs-config"), "layerlint.config.mjs"));
    expect(settings.ignore).toEqual(["generated/**"]);
    expect(settings.rules).toEqual({ "no-raw-sql": 1 });
  });

  it("prefers layerlint.config.js to layerlint.config.json", async () => {
    const { settings, source } = await loadConfig(fixture("js-config"));
    expect(source).toBe(join(fixture("js-config"), "layerlint.config.js"));
    expect(settings.python.version).toBe("3.11");
  });

  it("reports a JS config whose default export is not an object", async () => {
    const error = await configError(fixture("mjs-not-object"));
    expect(error.message).toBe("layerlint.config.mjs: must export an object, not an array");
  });

  it("reports every problem in a JSON config at once", async () => {
    const error = await configError(fixture("invalid-json"), { knownRules: KNOWN });
    expect(error.file).toBe("layerlint.config.json");
    expect(error.problems).toEqual([
      { path: "layres", message: 'unknown key "layres"; did you mean "layers"?' },
      { path: "layers.routes[1]", message: "must be a string, not a number" },
      { path: "layers.routes[2]", message: "must not be empty" },
      {
        path: "layers.controllers",
        message:
          'unknown role "controllers" (expected one of: tests, migrations, roots, routes, services, repositories, models, schemas, events, shared)',
      },
      { path: "fileSuffixes", message: "must be an object, not a string" },
      {
        path: "python.version",
        message: 'unsupported Python version "3.7"; expected "3.8" to "3.14", or "auto"',
      },
      {
        path: "python.sourceRoot",
        message: 'unknown key "sourceRoot"; did you mean "sourceRoots"?',
      },
      { path: "stack.python", message: 'must be true, false or "auto", not a string' },
      {
        path: "rules.No-Raw-Sql",
        message: 'rule ids start with a lowercase letter and contain only a-z, 0-9 and "-"',
      },
      {
        path: "rules.no-raw-sqll",
        message: 'unknown rule "no-raw-sqll"; did you mean "no-raw-sql"?',
      },
      {
        path: "rules.layers",
        message:
          'must be "off", "warn", "error", 0, 1 or 2, or an array starting with one of them, not "warning"',
      },
      {
        path: "rules.no-god-service[0]",
        message: 'must be "off", "warn", "error", 0, 1 or 2, not "high"',
      },
      { path: 'rules["eslint/no-undef"]', message: "only layerlint rules can be configured here" },
      { path: 'rules["layerlint/layers"]', message: 'configures the same rule as "layers"' },
      { path: "file_names", message: 'unknown key "file_names"; did you mean "fileNames"?' },
    ]);
    expect(error.message.split("\n")[0]).toBe(
      'layerlint.config.json: layres: unknown key "layres"; did you mean "layers"?',
    );
    expect(error.message.split("\n")).toHaveLength(15);
  });

  it("reports problems in pyproject.toml under tool.layerlint, aliases included", async () => {
    const error = await configError(fixture("invalid-pyproject"));
    expect(error.message.split("\n")).toEqual([
      'pyproject.toml: tool.layerlint.file_names: same setting as "fileNames"; keep one of them',
      "pyproject.toml: tool.layerlint.ignore: must be an array of strings, not a string",
      'pyproject.toml: tool.layerlint.python.version: must be a string such as "3.13", not a number',
    ]);
  });

  it("reports a TOML syntax error with its line and column", async () => {
    const error = await configError(fixture("toml-syntax"));
    expect(error.problems).toEqual([
      { path: "pyproject.toml:6:1", message: "invalid TOML: expected comma or end of structure" },
    ]);
    expect(error.message).toBe(
      "pyproject.toml:6:1: invalid TOML: expected comma or end of structure",
    );
  });

  it("reports a JSON syntax error with its line and column", async () => {
    const error = await configError(fixture("json-syntax"));
    expect(error.message).toBe("layerlint.config.json:3:15: invalid JSON: expected true");
  });

  describe("with an explicit config file", () => {
    it("reads the top level of a TOML file that is not pyproject.toml", async () => {
      const { settings, source } = await loadConfig(fixture("empty"), {
        configFile: fixture("explicit/custom.toml"),
      });
      expect(source).toBe(fixture("explicit/custom.toml"));
      expect(settings.ignore).toEqual(["vendor/**"]);
      expect(settings.python.sourceRoots).toEqual(["lib"]);
    });

    it("reads a JSON file of any name and looks for nothing else", async () => {
      const { settings, source } = await loadConfig(fixture("pyproject"), {
        configFile: fixture("explicit/settings.json"),
      });
      expect(source).toBe(fixture("explicit/settings.json"));
      expect(settings.stack.typescript).toBe(false);
      // pyproject.toml in the root is not merged in.
      expect(settings.ignore).toEqual([]);
    });

    it("resolves a relative path against the root", async () => {
      const { source } = await loadConfig(fixtures, { configFile: "explicit/settings.json" });
      expect(source).toBe(fixture("explicit/settings.json"));
    });

    it("requires [tool.layerlint] in a pyproject.toml", async () => {
      const error = await configError(fixture("explicit"), {
        configFile: fixture("uv-lock/pyproject.toml"),
      });
      // Outside the root, the file is named by its absolute path.
      expect(error.message).toBe(
        `${fixture("uv-lock/pyproject.toml")}: has no [tool.layerlint] table`,
      );
    });

    it("reports a missing file and an unsupported type", async () => {
      const missing = await configError(fixture("explicit"), { configFile: "nope.json" });
      expect(missing.message).toBe("nope.json: file not found");
      const yaml = await configError(fixture("explicit"), { configFile: "layerlint.yaml" });
      expect(yaml.message).toBe(
        'layerlint.yaml: unsupported config file type ".yaml"; use .js, .mjs, .cjs, .json or .toml',
      );
    });
  });
});

describe("loadConfig on a changing JS config", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("imports the file again once it changes", async () => {
    dir = mkdtempSync(join(tmpdir(), "layerlint-config-"));
    const file = join(dir, "layerlint.config.mjs");
    writeFileSync(file, 'export default { ignore: ["a"] };\n');
    utimesSync(file, 1_000, 1_000);
    expect((await loadConfig(dir)).settings.ignore).toEqual(["a"]);
    writeFileSync(file, 'export default { ignore: ["b"] };\n');
    utimesSync(file, 2_000, 2_000);
    expect((await loadConfig(dir)).settings.ignore).toEqual(["b"]);
  });
});

describe("readPyproject", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("returns null without a pyproject.toml", () => {
    expect(readPyproject(fixture("empty"))).toBeNull();
  });

  it("reads the file again once it changes", () => {
    dir = mkdtempSync(join(tmpdir(), "layerlint-config-"));
    const file = join(dir, "pyproject.toml");
    writeFileSync(file, '[project]\nname = "a"\n');
    expect(readPyproject(dir)).toEqual({ project: { name: "a" } });
    writeFileSync(file, '[project]\nname = "bcd"\n');
    expect(readPyproject(dir)).toEqual({ project: { name: "bcd" } });
  });

  it("throws the same ConfigError for a broken file on every call", () => {
    expect(() => readPyproject(fixture("toml-syntax"))).toThrow(ConfigError);
    expect(() => readPyproject(fixture("toml-syntax"))).toThrow(
      "pyproject.toml:6:1: invalid TOML: expected comma or end of structure",
    );
  });
});

describe("locateJsonError", () => {
  it("finds where JSON text goes wrong", () => {
    expect(locateJsonError('{"a": 1}')).toBeNull();
    expect(locateJsonError('{"a": 1,}')).toEqual({
      offset: 8,
      message: "expected a property name in double quotes",
    });
    expect(locateJsonError('{"a" 1}')).toEqual({ offset: 5, message: 'expected ":"' });
    expect(locateJsonError("[1 2]")).toEqual({ offset: 3, message: 'expected "," or "]"' });
    expect(locateJsonError('{"a": "\\x"}')).toEqual({ offset: 8, message: "invalid escape" });
    expect(locateJsonError("{} x")).toEqual({
      offset: 3,
      message: "unexpected text after the end",
    });
    expect(locateJsonError('{"a": [')).toEqual({ offset: 7, message: "unexpected end of file" });
  });
});
