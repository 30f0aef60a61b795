/**
 * The dependency-cruiser face of the layering rules (DESIGN.md): a
 * dependency-cruiser 17 configuration generated from the same layer map the
 * project model reads, so `depcruise` and layerlint give the same layering
 * verdicts. configs/dependency-cruiser.cjs is this generator's output for the
 * default settings (scripts/gen-depcruise-preset.mjs writes it).
 *
 * Roles become path regexes that follow src/project/roles.ts: tests first
 * (directory or name), then migrations directories, then named composition
 * roots, then a module name that speaks for the file, then the nearest
 * directory naming a role (a lookahead: no layer directory further down).
 * What the regexes cannot express:
 * - a package-by-feature directory named like a layer (roles.ts passes over it
 *   when the files beside it are named for other layers) counts as that layer;
 * - an imported routes module counts whether or not it declares routes;
 * - with a custom map, a module name matching two roles' names, or two layer
 *   directories ending at the same depth, gets both roles or neither, where
 *   roles.ts takes the first role or the longer name;
 * - `ignore` and .gitignore are not read.
 * And what dependency-cruiser decides: `import { X }` used only as a type is
 * a value import (write `import type`); a package it cannot resolve loses its
 * import kind, so `import type` of an uninstalled DB package is reported; a
 * cycle is reported once, not on each member.
 */
import { FORBIDDEN_LAYER_IMPORTS, type LayerViolation } from "../project/layering.js";
import { DEFAULT_SETTINGS, ROLES, type LayerlintSettings, type Role } from "./schema.js";

export type DepcruiseSeverity = "error" | "warn" | "info";

/** The dependency-cruiser dependency types the preset lets through. */
export type DepcruiseDependencyType = "type-only" | "pre-compilation-only" | "dynamic-import";

/** dependency-cruiser's module restriction: any `path` matches and no `pathNot` does. */
export interface PathSelector {
  path: string[];
  pathNot: string[];
}

export interface DepcruiseRule {
  name: string;
  comment: string;
  severity: DepcruiseSeverity;
  from: Partial<PathSelector>;
  to: Partial<PathSelector> & {
    circular?: boolean;
    dependencyTypesNot?: DepcruiseDependencyType[];
    viaOnly?: { dependencyTypesNot: DepcruiseDependencyType[] };
    via?: { pathNot: string[] };
  };
}

/** The subset of dependency-cruiser's IConfiguration the preset uses. */
export interface DepcruisePreset {
  forbidden: DepcruiseRule[];
  options: {
    doNotFollow: { path: string[] };
    exclude: { path: string[] };
    tsPreCompilationDeps: boolean;
    tsConfig?: { fileName: string };
    enhancedResolveOptions: {
      exportsFields: string[];
      conditionNames: string[];
      extensions: string[];
      mainFields: string[];
    };
  };
}

/** The settings the preset reads: the layer map, and the three rules' severities and options. */
export type PresetSettings = Pick<LayerlintSettings, "layers" | "fileNames" | "fileSuffixes"> & {
  rules?: LayerlintSettings["rules"];
};

export interface PresetOptions {
  /** A tsconfig.json to resolve `paths`/`baseUrl` with, relative to where depcruise runs. */
  tsConfig?: string;
}

export { FORBIDDEN_LAYER_IMPORTS };

/** Packages that are the database; a route importing one mirrors `no-db-in-routes`. */
export const DB_PACKAGES: readonly string[] = [
  "@prisma/client",
  "typeorm",
  "drizzle-orm",
  "kysely",
  "knex",
  "pg",
  "mysql2",
  "mongoose",
  "sequelize",
];

/** The extensions src/project/roles.ts gives roles to (.ts .tsx .mts .cts .js .mjs .cjs). */
const EXT = "\\.(?:[cm]?[jt]s|tsx)$";
const NODE_MODULES = "(?:^|/)node_modules/";
const LAYER_ROLES = ROLES.filter((r) => r !== "tests" && r !== "migrations" && r !== "roots");

function escape(name: string): string {
  return name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
}

const alternatives = (names: readonly string[]): string => `(?:${names.map(escape).join("|")})`;

