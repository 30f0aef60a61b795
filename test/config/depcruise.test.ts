/**
 * The dependency-cruiser preset: generated from the layer map, in step with
 * the committed configs/dependency-cruiser.cjs, and run by dependency-cruiser
 * itself on small TypeScript projects.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IConfiguration, ICruiseResult, IFlattenedRuleSet } from "dependency-cruiser";
import { cruise } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import {
  dependencyCruiserPreset,
  renderDependencyCruiserPreset,
  roleSelector,
  type DepcruisePreset,
  type DepcruiseRule,
  type PathSelector,
  type PresetSettings,
} from "../../src/config/depcruise.js";
import { DEFAULT_SETTINGS, defaultSettings, type Role } from "../../src/config/schema.js";
import { isNamedRoot, roleOf } from "../../src/project/roles.js";
import { REPO } from "../cli/run-cli.js";

const PRESET_FILE = join(REPO, "configs/dependency-cruiser.cjs");
const FIXTURES = join(REPO, "test/fixtures");
const LAYERED = join(FIXTURES, "depcruise-layered");
const VIOLATIONS = join(FIXTURES, "depcruise-violations");

// The preset's own type must be one dependency-cruiser accepts.
const typed: IConfiguration = dependencyCruiserPreset();

function rule(preset: DepcruisePreset, name: string): DepcruiseRule {
  const found = preset.forbidden.find((r) => r.name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
}

/** Whether a module path passes a dependency-cruiser path restriction. */
function matches(selector: Partial<PathSelector>, path: string): boolean {
  return (
    (selector.path ?? [".*"]).some((re) => new RegExp(re).test(path)) &&
    !(selector.pathNot ?? []).some((re) => new RegExp(re).test(path))
  );
}

const SELECTED_ROLES: Role[] = [
  "routes",
  "services",
  "repositories",
  "models",
  "schemas",
  "events",
  "shared",
  "roots",
];

/** The roles whose selector takes the path: one at most, when the regexes mirror roles.ts. */
function presetRoles(path: string, settings: PresetSettings = DEFAULT_SETTINGS): Role[] {
  return SELECTED_ROLES.filter((role) => matches(roleSelector([role], settings), path));
}

/** What the preset should say: the layer role, "roots" for named roots, nothing for the rest. */
function expectedRoles(path: string, settings: PresetSettings = DEFAULT_SETTINGS): Role[] {
  const role = roleOf(path, { ...DEFAULT_SETTINGS, ...settings });
  if (role === null || role === "tests" || role === "migrations") return [];
  if (role === "roots")
    return isNamedRoot(path, { ...DEFAULT_SETTINGS, ...settings }) ? [role] : [];
  return [role];
}

