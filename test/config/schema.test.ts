import { describe, expect, it } from "vitest";
import {
  closestMatch,
  ConfigError,
  DEFAULT_SETTINGS,
  ROLES,
  validateSettings,
} from "../../src/config/index.js";

const KNOWN = new Set(["layers", "no-raw-sql", "no-god-service"]);

describe("DEFAULT_SETTINGS", () => {
  it("holds the catalog's layer map, roles in tie-break order", () => {
    expect(DEFAULT_SETTINGS.layers.routes).toEqual([
      "routes",
      "routers",
      "api",
      "endpoints",
      "views",
      "controllers",
      "handlers",
    ]);
    expect(DEFAULT_SETTINGS.layers.shared).toEqual([
      "core",
      "config",
      "utils",
      "exceptions",
      "middleware",
    ]);
    expect(ROLES.slice(0, 3)).toEqual(["tests", "migrations", "roots"]);
  });

  it("names the multi-segment directories of the catalog", () => {
    expect(DEFAULT_SETTINGS.layers.models).toContain("db/models");
    expect(DEFAULT_SETTINGS.layers.migrations).toEqual([
      "alembic/versions",
      "migrations",
      "prisma/migrations",
      "drizzle",
    ]);
  });

  it("cannot be changed by a caller", () => {
    expect(() => DEFAULT_SETTINGS.layers.routes.push("web")).toThrow(TypeError);
    expect(DEFAULT_SETTINGS.layers.routes).not.toContain("web");
  });

  it("defaults the Python version and the stack", () => {
    expect(DEFAULT_SETTINGS.python.version).toBe("auto");
    expect(DEFAULT_SETTINGS.stack).toEqual({ python: "auto", typescript: "auto" });
    expect(DEFAULT_SETTINGS.rules).toEqual({});
  });
});

describe("validateSettings", () => {
  it("gives the defaults, as a mutable copy, when there is no configuration", () => {
    const { settings, problems } = validateSettings(undefined, "settings.layerlint");
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    settings.layers.routes.push("web");
    expect(DEFAULT_SETTINGS.layers.routes).not.toContain("web");
  });

  it("replaces a role's defaults with `layers` and adds to them with `extendLayers`", () => {
    const { settings, problems } = validateSettings(
      {
        extendLayers: { routes: ["web", "api"], services: ["domain"] },
        layers: { services: ["logic"] },
        fileNames: { repositories: ["store"] },
        fileSuffixes: { services: ["Manager"] },
      },
      "",
    );
    expect(problems).toEqual([]);
    expect(settings.layers.routes).toEqual([...DEFAULT_SETTINGS.layers.routes, "web"]);
    // The extension applies to the replaced list, whatever the key order.
    expect(settings.layers.services).toEqual(["logic", "domain"]);
    expect(settings.layers.models).toEqual(DEFAULT_SETTINGS.layers.models);
    expect(settings.fileNames.repositories).toEqual(["store"]);
    expect(settings.fileNames.routes).toEqual(DEFAULT_SETTINGS.fileNames.routes);
    expect(settings.fileSuffixes.services).toEqual(["Manager"]);
  });

  it("takes ignore, python, stack and rules, and strips the rule prefix", () => {
    const { settings, problems } = validateSettings(
      {
        ignore: ["legacy/**"],
        python: { version: "3.8", sourceRoots: ["src", "lib"] },
        stack: { python: true, typescript: false },
        rules: { "layerlint/layers": "error", "no-god-service": [1, { maxMethods: 20 }] },
      },
      "",
      { knownRules: KNOWN },
    );
    expect(problems).toEqual([]);
    expect(settings.ignore).toEqual(["legacy/**"]);
    expect(settings.python).toEqual({ version: "3.8", sourceRoots: ["src", "lib"] });
    expect(settings.stack).toEqual({ python: true, typescript: false });
    expect(settings.rules).toEqual({
      layers: "error",
      "no-god-service": [1, { maxMethods: 20 }],
    });
  });

  it("accepts any well-formed rule id when the known rules are not given", () => {
    const { settings, problems } = validateSettings({ rules: { "no-such-rule": "off" } }, "");
    expect(problems).toEqual([]);
    expect(settings.rules).toEqual({ "no-such-rule": "off" });
  });

  it("reports every problem at once, prefixed by the source label", () => {
    const { settings, problems } = validateSettings(
      {
        layers: { routes: ["api", 7], route: ["x"] },
        extendLayers: [],
        ignore: "dist",
        python: { version: "3.15", sourceRoots: "src" },
        stack: { typescript: "auto", go: true },
        rules: {
          "layerlint/no-raw-sql": "warn",
          "no-raw-sql": "error",
          "no-god-servce": "off",
          "9lives": "off",
          layers: [],
        },
        extra: 1,
      },
      "settings.layerlint",
      { knownRules: KNOWN },
    );
    expect(problems).toEqual([
      { path: "settings.layerlint.layers.routes[1]", message: "must be a string, not a number" },
      {
        path: "settings.layerlint.layers.route",
        message: 'unknown role "route"; did you mean "routes"?',
      },
      { path: "settings.layerlint.extendLayers", message: "must be an object, not an empty array" },
      { path: "settings.layerlint.ignore", message: "must be an array of strings, not a string" },
      {
        path: "settings.layerlint.python.version",
        message: 'unsupported Python version "3.15"; expected "3.8" to "3.14", or "auto"',
      },
      {
        path: "settings.layerlint.python.sourceRoots",
        message: "must be an array of strings, not a string",
      },
      {
        path: "settings.layerlint.stack.go",
        message: 'unknown key "go" (expected one of: python, typescript)',
      },
      {
        path: "settings.layerlint.rules.no-raw-sql",
        message: 'configures the same rule as "layerlint/no-raw-sql"',
      },
      {
        path: "settings.layerlint.rules.no-god-servce",
        message: 'unknown rule "no-god-servce"; did you mean "no-god-service"?',
      },
      {
        path: 'settings.layerlint.rules["9lives"]',
        message: 'rule ids start with a lowercase letter and contain only a-z, 0-9 and "-"',
      },
      {
        path: "settings.layerlint.rules.layers",
        message:
          'must be "off", "warn", "error", 0, 1 or 2, or an array starting with one of them, not an empty array',
      },
      {
        path: "settings.layerlint.extra",
        message:
          'unknown key "extra" (expected one of: layers, extendLayers, fileNames, fileSuffixes, ignore, python, stack, rules)',
      },
    ]);
    // What was valid still applies.
    expect(settings.layers.routes).toEqual(DEFAULT_SETTINGS.layers.routes);
    expect(settings.stack.typescript).toBe("auto");
    expect(settings.rules).toEqual({ "no-raw-sql": "warn" });
  });

  it("reports a configuration that is not an object at the label itself", () => {
    expect(validateSettings(["layers"], "tool.layerlint").problems).toEqual([
      { path: "tool.layerlint", message: "must be an object, not an array" },
    ]);
    expect(validateSettings(null, "layerlint").problems).toEqual([
      { path: "layerlint", message: "must be an object, not null" },
    ]);
  });

  it("tells that an unquoted TOML version is a number", () => {
    expect(validateSettings({ python: { version: 3.1 } }, "tool.layerlint").problems).toEqual([
      {
        path: "tool.layerlint.python.version",
        message: 'must be a string such as "3.13", not a number',
      },
    ]);
  });

  it("reports a bad severity inside an array at its index", () => {
    const { problems } = validateSettings({ rules: { layers: ["warning", {}] } }, "");
    expect(problems).toEqual([
      {
        path: "rules.layers[0]",
        message: 'must be "off", "warn", "error", 0, 1 or 2, not "warning"',
      },
    ]);
  });

  it("refuses other plugins' rules", () => {
    const { problems } = validateSettings({ rules: { "import/no-cycle": "off" } }, "");
    expect(problems).toEqual([
      { path: 'rules["import/no-cycle"]', message: "only layerlint rules can be configured here" },
    ]);
  });
});

