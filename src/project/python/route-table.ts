/**
 * The FastAPI route table of a project: every route handler with its methods
 * and full paths (the `include_router` prefixes from the app down, then the
 * router's own prefix, then the route's path), across files. Built from the
 * files that mention routers at all; nothing is imported or run.
 */
import type { PyFunction, PyModule, PyNode } from "../../languages/python/nodes.js";
import { extractRoutes, type FileRoutes, type RouterObject } from "./routes.js";
import { symbolOfDotted, type ProjectSymbol, type SymbolHost } from "./symbols.js";

export interface RouteEntry {
  /** The file defining the handler function. */
  file: string;
  handler: string;
  /** Offset of the handler's Function node in `file`; null when it was not found there. */
  start: number | null;
  methods: string[];
  /** One full path per way the router is mounted (`{?}` stands for a path not known statically). */
  paths: string[];
  responseModel: boolean;
  responseClass: boolean;
  inSchema: boolean;
  statusCode: string | null;
  /** Whether the decorator declares `dependencies=[...]`. */
  dependencies: boolean;
  /** Tags of the route, its router and every mount above it. */
  tags: string[];
  /** The file whose decorator or `add_api_route` call registers the route. */
  registeredIn: string;
  /** The router object as written in `registeredIn`: `router`, `app`. */
  router: string;
}

export interface RouteTableHost extends SymbolHost {
  /** Python files of the project. */
  readonly pythonFiles: readonly string[];
  readText(file: string): string | null;
  /** A parsed module; null when unreadable or unparsable. */
  parsedModule(file: string): { ast: PyModule; text: string } | null;
  /** A fresh parse of `text` (the text of `file`), bodies skipped if asked; null if invalid. */
  parseText(text: string, skipBodies: boolean, file?: string): PyModule | null;
}