describe("dependencyCruiserPreset: the default layer map", () => {
  const preset = dependencyCruiserPreset();

  it("has one rule per layerlint message, the cycle rule and the DB package rule", () => {
    expect(typed.forbidden?.length).toBe(10);
    expect(preset.forbidden.map((r) => [r.name, r.severity])).toEqual([
      ["layers-routes-not-to-repositories", "error"],
      ["layers-routes-not-to-models", "error"],
      ["layers-not-to-routes", "error"],
      ["layers-repositories-not-up", "error"],
      ["layers-models-not-up", "error"],
      ["layers-schemas-not-up", "error"],
      ["layers-shared-not-up", "error"],
      ["layers-not-to-composition-roots", "error"],
      ["no-import-cycles", "error"],
      ["no-db-in-routes", "error"],
    ]);
    for (const r of preset.forbidden) expect(r.comment).toMatch(/^layerlint\/[a-z-]+[ :,]/);
  });

  it("lets type-only imports (and names used only as types) through only from routes to models", () => {
    expect(rule(preset, "layers-routes-not-to-models").to.dependencyTypesNot).toEqual([
      "type-only",
      "pre-compilation-only",
    ]);
    expect(rule(preset, "layers-routes-not-to-repositories").to.dependencyTypesNot).toBeUndefined();
    expect(rule(preset, "layers-models-not-up").to.dependencyTypesNot).toBeUndefined();
  });

  it("selects files by name first, then by the nearest layer directory", () => {
    const { from, to } = rule(preset, "layers-repositories-not-up");
    expect(matches(from, "src/repositories/post.repository.ts")).toBe(true);
    expect(matches(from, "src/posts/posts.repository.ts")).toBe(true);
    expect(matches(from, "src/repositories/utils/paging.ts")).toBe(false);
    expect(matches(from, "src/repositories/post.service.ts")).toBe(false);
    expect(matches(to, "src/services/post.service.ts")).toBe(true);
    expect(matches(to, "src/kafka/orders.ts")).toBe(true);
    expect(matches(to, "src/services/post.service.spec.ts")).toBe(false);
    expect(matches(to, "node_modules/services/index.js")).toBe(false);
  });

  it("counts only named composition roots as off limits", () => {
    const { from, to } = rule(preset, "layers-not-to-composition-roots");
    expect(matches(to, "src/main.ts")).toBe(true);
    expect(matches(to, "src/container.ts")).toBe(true);
    expect(matches(to, "src/db.ts")).toBe(false);
    expect(matches(to, "src/app.module.ts")).toBe(false);
    expect(matches(from, "src/routes/posts.ts")).toBe(false);
    expect(matches(from, "src/services/post.service.ts")).toBe(true);
  });

  it("reports cycles of value imports, not from tests", () => {
    const cycles = rule(preset, "no-import-cycles");
    const { via, ...to } = cycles.to;
    expect(to).toEqual({
      circular: true,
      dependencyTypesNot: ["type-only", "dynamic-import"],
      viaOnly: { dependencyTypesNot: ["type-only", "dynamic-import"] },
    });
    // why: a cycle of ORM entities only is not reported (`includeModelCycles`)
    const onlyModels = (files: string[]) =>
      files.every((f) => via!.pathNot.some((re) => new RegExp(re).test(f)));
    expect(onlyModels(["src/users/user.entity.ts", "src/models/post.ts"])).toBe(true);
    expect(onlyModels(["src/users/user.entity.ts", "src/users/users.service.ts"])).toBe(false);
    expect(onlyModels(["src/models/post.service.ts"])).toBe(false);
    expect(matches(cycles.from, "src/services/a.service.ts")).toBe(true);
    expect(matches(cycles.from, "src/services/a.service.test.ts")).toBe(false);
    expect(matches(cycles.from, "test/helpers.ts")).toBe(false);
  });

  it("forbids the database packages in routes, resolved or not", () => {
    const db = rule(preset, "no-db-in-routes");
    expect(db.to.dependencyTypesNot).toEqual(["type-only"]);
    expect(matches(db.from, "src/controllers/users.ts")).toBe(true);
    expect(matches(db.from, "src/users/users.controller.ts")).toBe(true);
    expect(matches(db.from, "src/users/users.repository.ts")).toBe(false);
    for (const path of [
      "@prisma/client",
      "node_modules/@prisma/client/index.js",
      "node_modules/.pnpm/drizzle-orm@0.44.0/node_modules/drizzle-orm/pg-core/index.js",
      "pg",
      "node_modules/mysql2/promise.js",
      "typeorm",
    ]) {
      expect(matches(db.to, path), path).toBe(true);
    }
    for (const path of ["pg-promise", "node_modules/typeorm-extension/index.js", "src/db.ts"]) {
      expect(matches(db.to, path), path).toBe(false);
    }
  });

  it("cruises like layerlint reads a project", () => {
    expect(preset.options).toEqual({
      doNotFollow: { path: ["(?:^|/)node_modules/"] },
      exclude: { path: ["(?:^|/)(?:dist|build)/"] },
      tsPreCompilationDeps: true,
      enhancedResolveOptions: {
        exportsFields: ["exports"],
        conditionNames: ["import", "require", "node", "default", "types"],
        extensions: [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".d.ts", ".json"],
        mainFields: ["module", "main", "types", "typings"],
      },
    });
    expect(
      dependencyCruiserPreset(DEFAULT_SETTINGS, { tsConfig: "tsconfig.json" }).options.tsConfig,
    ).toEqual({ fileName: "tsconfig.json" });
  });
});

