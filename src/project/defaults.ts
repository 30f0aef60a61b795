/**
 * The slice of layerlint's settings the project model reads, with the defaults
 * from the rule catalog's layer map. `src/config/` owns the full schema; its
 * settings object is a structural superset of `ProjectSettings`.
 */

export type Role =
  | "routes"
  | "services"
  | "repositories"
  | "models"
  | "schemas"
  | "events"
  | "shared"
  | "roots"
  | "migrations"
  | "tests";

/** Every role, in the order ties between roles are broken. */
export const ROLES: readonly Role[] = [
  "tests",
  "migrations",
  "roots",
  "routes",
  "services",
  "repositories",
  "models",
  "schemas",
  "events",
  "shared",
];

export interface ProjectSettings {
  /**
   * Directory names per role; multi-segment names (`db/models`) match as path
   * suffixes. For `roots`: module names (`main`, `alembic/env`).
   */
  layers: Record<Role, readonly string[]>;
  /** Whole module names (file name without extension) that speak for a file; `*` is a wildcard. */
  fileNames: Record<Role, readonly string[]>;
  /** Endings of module names that speak for a file (`_service`, `.controller`), case-sensitive. */
  fileSuffixes: Record<Role, readonly string[]>;
  /** gitignore-style patterns, relative to the project root, never linted or indexed. */
  ignore: readonly string[];
  python: {
    version: string;
    /** Extra import roots, relative to the project root (the root and `src/` are automatic). */
    sourceRoots: readonly string[];
  };
}

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = {
  layers: {
    routes: ["routes", "routers", "api", "endpoints", "views", "controllers", "handlers"],
    services: ["services", "service", "use_cases", "usecases"],
    repositories: ["repositories", "repository", "repos", "crud", "dao"],
    models: ["models", "entities", "db/models", "tables"],
    schemas: ["schemas", "dto", "dtos"],
    events: ["events", "kafka", "messaging", "consumers", "producers"],
    shared: ["core", "config", "utils", "exceptions", "middleware"],
    roots: [
      "main",
      "app",
      "server",
      "dependencies",
      "providers",
      "container",
      "wiring",
      "bootstrap",
      "alembic/env",
    ],
    migrations: ["alembic/versions", "migrations", "prisma/migrations", "drizzle"],
    tests: ["tests", "test", "__tests__"],
  },
  fileNames: {
    routes: ["views", "endpoints", "routes", "router", "controller", "resolver"],
    services: ["service"],
    repositories: ["repository", "repo", "crud", "dao"],
    models: ["models", "entities"],
    schemas: ["schemas", "dto"],
    events: ["consumer", "producer"],
    shared: [],
    roots: [],
    migrations: [],
    tests: ["test_*", "conftest"],
  },
  fileSuffixes: {
    routes: [".controller", "Controller", ".resolver"],
    services: ["_service", "Service", ".service"],
    repositories: ["_repository", "Repository", ".repository"],
    models: [".entity", ".model"],
    schemas: [".dto"],
    events: ["_consumer", ".consumer", "_producer", ".producer"],
    shared: [],
    roots: [],
    migrations: [],
    tests: ["_test", ".test", ".spec"],
  },
  ignore: [],
  python: { version: "3.13", sourceRoots: [] },
};
