/**
 * What rules about route handlers share: the handlers of the file being linted
 * (decorated, or registered with `add_api_route` here or in another module) with
 * their method and path, and one database resolver per project and options.
 */
import type { PyFunction, PyModule, PyNode } from "./languages/python/nodes.js";
import type { PythonSourceCode } from "./languages/python/source-code.js";
import { DbResolver, type DbOptions, type DbSource } from "./project/python/db.js";
import { ROUTE_TEXT, type RouteEntry } from "./project/python/route-table.js";
import { extractRoutes, type FileRoutes } from "./project/python/routes.js";
import type { Project } from "./project/project.js";

export interface RouteHandler {
  name: string;
  fn: PyFunction;
  /** ` (POST /v1/posts/)`, or "" when the method and path are unknown. */
  route: string;
}

const routesBySource = new WeakMap<PythonSourceCode, FileRoutes>();

/** The routers, routes and mounts the linted text declares (one walk per file, shared by the rules). */
export function routesOfSource(sourceCode: PythonSourceCode): FileRoutes {
  let routes = routesBySource.get(sourceCode);
  if (!routes) {
    routes = extractRoutes(sourceCode.ast as PyModule, sourceCode.text);
    routesBySource.set(sourceCode, routes);
  }
  return routes;
}

/** What one route declares: methods, full paths (else the path this text writes) and its OpenAPI contract. */
export type DeclaredRoute = Pick<
  RouteEntry,
  "methods" | "paths" | "responseModel" | "responseClass" | "inSchema" | "statusCode"
>;

/**
 * The routes of the linted file by their handler's offset: what this text's
 * decorators say (a function's first route decorator speaks for it), with the
 * full paths the project's table knows for the same handler; handlers another
 * module registers come from the table alone.
 */
export function declaredRoutesOf(
  sourceCode: PythonSourceCode,
  project: Project,
  file: string,
): Map<number, DeclaredRoute> {
  const rel = project.relative(file) ?? file;
  const table = new Map<number, RouteEntry>();
  for (const entry of project.routeTable().handlersIn(rel)) {
    if (entry.start !== null) table.set(entry.start, entry);
  }
  const declared = new Map<number, DeclaredRoute>(table);
  const local = new Set<number>();
  for (const route of routesOfSource(sourceCode).routes) {
    const start = route.node.start;
    if (local.has(start)) continue;
    local.add(start);
    declared.set(start, { ...route, paths: table.get(start)?.paths ?? [route.path ?? "{?}"] });
  }
  return declared;
}

/** Per linted file: three rules ask, and the answer takes a walk of the whole tree. */
const handlersBySource = new WeakMap<PythonSourceCode, RouteHandler[]>();

/** Route handlers defined in the linted file, in source order. */
export function routeHandlersOf(
  sourceCode: PythonSourceCode,
  project: Project,
  file: string,
): RouteHandler[] {
  let handlers = handlersBySource.get(sourceCode);
  if (!handlers) {
    handlers = findHandlers(sourceCode, project, file);
    handlersBySource.set(sourceCode, handlers);
  }
  return handlers;
}

function findHandlers(
  sourceCode: PythonSourceCode,
  project: Project,
  file: string,
): RouteHandler[] {
  // The project's table knows full paths, and handlers other modules register.
  const table = project.routeTable().handlersIn(file);
  // A file that names no router, app or route decorator declares no routes of its own.
  if (table.length === 0 && !ROUTE_TEXT.test(sourceCode.text)) return [];
  const statements = sourceCode.ast.d.statements as PyNode[];
  const { routes, added, routers } = routesOfSource(sourceCode);
  const prefix = (router: string) => routers.find((r) => r.name === router)?.prefix ?? "";
  const local = (methods: string[], path: string) => ` (${methods.join(", ")} ${path})`;
  const handlers = new Map<string, RouteHandler>();
  for (const route of routes) {
    const name = route.node.d.name.d.value;
    if (handlers.has(name)) continue;
    const path = route.path === null ? "" : prefix(route.router) + route.path;
    handlers.set(name, { name, fn: route.node, route: local(route.methods, path) });
  }
  for (const route of added) {
    const name = route.endpoint;
    if (name === null || name.includes(".") || handlers.has(name)) continue;
    const fn = moduleFunction(statements, name);
    const path = route.path === null ? "" : prefix(route.router) + route.path;
    if (fn) handlers.set(name, { name, fn, route: local(route.methods, path) });
  }
  for (const entry of table) {
    const known = handlers.get(entry.handler);
    if (known) {
      if (entry.start === known.fn.start) known.route = describe(entry);
      continue;
    }
    if (entry.registeredIn === file) continue;
    const fn = moduleFunction(statements, entry.handler);
    if (fn) handlers.set(entry.handler, { name: entry.handler, fn, route: describe(entry) });
  }
  return [...handlers.values()]
    .map((h) => ({ ...h, route: h.route.replace(" )", ")") }))
    .sort((a, b) => a.fn.start - b.fn.start);
}

function describe(entry: RouteEntry): string {
  return ` (${entry.methods.join(", ")} ${entry.paths[0] ?? ""})`;
}

function moduleFunction(statements: PyNode[], name: string): PyFunction | null {
  let found: PyFunction | null = null;
  for (const statement of statements) {
    const fn = statement as unknown as PyFunction;
    if (statement.type === "Function" && fn.d.name.d.value === name) found = fn;
  }
  return found;
}

const resolvers = new WeakMap<Project, Map<string, DbResolver>>();

/** One resolver per project and options, so facts about other modules are worked out once. */
export function dbResolverFor(project: Project, options: Partial<DbOptions>): DbResolver {
  let byOptions = resolvers.get(project);
  if (!byOptions) resolvers.set(project, (byOptions = new Map()));
  const full: DbOptions = {
    sessionTypes: options.sessionTypes ?? [],
    dbModules: options.dbModules ?? [],
  };
  const key = JSON.stringify(full);
  let resolver = byOptions.get(key);
  if (!resolver) byOptions.set(key, (resolver = new DbResolver(project, full)));
  return resolver;
}

/** The linted file as a `DbSource`: its parse and memo, named for cross-file lookups. */
export function dbSourceOf(sourceCode: PythonSourceCode, file: string): DbSource {
  return { parseResults: sourceCode.parseResults, cache: sourceCode.cache, file };
}

/** The options every rule that asks "is this the database?" takes, for its schema. */
export const DB_OPTION_PROPERTIES = {
  sessionTypes: {
    type: "array",
    items: { type: "string" },
    uniqueItems: true,
    description:
      "Extra types that are database sessions or clients: qualified (`app.db.Database`) or bare class names (`UnitOfWork`).",
  },
  dbModules: {
    type: "array",
    items: { type: "string" },
    uniqueItems: true,
    description:
      "Extra top-level packages that are database clients (e.g. `piccolo`, `beanie`): their classes count as session types.",
  },
} as const;