describe("roleSelector mirrors src/project/roles.ts", () => {
  it.each([
    "src/routes/posts.ts",
    "src/api/v1/users/handlers.ts",
    "src/controllers/index.ts",
    "src/users/users.controller.ts",
    "src/users/UsersController.ts",
    "src/users/users.resolver.ts",
    "src/things/router.ts",
    "src/api/webhooks/webhooks.service.ts",
    "src/users/UserService.ts",
    "src/services/payments/stripe.ts",
    "src/use_cases/create-user.mts",
    "src/users/users.repository.ts",
    "src/users/UserRepository.ts",
    "src/dao/users.js",
    "src/users/user.entity.ts",
    "src/users/user.model.ts",
    "src/db/models/user.ts",
    "src/db/tables/user.cjs",
    "src/users/create-user.dto.ts",
    "src/dtos/page.ts",
    "src/things/order.producer.ts",
    "src/kafka/orders.ts",
    "src/events/handlers.ts",
    "src/schemas/events.ts",
    "src/utils/dates.ts",
    "src/middleware/auth.tsx",
    // why: the nearest layer directory wins over one further out
    "src/routes/helpers/db/pagination.ts",
    "src/repositories/helpers/utils/pagination.ts",
    "src/services/models/cache.ts",
    "src/models/services/cache.ts",
    "src/routes/admin/routes/users.ts",
    // why: the module's own name outranks the directory it sits in
    "src/routes/models.ts",
    "src/services/post.repository.ts",
    "src/controllers/users.service.ts",
    "src/models/main.ts",
    "src/main.ts",
    "src/app.ts",
    "alembic/env.ts",
    "src/db.ts",
    "src/index.ts",
    "src/app.module.ts",
    "src/things/api.ts",
    "src/things/webservice.ts",
    "src/__tests__/users.ts",
    "test/routes/posts.ts",
    "src/users/users.service.test.ts",
    "src/users/users.controller.spec.ts",
    "src/services/test_users.ts",
    "prisma/migrations/seed.ts",
    "drizzle/0000_init.ts",
    "src/models/migrations/0001_initial.ts",
    "src/services/README.md",
    "src/services/post.service.jsx",
  ])("%s", (path) => {
    expect(presetRoles(path)).toEqual(expectedRoles(path));
  });

  it("follows a custom layer map, wildcards included", () => {
    const settings = defaultSettings();
    settings.layers.services = ["domain/logic"];
    settings.fileNames.repositories = ["store_*"];
    settings.fileSuffixes.services = ["UseCase"];
    for (const path of [
      "src/domain/logic/x.ts",
      "src/services/x.ts",
      "src/logic/x.ts",
      "src/things/store_users.ts",
      "src/things/repo.ts",
      "src/things/CreateUserUseCase.ts",
      "src/things/user.service.ts",
      "src/domain/logic/helpers/x.ts",
      "src/routes/domain/logic/x.ts",
    ]) {
      expect(presetRoles(path, settings), path).toEqual(expectedRoles(path, settings));
    }
  });
});

describe("dependencyCruiserPreset: a custom configuration", () => {
  it("follows the layer map, the severities and the rules' options", () => {
    const settings = defaultSettings();
    settings.layers.services = ["domain"];
    settings.fileSuffixes.services = ["UseCase"];
    settings.rules = {
      layers: [
        "warn",
        { allow: [{ from: "routes", to: "models" }], checkTypeCheckingImports: false },
      ],
      "no-import-cycles": "off",
      "no-db-in-routes": 1,
    };
    const preset = dependencyCruiserPreset(settings);
    expect(preset.forbidden.map((r) => [r.name, r.severity])).toEqual([
      ["layers-routes-not-to-repositories", "warn"],
      ["layers-not-to-routes", "warn"],
      ["layers-repositories-not-up", "warn"],
      ["layers-models-not-up", "warn"],
      ["layers-schemas-not-up", "warn"],
      ["layers-shared-not-up", "warn"],
      ["layers-not-to-composition-roots", "warn"],
      ["no-db-in-routes", "warn"],
    ]);
    const up = rule(preset, "layers-repositories-not-up");
    expect(up.to.dependencyTypesNot).toEqual(["type-only"]);
    expect(matches(up.to, "src/domain/orders.ts")).toBe(true);
    expect(matches(up.to, "src/orders/PlaceOrderUseCase.ts")).toBe(true);
    expect(matches(up.to, "src/services/orders.ts")).toBe(false);
  });

  it("drops a layer that the map leaves without names or directories", () => {
    const settings = defaultSettings();
    settings.layers.events = [];
    settings.fileNames.events = [];
    settings.fileSuffixes.events = [];
    const preset = dependencyCruiserPreset(settings);
    const up = rule(preset, "layers-repositories-not-up");
    expect(up.comment).toContain("must not import services;");
    expect(matches(up.to, "src/kafka/orders.ts")).toBe(false);
    expect(rule(preset, "layers-not-to-routes").comment).toContain("schemas or shared must not");
  });

  it("counts type-only imports, model cycles and routes -> models when asked", () => {
    const settings = defaultSettings();
    settings.rules = {
      layers: ["error", { strictModelImports: true }],
      "no-import-cycles": ["error", { includeTypeCheckingImports: true, includeModelCycles: true }],
    };
    const preset = dependencyCruiserPreset(settings);
    expect(rule(preset, "layers-routes-not-to-models").to.dependencyTypesNot).toBeUndefined();
    expect(rule(preset, "no-import-cycles").to).toEqual({
      circular: true,
      dependencyTypesNot: ["dynamic-import"],
      viaOnly: { dependencyTypesNot: ["dynamic-import"] },
    });
  });
});