/** Cheap text test before parsing: files that cannot declare or mount routes are skipped. */
export const ROUTE_TEXT =
  /\b(?:APIRouter|FastAPI|include_router|add_api_route)\b|^[ \t]*@[\w.]+\.(?:get|post|put|patch|delete|head|options|trace|api_route|websocket)\(/m;
/**
 * Route code that is indented: inside a function (an app factory), a class (class-based
 * views) or a block. Only then is the whole file parsed; otherwise bodies are skipped.
 */
const INDENTED_ROUTE_CODE =
  /^[ \t]+(?:.*\b(?:include_router|add_api_route|APIRouter|FastAPI)\s*\(|@[\w.]+\.(?:get|post|put|patch|delete|head|options|trace|api_route|websocket)\()/m;
const MAX_PATHS = 16;

export class RouteTable {
  readonly entries: readonly RouteEntry[];
  private readonly byFile = new Map<string, RouteEntry[]>();
  /** Files that declare a router object or a route. */
  readonly routeFiles: ReadonlySet<string>;

  /** `include_router` calls (`file:offset`) that give no tags to a router that has none either. */
  readonly untaggedMounts: ReadonlySet<string>;

  constructor(entries: RouteEntry[], routeFiles: Set<string>, untaggedMounts = new Set<string>()) {
    this.entries = entries;
    this.routeFiles = routeFiles;
    this.untaggedMounts = untaggedMounts;
    for (const entry of entries) {
      let list = this.byFile.get(entry.file);
      if (!list) this.byFile.set(entry.file, (list = []));
      list.push(entry);
    }
  }

  /** Route handlers defined in `file`, in source order. */
  handlersIn(file: string): readonly RouteEntry[] {
    return this.byFile.get(file) ?? [];
  }
}

interface RouterNode {
  object: RouterObject | null;
  incoming: { parent: string; prefix: string; tags: string[] }[];
}

export function buildRouteTable(host: RouteTableHost): RouteTable {
  const perFile = new Map<string, FileRoutes>();
  for (const file of host.pythonFiles) {
    const text = host.readText(file);
    if (text === null || !ROUTE_TEXT.test(text)) continue;
    // Decorated handlers and module-level routers need no function bodies: a parse that
    // skips them is about 3x cheaper.
    const ast = host.parseText(text, !INDENTED_ROUTE_CODE.test(text), file);
    if (ast) perFile.set(file, extractRoutes(ast, text));
  }

  const routers = new Map<string, RouterNode>();
  const nodeOf = (key: string): RouterNode => {
    let node = routers.get(key);
    if (!node) routers.set(key, (node = { object: null, incoming: [] }));
    return node;
  };
  const keyOf = (file: string, dotted: string | null): string | null => {
    if (dotted === null) return null;
    // The usual case, `@router.get(...)` on the file's own router, needs no import lookup.
    if (perFile.get(file)?.routers.some((r) => r.name === dotted)) return `${file}#${dotted}`;
    const symbol: ProjectSymbol | null = symbolOfDotted(host, file, dotted);
    return symbol?.name ? `${symbol.file}#${symbol.name}` : null;
  };
  for (const [file, routes] of perFile) {
    for (const object of routes.routers) nodeOf(`${file}#${object.name}`).object = object;
  }
  for (const [file, routes] of perFile) {
    for (const mount of routes.mounts) {
      const parent = keyOf(file, mount.parent);
      const child = keyOf(file, mount.child);
      if (!parent || !child || parent === child) continue;
      nodeOf(child).incoming.push({ parent, prefix: mount.prefix ?? "", tags: mount.tags });
    }
  }

  const memo = new Map<string, { prefix: string; tags: string[] }[]>();
  const prefixesOf = (key: string, visiting: Set<string>): { prefix: string; tags: string[] }[] => {
    const cached = memo.get(key);
    if (cached) return cached;
    const node = nodeOf(key);
    const own = { prefix: node.object?.prefix ?? "", tags: node.object?.tags ?? [] };
    if (node.incoming.length === 0 || visiting.has(key)) return [own];
    visiting.add(key);
    const out: { prefix: string; tags: string[] }[] = [];
    for (const edge of node.incoming) {
      for (const above of prefixesOf(edge.parent, visiting)) {
        if (out.length >= MAX_PATHS) break;
        out.push({
          prefix: above.prefix + edge.prefix + own.prefix,
          tags: [...above.tags, ...edge.tags, ...own.tags],
        });
      }
    }
    visiting.delete(key);
    memo.set(key, out);
    return out;
  };
  const mountsOf = (file: string, router: string) => {
    const key = keyOf(file, router);
    return key ? prefixesOf(key, new Set()) : [{ prefix: "", tags: [] }];
  };

  const entries: RouteEntry[] = [];
  const routeFiles = new Set<string>();
  for (const [file, routes] of perFile) {
    if (routes.routers.length > 0 || routes.routes.length > 0 || routes.added.length > 0) {
      routeFiles.add(file);
    }
    for (const route of routes.routes) {
      const mounts = mountsOf(file, route.router);
      entries.push({
        file,
        handler: route.handler,
        start: route.node.start,
        methods: route.methods,
        paths: unique(mounts.map((m) => m.prefix + (route.path ?? "{?}"))),
        responseModel: route.responseModel,
        responseClass: route.responseClass,
        inSchema: route.inSchema,
        statusCode: route.statusCode,
        dependencies: route.dependencies,
        tags: unique([...mounts.flatMap((m) => m.tags), ...route.tags]),
        registeredIn: file,
        router: route.router,
      });
    }
    for (const route of routes.added) {
      if (route.endpoint === null) continue;
      const mounts = mountsOf(file, route.router);
      const target = symbolOfDotted(host, file, route.endpoint);
      const handlerFile = target?.name ? target.file : file;
      const handler = target?.name ?? route.endpoint;
      const fn = target?.name ? moduleFunction(host, target.file, target.name) : null;
      if (fn) routeFiles.add(handlerFile);
      entries.push({
        file: handlerFile,
        handler,
        start: fn?.start ?? null,
        methods: route.methods,
        paths: unique(mounts.map((m) => m.prefix + (route.path ?? "{?}"))),
        responseModel: route.responseModel,
        responseClass: route.responseClass,
        inSchema: route.inSchema,
        statusCode: route.statusCode,
        dependencies: route.dependencies,
        tags: unique([...mounts.flatMap((m) => m.tags), ...route.tags]),
        registeredIn: file,
        router: route.router,
      });
    }
  }
  entries.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : (a.start ?? -1) - (b.start ?? -1),
  );
  // An include without tags of a router without tags, whose own routes end up with none
  // (no tags from another include, above, or on the routes themselves).
  const untagged = new Set<string>();
  const parents = new Set<string>();
  for (const [file, routes] of perFile) {
    for (const mount of routes.mounts) {
      const parent = keyOf(file, mount.parent);
      if (parent) parents.add(parent);
    }
  }
  for (const [file, routes] of perFile) {
    for (const mount of routes.mounts) {
      if (mount.tags.length > 0) continue;
      const child = keyOf(file, mount.child);
      const object = child ? routers.get(child)?.object : null;
      if (!child || object?.kind !== "APIRouter" || object.tags.length > 0) continue;
      // A router that gathers others: tags on its include would land on all of theirs.
      if (parents.has(child)) continue;
      const at = child.lastIndexOf("#");
      const own = entries.filter(
        (e) =>
          e.registeredIn === child.slice(0, at) &&
          e.router === child.slice(at + 1) &&
          e.inSchema &&
          !e.methods.includes("WEBSOCKET"),
      );
      if (own.length > 0 && own.every((e) => e.tags.length === 0)) {
        untagged.add(`${file}:${mount.start}`);
      }
    }
  }
  return new RouteTable(entries, routeFiles, untagged);
}

/** A function defined at module level of `file` (the last definition wins, as in Python). */
function moduleFunction(host: RouteTableHost, file: string, name: string): PyFunction | null {
  const parsed = host.parsedModule(file);
  if (!parsed) return null;
  let found: PyFunction | null = null;
  for (const statement of parsed.ast.d.statements as PyNode[]) {
    if (
      statement.type === "Function" &&
      (statement as unknown as PyFunction).d.name.d.value === name
    ) {
      found = statement as unknown as PyFunction;
    }
  }
  return found;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