/** Files whose module name (whole, or by its ending) is one of these. */
function nameRegex(names: readonly string[], suffixes: readonly string[]): string | null {
  const parts: string[] = [];
  if (names.length > 0) parts.push(alternatives(names));
  if (suffixes.length > 0) parts.push(`[^/]*${alternatives(suffixes)}`);
  if (parts.length === 0) return null;
  return `(?:^|/)${parts.length === 1 ? parts[0] : `(?:${parts.join("|")})`}${EXT}`;
}

/** Files below one of these directories, anywhere (multi-segment names match as path suffixes). */
function anyDirRegex(dirs: readonly string[]): string | null {
  return dirs.length > 0 ? `(?:^|/)${alternatives(dirs)}/` : null;
}

/** Files whose nearest directory naming a layer is one of `dirs`. */
function nearestDirRegex(dirs: readonly string[], allDirs: readonly string[]): string | null {
  if (dirs.length === 0) return null;
  // No layer directory further down. Two lookaheads, because dependency-cruiser rejects
  // nested quantifiers (star height above 1) as unsafe.
  const layer = alternatives(allDirs);
  return `(?:^|/)${alternatives(dirs)}/(?!${layer}/)(?!.*/${layer}/).*${EXT}`;
}

const present = (items: (string | null)[]): string[] => items.filter((s) => s !== null);

/**
 * The path restriction that selects the files whose role is one of `roles`
 * (layer roles, or "roots" for composition roots named as such). Empty `path`
 * when the layer map gives those roles no names and no directories.
 */
export function roleSelector(roles: readonly Role[], settings: PresetSettings): PathSelector {
  const { layers, fileNames, fileSuffixes } = settings;
  const notTheseRoles = [
    anyDirRegex(layers.tests),
    nameRegex(fileNames.tests, fileSuffixes.tests),
    anyDirRegex(layers.migrations),
    nameRegex(fileNames.migrations, fileSuffixes.migrations),
    NODE_MODULES,
  ];
  const namedRoots = nameRegex([...layers.roots, ...fileNames.roots], []);
  if (roles.includes("roots"))
    return { path: present([namedRoots]), pathNot: present(notTheseRoles) };
  // Roots by suffix (`orders.module.ts`) are roots wherever they live, but not roots
  // by name: importing one is not reported, so they only leave the layers.
  const rootsBySuffix = nameRegex([], fileSuffixes.roots);
  const others = LAYER_ROLES.filter((r) => !roles.includes(r));
  const allDirs = LAYER_ROLES.flatMap((r) => layers[r]);
  return {
    path: present([
      nameRegex(
        roles.flatMap((r) => fileNames[r]),
        roles.flatMap((r) => fileSuffixes[r]),
      ),
      nearestDirRegex(
        roles.flatMap((r) => layers[r]),
        allDirs,
      ),
    ]),
    pathNot: present([
      ...notTheseRoles,
      namedRoots,
      rootsBySuffix,
      nameRegex(
        others.flatMap((r) => fileNames[r]),
        others.flatMap((r) => fileSuffixes[r]),
      ),
    ]),
  };
}

/** A layerlint rule's depcruise severity and options from `settings.rules`; null when off. */
function ruleSetting(
  settings: PresetSettings,
  id: string,
): { severity: DepcruiseSeverity; options: Record<string, unknown> } | null {
  const setting = settings.rules?.[id] ?? "error";
  const [level, options] = Array.isArray(setting) ? setting : [setting, {}];
  if (level === "off" || level === 0) return null;
  const severity = level === "warn" || level === 1 ? "warn" : "error";
  return { severity, options: (options ?? {}) as Record<string, unknown> };
}

const list = (roles: readonly string[]): string =>
  roles.length === 1 ? roles[0] : `${roles.slice(0, -1).join(", ")} or ${roles.at(-1)}`;

