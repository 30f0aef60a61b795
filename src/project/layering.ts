/**
 * The layer direction of the rule catalog as data: which imports `layers`
 * forbids, by importing layer. The Python and TypeScript implementations of
 * `layers` and the dependency-cruiser preset all read this one table.
 */
import type { Role } from "./defaults.js";

/** How an import breaks the direction; also the `layers` rule's message id. */
export type LayerViolation = "skipsLayer" | "importsUp" | "importsRoutes";

/**
 * Anything not listed is allowed: same-layer imports, schemas and shared modules
 * from anywhere, services and events calling each other.
 */
export const FORBIDDEN_LAYER_IMPORTS: Partial<Record<Role, Partial<Record<Role, LayerViolation>>>> =
  {
    routes: { repositories: "skipsLayer", models: "skipsLayer" },
    services: { routes: "importsRoutes" },
    repositories: { services: "importsUp", routes: "importsRoutes", events: "importsUp" },
    models: {
      repositories: "importsUp",
      services: "importsUp",
      routes: "importsRoutes",
      events: "importsUp",
    },
    schemas: { services: "importsUp", repositories: "importsUp", routes: "importsRoutes" },
    events: { routes: "importsRoutes" },
    shared: { services: "importsUp", repositories: "importsUp", routes: "importsRoutes" },
  };

/** What `layers` reports for one import: a direction finding, or a named root imported. */
export type LayerFinding = LayerViolation | "importsRoot";

/** Facts about one import that only the language's own model knows, asked lazily. */
export interface ImportFacts {
  /** The target declares routes: a routes-layer module that declares none is a helper. */
  targetDeclaresRoutes(): boolean;
  /** The imported names are only used as types (a route naming a model's type). */
  typesOnly(): boolean;
  /** The target is a composition root by name (`main`, `dependencies`, `alembic/env.py`). */
  targetIsNamedRoot(): boolean;
  /**
   * A models-layer target that declares no ORM model (a `models.py` of Pydantic
   * classes, as onyx names its API payloads): it is schemas, whatever its name.
   */
  targetHasNoOrmModels?(): boolean;
  /**
   * A model names the imported repository only where its ORM asks for it
   * (MikroORM's `@Entity({ repositoryClass })`): the ORM's wiring, not a model
   * calling up into the repositories.
   */
  ormRepositoryLinkOnly?(): boolean;
}

/**
 * The finding for an import from layer `from` of a module of layer `to`, or null.
 * The one decision both languages' `layers` make.
 */
export function layerFinding(
  from: Role,
  to: Role | null,
  options: { allowed: ReadonlySet<string>; strictModelImports: boolean },
  facts: ImportFacts,
): LayerFinding | null {
  if (!to || to === from || options.allowed.has(`${from}>${to}`)) return null;
  let forbidden = FORBIDDEN_LAYER_IMPORTS[from]?.[to];
  // Only asked when the import would be reported: the model index is built on first use.
  if (forbidden && to === "models" && facts.targetHasNoOrmModels?.()) {
    forbidden = FORBIDDEN_LAYER_IMPORTS[from]?.schemas;
  }
  if (forbidden) {
    if (to === "routes" && !facts.targetDeclaresRoutes()) return null;
    if (from === "routes" && to === "models" && !options.strictModelImports && facts.typesOnly()) {
      return null;
    }
    if (from === "models" && to === "repositories" && facts.ormRepositoryLinkOnly?.()) return null;
    return forbidden;
  }
  // Only roots named as such (main, dependencies, ...) are off limits; a module that
  // merely matches no layer (app/db.py, src/db.ts) is shared plumbing.
  if (to === "roots" && from !== "routes" && facts.targetIsNamedRoot()) return "importsRoot";
  return null;
}
