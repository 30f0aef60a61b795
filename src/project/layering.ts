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