function layerRules(settings: PresetSettings): DepcruiseRule[] {
  const setting = ruleSetting(settings, "layers");
  if (!setting) return [];
  const { severity, options } = setting;
  const allow = new Set(
    ((options.allow ?? []) as { from: string; to: string }[]).map((a) => `${a.from}>${a.to}`),
  );
  const allTypeOnlyPass = options.checkTypeCheckingImports === false;
  const typeOnlyModelsPass = options.strictModelImports !== true;
  const hasFiles = (role: Role): boolean => roleSelector([role], settings).path.length > 0;

  // Grouped as layerlint's messages are: a skipped layer per pair, imports of routes from
  // anywhere, imports up the layers per importing layer.
  const groups = new Map<string, { kind: LayerViolation; from: Role[]; to: Role[] }>();
  for (const [from, targets] of Object.entries(FORBIDDEN_LAYER_IMPORTS) as [Role, object][]) {
    for (const [to, kind] of Object.entries(targets) as [Role, LayerViolation][]) {
      if (allow.has(`${from}>${to}`) || !hasFiles(from) || !hasFiles(to)) continue;
      const key = kind === "skipsLayer" ? `${from}>${to}` : kind === "importsUp" ? from : kind;
      const group = groups.get(key) ?? { kind, from: [], to: [] };
      if (!group.from.includes(from)) group.from.push(from);
      if (!group.to.includes(to)) group.to.push(to);
      groups.set(key, group);
    }
  }
  const rules: DepcruiseRule[] = [];
  for (const { kind, from, to } of groups.values()) {
    let name: string;
    let comment: string;
    let typeOnlyPasses = allTypeOnlyPass;
    /** A model a route names only in types, without `import type`: TypeScript drops the import. */
    let typeUsePasses = false;
    if (kind === "skipsLayer") {
      name = `layers-${from[0]}-not-to-${to[0]}`;
      comment = `layerlint/layers: ${from[0]} must not import ${to[0]}; they skip the services layer. Call a service that uses them, injected by a composition root.`;
      if (to[0] === "models" && typeOnlyModelsPass) {
        typeOnlyPasses = true;
        typeUsePasses = true;
        comment +=
          " Type-only imports (`import type`, or names used only as types, which the compiler drops) pass: naming a type is not data access.";
      }
    } else if (kind === "importsRoutes") {
      name = "layers-not-to-routes";
      comment = `layerlint/layers: only composition roots (and routes) import routes; ${list(from)} must not. Move what both need into a service or schema.`;
    } else {
      name = `layers-${from[0]}-not-up`;
      comment = `layerlint/layers: ${from[0]} must not import ${list(to)}; imports point down the layers. Move the shared code down, or invert the call.`;
    }
    rules.push({
      name,
      comment,
      severity,
      from: roleSelector(from, settings),
      to: {
        ...roleSelector(to, settings),
        ...(typeOnlyPasses
          ? {
              dependencyTypesNot: typeUsePasses
                ? ["type-only", "pre-compilation-only"]
                : ["type-only"],
            }
          : {}),
      },
    });
  }
  // Only roots named as such (main, app, container, ...) are off limits; a module that
  // merely matches no layer (src/db.ts) is shared plumbing.
  const belowRoutes = LAYER_ROLES.filter(
    (r) => r !== "routes" && !allow.has(`${r}>roots`) && hasFiles(r),
  );
  const roots = roleSelector(["roots"], settings);
  if (belowRoutes.length > 0 && roots.path.length > 0) {
    rules.push({
      name: "layers-not-to-composition-roots",
      comment: `layerlint/layers: a composition root (${list(settings.layers.roots)}) wires the layers; only routes and other roots import it. Pass what it provides in as a parameter.`,
      severity,
      from: roleSelector(belowRoutes, settings),
      to: { ...roots, ...(allTypeOnlyPass ? { dependencyTypesNot: ["type-only"] } : {}) },
    });
  }
  return rules;
}

function cycleRule(settings: PresetSettings): DepcruiseRule[] {
  const setting = ruleSetting(settings, "no-import-cycles");
  if (!setting) return [];
  const { severity, options } = setting;
  // `import type` is TypeScript's `if TYPE_CHECKING:`, `import()` its import in a function body:
  // neither runs when the module loads, so neither closes a cycle unless asked.
  const skipped: DepcruiseDependencyType[] = [];
  if (options.includeTypeCheckingImports !== true) skipped.push("type-only");
  if (options.includeFunctionImports !== true) skipped.push("dynamic-import");
  const { layers, fileNames, fileSuffixes } = settings;
  const models = selectorRegex(roleSelector(["models"], settings));
  return [
    {
      name: "no-import-cycles",
      comment:
        "layerlint/no-import-cycles (dependency-cruiser's no-circular): a cycle in the module import graph. Move what the modules share into a lower layer, or pass it in as a parameter. Test files are not reported; their imports still count.",
      severity,
      from: {
        pathNot: present([
          anyDirRegex(layers.tests),
          nameRegex(fileNames.tests, fileSuffixes.tests),
          NODE_MODULES,
        ]),
      },
      to: {
        circular: true,
        ...(skipped.length > 0
          ? { dependencyTypesNot: skipped, viaOnly: { dependencyTypesNot: skipped } }
          : {}),
        // ORM entities refer to each other for their relations, lazily: a cycle of
        // models only is not reported (`includeModelCycles`).
        ...(options.includeModelCycles === true || models === null
          ? {}
          : { via: { pathNot: [models] } }),
      },
    },
  ];
}

