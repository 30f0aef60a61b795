/**
 * The route handlers of one TypeScript/JavaScript file as functions, for rules
 * that look inside them: inline handlers (`router.get("/", async (req, res) =>
 * ...)`, also wrapped as `asyncHandler(async ...)`), handlers passed by name and
 * defined in the file (`router.get("/", listPosts)`), NestJS controller methods,
 * and exported functions that another module registers by name
 * (`router.get("/", postController.list)` with `import * as postController`).
 * Methods and full paths come from the project's route table.
 */
import type * as TS from "typescript";
import { declarationOf, exportedDeclaration, unwrap } from "./db.js";
import { typescript } from "./load.js";
import { extractTsRoutes, TS_ROUTE_TEXT, type TsRoute } from "./routes.js";
import type { Project } from "../project.js";

export interface TsHandler {
  /** The function's name, the Nest method's name, or `GET /posts` for an inline handler. */
  name: string;
  fn: TS.FunctionLikeDeclaration;
  /** ` (GET /api/posts)`, or "" when `name` already says it. */
  route: string;
  /** Upper-case HTTP methods of the route. */
  methods: string[];
  /** Its full paths, one per way it is mounted (`:id` for parameters). */
  paths: string[];
  /** UTF-16 offsets of what a finding covers: the route call, decorators or declaration through the body. */
  start: number;
  end: number;
}

type FunctionWithBody = TS.FunctionLikeDeclaration & { body: TS.Node };

interface ExternalRoute {
  route: string;
  methods: string[];
  paths: string[];
}

const external = new WeakMap<Project, Map<string, Map<string, ExternalRoute>>>();

/** Exported names of each file that routes in other files register by name, with their route. */
function externalHandlers(project: Project): Map<string, Map<string, ExternalRoute>> {
  let byFile = external.get(project);
  if (byFile) return byFile;
  byFile = new Map();
  external.set(project, byFile);
  for (const entry of project.tsRouteTable().entries) {
    if (!entry.handler) continue;
    const [head, member, ...rest] = entry.handler.split(".");
    if (!head || rest.length > 0) continue;
    for (const record of project.tsImportsOf(entry.file)) {
      if (record.typeOnly) continue;
      const binding = record.bindings.find((b) => (b.alias ?? b.name) === head && !b.typeOnly);
      if (!binding) continue;
      const targets = project.resolveTs(entry.file, record).targets;
      let at: { file: string; name: string } | null = null;
      if (member === undefined && binding.name !== "*") {
        const target = targets.find((t) => t.name === binding.name);
        if (target) at = { file: target.file, name: binding.name };
      } else if (member !== undefined && binding.name === "*" && targets[0]) {
        at = { file: targets[0].direct, name: member };
      }
      if (at) {
        let names = byFile.get(at.file);
        if (!names) byFile.set(at.file, (names = new Map()));
        if (!names.has(at.name)) {
          names.set(at.name, {
            route: ` (${entry.methods.join(", ")} ${entry.paths[0] ?? ""})`,
            methods: entry.methods,
            paths: entry.paths,
          });
        }
      }
      break;
    }
  }
  return byFile;
}

/** A cheap test before `tsHandlersOf`: route-like text, or functions other modules register. */
export function mayHaveTsHandlers(project: Project, file: string, text: string): boolean {
  return TS_ROUTE_TEXT.test(text) || externalHandlers(project).has(file);
}

function hasBody(ts: typeof TS, node: TS.Node | undefined): node is FunctionWithBody {
  return node !== undefined && ts.isFunctionLike(node) && "body" in node && node.body !== undefined;
}

/** The outermost node that starts at `start`. */
function nodeStartingAt(ts: typeof TS, sf: TS.SourceFile, start: number): TS.Node | null {
  let found: TS.Node | null = null;
  const visit = (node: TS.Node): void => {
    if (node.getStart(sf) > start || node.end <= start) return;
    if (node.getStart(sf) === start && !found) found = node;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return found;
}

/** A function-valued declaration (`function f`, `const f = async () => {}`) and its statement. */
function functionOf(
  ts: typeof TS,
  decl: TS.Node | null,
): { fn: FunctionWithBody; at: TS.Node } | null {
  if (!decl) return null;
  if (ts.isFunctionDeclaration(decl) && hasBody(ts, decl)) return { fn: decl, at: decl };
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    const init = unwrap(decl.initializer);
    if (hasBody(ts, init)) return { fn: init, at: decl.parent.parent };
  }
  return null;
}

/** Route handlers of a file (parsed with parents), in source order, each function once. */
export function tsHandlersOf(project: Project, file: string, sf: TS.SourceFile): TsHandler[] {
  const ts = typescript();
  let routes: TsRoute[];
  try {
    routes = extractTsRoutes(sf.fileName, sf.text).routes;
  } catch {
    routes = [];
  }
  const table = project.tsRouteTable().handlersIn(file);
  const out = new Map<TS.Node, TsHandler>();
  for (const route of routes) {
    const entry = table.find(
      (e) => e.line === route.line && e.column === route.column && e.handler === route.handler,
    );
    const path = entry?.paths[0] ?? route.path;
    const described = ` (${route.methods.join(", ")} ${path})`;
    const methods = route.methods;
    const paths = entry?.paths ?? [route.path];
    const node = nodeStartingAt(ts, sf, route.start);
    if (!node) continue;
    if (route.framework === "nest") {
      const method = node.parent;
      if (!method || !ts.isMethodDeclaration(method) || !hasBody(ts, method)) continue;
      const start = method.getStart(sf);
      const owner = ts.isClassLike(method.parent) ? method.parent.name?.text : undefined;
      out.set(method, {
        name: owner ? `${owner}.${route.handler ?? ""}` : (route.handler ?? ""),
        fn: method,
        route: described,
        methods,
        paths,
        start,
        end: method.end,
      });
      continue;
    }
    let fn: FunctionWithBody | null = null;
    let name: string | null = route.handler;
    let start: number | null = null;
    let expr = ts.isExpression(node) ? unwrap(node) : null;
    // `asyncHandler(async (req, res) => ...)`: the wrapped function.
    if (expr && ts.isCallExpression(expr)) {
      const inner = expr.arguments.find((a) => hasBody(ts, unwrap(a)));
      expr = inner ? unwrap(inner) : expr;
    }
    if (expr && hasBody(ts, expr)) {
      fn = expr;
      name = null;
      for (let p: TS.Node | undefined = node.parent; p; p = p.parent) {
        if (
          ts.isCallExpression(p) &&
          p.arguments.some((a) => a.pos <= node.pos && node.end <= a.end)
        ) {
          start = p.getStart(sf);
          break;
        }
      }
    } else if (expr && ts.isIdentifier(expr)) {
      const found = functionOf(ts, declarationOf(ts, expr));
      if (found) {
        fn = found.fn;
        start = found.at.getStart(sf);
      }
    }
    if (!fn || out.has(fn)) continue;
    out.set(fn, {
      name: name ?? `${route.methods.join(", ")} ${path}`,
      fn,
      route: name ? described : "",
      methods,
      paths,
      start: start ?? fn.getStart(sf),
      end: fn.end,
    });
  }
  for (const [exported, { route, methods, paths }] of externalHandlers(project).get(file) ?? []) {
    const found = functionOf(ts, exportedDeclaration(ts, sf, exported));
    if (!found || out.has(found.fn)) continue;
    out.set(found.fn, {
      name: exported,
      fn: found.fn,
      route,
      methods,
      paths,
      start: found.at.getStart(sf),
      end: found.fn.end,
    });
  }
  return [...out.values()].sort((a, b) => a.start - b.start);
}
