/**
 * FastAPI routes declared in one module, read from its syntax: route decorators
 * (`@router.get("/x")`, `@app.post(...)`, `.api_route(..., methods=[...])`,
 * `.websocket`), `add_api_route(...)` calls, and the `APIRouter(...)` /
 * `FastAPI(...)` objects they hang on. The cross-file table (include_router
 * prefixes) builds on this; see issue 3.
 */
import type {
  PyArgument,
  PyFunction,
  PyModule,
  PyName,
  PyNode,
} from "../../languages/python/nodes.js";
import { dottedName } from "../../languages/python/ast-utils.js";

const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "options", "head", "trace"];
const ROUTE_DECORATORS = new Set([...HTTP_METHODS, "api_route", "websocket"]);
const ROUTER_CLASSES = new Set(["APIRouter", "FastAPI"]);

export interface RouterObject {
  /** The module-level variable: `router`, `app`. */
  name: string;
  kind: "APIRouter" | "FastAPI";
  /** A literal `prefix=`; null when absent or not a plain string. */
  prefix: string | null;
  tags: string[];
}

export interface RouteHandler {
  /** The handler function's name. */
  handler: string;
  /** The decorated object: `router`, `app`, `api.router`. */
  router: string;
  /** Upper-case HTTP methods; `WEBSOCKET` for `.websocket`. */
  methods: string[];
  /** The literal path; null when not a plain string (an f-string, a constant). */
  path: string | null;
  responseModel: boolean;
  /** The `status_code=` expression as written, or null. */
  statusCode: string | null;
  tags: string[];
  dependencies: boolean;
  isAsync: boolean;
  /** The handler function node (decorators included in its range). */
  node: PyFunction;
}

export interface FileRoutes {
  routers: RouterObject[];
  routes: RouteHandler[];
}

/** Routers and route handlers of a module parsed with `present: true`. */
export function extractRoutes(module: PyModule, text: string): FileRoutes {
  const routers: RouterObject[] = [];
  const routes: RouteHandler[] = [];
  const stack: PyNode[] = [...(module.d.statements as PyNode[])];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case "StatementList":
        stack.push(...(node.d.statements as PyNode[]));
        break;
      case "Assignment": {
        const router = routerObject(node);
        if (router) routers.push(router);
        break;
      }
      case "Function": {
        const fn = node as unknown as PyFunction;
        for (const decorator of fn.d.decorators) {
          const route = routeFromDecorator(fn, decorator.d.expr, text);
          if (route) routes.push(route);
        }
        break;
      }
      case "If":
      case "Try":
        // Routes declared under `if settings.DEBUG:` or `try:` still exist.
        for (const value of Object.values(node.d)) {
          const suite = value as PyNode | undefined;
          if (suite?.type === "Suite") stack.push(...(suite.d.statements as PyNode[]));
        }
        break;
    }
  }
  routes.sort((a, b) => a.node.start - b.node.start);
  routers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { routers, routes };
}

/** `name = APIRouter(prefix="/x", tags=["x"])`, `app = fastapi.FastAPI()`. */
function routerObject(assignment: PyNode): RouterObject | null {
  const target = assignment.d.leftExpr as PyNode;
  const call = assignment.d.rightExpr as PyNode;
  if (target.type !== "Name" || call?.type !== "Call") return null;
  const callee = dottedName(call.d.leftExpr as PyNode);
  const kind = callee?.slice(callee.lastIndexOf(".") + 1);
  if (!kind || !ROUTER_CLASSES.has(kind)) return null;
  const args = call.d.args as PyArgument[];
  return {
    name: (target as unknown as PyName).d.value,
    kind: kind as RouterObject["kind"],
    prefix: stringValue(keyword(args, "prefix")),
    tags: stringList(keyword(args, "tags")),
  };
}

/** A route when the decorator is `@<object>.<method>(<path>, ...)` with a string path. */
function routeFromDecorator(fn: PyFunction, expr: PyNode, text: string): RouteHandler | null {
  if (expr.type !== "Call") return null;
  const callee = expr.d.leftExpr as PyNode;
  if (callee.type !== "MemberAccess") return null;
  const method = (callee.d.member as PyName).d.value;
  if (!ROUTE_DECORATORS.has(method)) return null;
  const router = dottedName(callee.d.leftExpr as PyNode);
  if (!router) return null;
  const args = expr.d.args as PyArgument[];
  const pathArg = args.find((a) => !a.d.name) ?? keyword(args, "path");
  // `@cache.get("key")` has a string too, but FastAPI paths start with "/" (or are empty).
  const path = stringValue(pathArg);
  if (path === null ? !isFormatString(pathArg) : path !== "" && !path.startsWith("/")) return null;
  const methods =
    method === "api_route"
      ? stringList(keyword(args, "methods")).map((m) => m.toUpperCase())
      : [method === "websocket" ? "WEBSOCKET" : method.toUpperCase()];
  const status = keyword(args, "status_code");
  return {
    handler: fn.d.name.d.value,
    router,
    methods: methods.length > 0 ? methods : ["GET"],
    path,
    responseModel: keyword(args, "response_model") !== undefined,
    statusCode: status
      ? text.slice(status.d.valueExpr.start, status.d.valueExpr.start + status.d.valueExpr.length)
      : null,
    tags: stringList(keyword(args, "tags")),
    dependencies: keyword(args, "dependencies") !== undefined,
    isAsync: fn.d.isAsync,
    node: fn,
  };
}

/** An f-string path (`f"/{PREFIX}/all"`): a route whose path is not known statically. */
function isFormatString(arg: PyArgument | undefined): boolean {
  const expr = arg?.d.valueExpr as PyNode | undefined;
  return (
    expr?.type === "StringList" &&
    (expr.d.strings as PyNode[]).some((p) => p.type === "FormatString")
  );
}

function keyword(args: PyArgument[], name: string): PyArgument | undefined {
  return args.find((a) => a.d.name?.d.value === name);
}

/** The value of a plain string literal argument (no f-string, no concatenation of names). */
function stringValue(arg: PyArgument | undefined): string | null {
  const expr = arg?.d.valueExpr as PyNode | undefined;
  if (expr?.type !== "StringList") return null;
  const parts = expr.d.strings as PyNode[];
  if (parts.some((p) => p.type !== "String")) return null;
  return parts.map((p) => p.d.value as string).join("");
}

function stringList(arg: PyArgument | undefined): string[] {
  const expr = arg?.d.valueExpr as PyNode | undefined;
  if (expr?.type !== "List" && expr?.type !== "Tuple") return [];
  const out: string[] = [];
  for (const item of expr.d.items as PyNode[]) {
    if (item.type !== "StringList") continue;
    const value = stringValue({ d: { valueExpr: item } } as unknown as PyArgument);
    if (value !== null) out.push(value);
  }
  return out;
}