/** One regular expression for "a file of this selector": every `path` alternative, no `pathNot` one. */
function selectorRegex(selector: PathSelector): string | null {
  if (selector.path.length === 0) return null;
  const not = selector.pathNot.length > 0 ? `(?!.*(?:${selector.pathNot.join("|")}))` : "";
  return `^${not}(?=.*(?:${selector.path.join("|")}))`;
}

function dbRule(settings: PresetSettings): DepcruiseRule[] {
  const setting = ruleSetting(settings, "no-db-in-routes");
  const routes = roleSelector(["routes"], settings);
  if (!setting || routes.path.length === 0) return [];
  return [
    {
      name: "no-db-in-routes",
      comment: `layerlint/no-db-in-routes, at the import level: routes must not import a database package (${list(DB_PACKAGES)}). Query through a repository, called from a service. Type-only imports (model types) pass.`,
      severity: setting.severity,
      from: routes,
      to: {
        // Resolved into node_modules, or the bare name when the package is not installed.
        path: [`(?:^|(?:^|/)node_modules/)${alternatives(DB_PACKAGES)}(?:/|$)`],
        dependencyTypesNot: ["type-only"],
      },
    },
  ];
}

/**
 * A dependency-cruiser 17 configuration that mirrors layerlint's `layers`,
 * `no-import-cycles` and (for imports) `no-db-in-routes` under `settings`:
 * the layer map, and each rule's severity and options (`layers.allow`,
 * `strictModelImports`, `checkTypeCheckingImports`; the cycle rule's
 * `includeTypeCheckingImports` and `includeFunctionImports`).
 */
export function dependencyCruiserPreset(
  settings: PresetSettings = DEFAULT_SETTINGS,
  options: PresetOptions = {},
): DepcruisePreset {
  return {
    forbidden: [...layerRules(settings), ...cycleRule(settings), ...dbRule(settings)],
    options: {
      doNotFollow: { path: ["(?:^|/)node_modules/"] },
      // The directories layerlint never reads (src/project/files.ts).
      exclude: { path: ["(?:^|/)(?:dist|build)/"] },
      tsPreCompilationDeps: true,
      ...(options.tsConfig ? { tsConfig: { fileName: options.tsConfig } } : {}),
      enhancedResolveOptions: {
        exportsFields: ["exports"],
        conditionNames: ["import", "require", "node", "default", "types"],
        extensions: [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".d.ts", ".json"],
        mainFields: ["module", "main", "types", "typings"],
      },
    },
  };
}

/**
 * The text of configs/dependency-cruiser.cjs (before prettier): the default
 * preset, using ./tsconfig.json when the directory depcruise runs in has one.
 */
export function renderDependencyCruiserPreset(settings: PresetSettings = DEFAULT_SETTINGS): string {
  const preset = dependencyCruiserPreset(settings);
  return `// Generated by scripts/gen-depcruise-preset.mjs from src/config/depcruise.ts. Do not edit.
//
// layerlint's layering rules for dependency-cruiser, from the same layer map
// (the defaults; see docs/configuration.md):
//   depcruise --config node_modules/layerlint/configs/dependency-cruiser.cjs src
// Each rule's name and comment say which layerlint rule it mirrors.
"use strict";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config for depcruise
const { existsSync } = require("node:fs");

/** @type {import('dependency-cruiser').IConfiguration} */
const config = ${JSON.stringify(preset, null, 2)};

// TypeScript path aliases (\`paths\`, \`baseUrl\`) resolve when depcruise runs next to a tsconfig.json.
if (existsSync("tsconfig.json")) config.options.tsConfig = { fileName: "tsconfig.json" };

module.exports = config;
`;
}