describe("closestMatch", () => {
  it("treats a swapped pair of letters as one edit", () => {
    // Two edits by plain Levenshtein, more than a five-letter word is allowed.
    expect(closestMatch("rlues", ["rules", "stack"])).toBe("rules");
    expect(closestMatch("layres", ["layers", "rules"])).toBe("layers");
  });

  it("matches across snake_case, kebab-case and camelCase", () => {
    expect(closestMatch("source_roots", ["version", "sourceRoots"])).toBe("sourceRoots");
    expect(closestMatch("file-suffixes", ["fileNames", "fileSuffixes"])).toBe("fileSuffixes");
  });

  it("suggests nothing for a word far from every candidate", () => {
    expect(closestMatch("controllers", ROLES)).toBeNull();
  });
});

describe("ConfigError", () => {
  it("lists every problem on its own line, after the file when one is given", () => {
    const problems = [
      { path: "tool.layerlint.ignore", message: "must be an array of strings, not a string" },
      { path: "tool.layerlint.rules.x", message: 'unknown rule "x"' },
    ];
    expect(new ConfigError(problems).message).toBe(
      'tool.layerlint.ignore: must be an array of strings, not a string\ntool.layerlint.rules.x: unknown rule "x"',
    );
    const inFile = new ConfigError(problems, "pyproject.toml");
    expect(inFile.message.split("\n")).toEqual([
      "pyproject.toml: tool.layerlint.ignore: must be an array of strings, not a string",
      'pyproject.toml: tool.layerlint.rules.x: unknown rule "x"',
    ]);
    expect(inFile.problems).toBe(problems);
    expect(inFile).toBeInstanceOf(Error);
  });

  it("leaves out an empty path", () => {
    expect(
      new ConfigError([{ path: "", message: "must be an object, not an array" }], "a.json").message,
    ).toBe("a.json: must be an object, not an array");
  });
});