describe("configs/dependency-cruiser.cjs", () => {
  it("is the generator's output (regenerate: npm run build && node scripts/gen-depcruise-preset.mjs)", async () => {
    const config = await prettier.resolveConfig(PRESET_FILE);
    const expected = await prettier.format(renderDependencyCruiserPreset(), {
      ...config,
      filepath: PRESET_FILE,
    });
    expect(readFileSync(PRESET_FILE, "utf8")).toBe(expected);
  });
});

interface Violation {
  rule: string;
  from: string;
  to: string;
}

function violationsOf(result: ICruiseResult): Violation[] {
  return result.summary.violations
    .map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }))
    .sort((a, b) => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`));
}

/** dependency-cruiser's API, as its CLI calls it from the fixture's directory. */
async function cruiseFixture(fixture: string, preset = dependencyCruiserPreset()) {
  const tsConfig = join(fixture, "tsconfig.json");
  const { options, ...rules } = preset;
  const { output } = await cruise(
    ["src"],
    {
      ...options,
      tsConfig: { fileName: tsConfig },
      baseDir: fixture,
      ruleSet: rules as IFlattenedRuleSet,
      validate: true,
    },
    undefined,
    { tsConfig: extractTSConfig(tsConfig) },
  );
  return output as ICruiseResult;
}

const PLANTED: Violation[] = [
  {
    rule: "layers-not-to-composition-roots",
    from: "src/core/config.ts",
    to: "src/container.ts",
  },
  {
    rule: "layers-not-to-routes",
    from: "src/services/report.service.ts",
    to: "src/routes/orders.ts",
  },
  {
    rule: "layers-repositories-not-up",
    from: "src/repositories/order.repository.ts",
    to: "src/services/audit.service.ts",
  },
  {
    rule: "layers-routes-not-to-models",
    from: "src/routes/orders.ts",
    to: "src/models/order.entity.ts",
  },
  {
    rule: "layers-routes-not-to-repositories",
    from: "src/routes/orders.ts",
    to: "src/repositories/order.repository.ts",
  },
  { rule: "no-db-in-routes", from: "src/routes/orders.ts", to: "@prisma/client" },
  // dependency-cruiser reports a cycle once, on the edge it found it through.
  {
    rule: "no-import-cycles",
    from: "src/services/order.service.ts",
    to: "src/services/pricing.service.ts",
  },
];

describe("dependency-cruiser with the preset", () => {
  it("finds nothing in a layered project, near-misses included", async () => {
    const result = await cruiseFixture(LAYERED);
    expect(violationsOf(result)).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThanOrEqual(20);
    // The tsconfig `paths` alias resolved, so the route's schema import was judged.
    const route = result.modules.find((m) => m.source === "src/routes/posts.ts");
    expect(route?.dependencies.map((d) => d.resolved)).toContain("src/schemas/post.dto.ts");
  });

  it("finds every planted violation, and only those", async () => {
    const result = await cruiseFixture(VIOLATIONS);
    expect(violationsOf(result)).toEqual(PLANTED);
    const cycle = result.summary.violations.find((v) => v.rule.name === "no-import-cycles");
    expect(cycle?.cycle?.map((c) => c.name)).toEqual([
      "src/services/pricing.service.ts",
      "src/services/order.service.ts",
    ]);
  });

  it("follows a custom configuration", async () => {
    const settings = defaultSettings();
    settings.layers.shared = ["utils"];
    settings.rules = { layers: ["error", { allow: [{ from: "routes", to: "repositories" }] }] };
    const result = await cruiseFixture(VIOLATIONS, dependencyCruiserPreset(settings));
    expect(violationsOf(result)).toEqual(
      PLANTED.filter(
        (v) => v.rule !== "layers-routes-not-to-repositories" && v.from !== "src/core/config.ts",
      ),
    );
  });

  it("runs from the committed file with the depcruise CLI, as a team would", () => {
    const bin = join(REPO, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
    const run = spawnSync(
      process.execPath,
      [bin, "--config", PRESET_FILE, "--output-type", "json", "src"],
      { cwd: VIOLATIONS, encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(violationsOf(JSON.parse(run.stdout) as ICruiseResult)).toEqual(PLANTED);
  });
});
