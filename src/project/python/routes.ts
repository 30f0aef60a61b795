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
  /** `response_class=` (HTMLResponse, FileResponse, ...): the response is no JSON model. */
  responseClass: boolean;
  /** False for `include_in_schema=False`: a route left out of the OpenAPI document. */
  inSchema: boolean;
  /** The `status_code=` expression as written, or null. */
  statusCode: string | null;
  /** Literal tags; `{?}` for a `tags=` that is not a list of string literals. */
  tags: string[];
  dependencies: boolean;
  isAsync: boolean;
  /** The handler function node (decorators included in its range). */
  node: PyFunction;
}

/** `parent.include_router(child, prefix="/x", tags=[...])`. */
export interface RouterMount {
  /** The object mounted on: `app`, `api_router`. */
  parent: string;
  /** The mounted router as written: `posts.router`, `api_router`; null when not a dotted name. */
  child: string | null;
  /** A literal prefix; a non-literal one as its source in braces: `{settings.API_V1_STR}`. */
  prefix: string | null;
  tags: string[];
  /** Offset of the call, for source order. */
  start: number;
}

/** `router.add_api_route("/x", endpoint, methods=[...])`: a route whose handler may live elsewhere. */
export interface AddedRoute {
  router: string;
  /** The endpoint as written: `list_items`, `views.list_items`; null when not a dotted name. */
  endpoint: string | null;
  methods: string[];
  path: string | null;
  responseModel: boolean;
  responseClass: boolean;
  inSchema: boolean;
  statusCode: string | null;
  tags: string[];
  dependencies: boolean;
  /** Offset of the call, for source order. */
  start: number;
}

export interface FileRoutes {
  routers: RouterObject[];
  routes: RouteHandler[];
  mounts: RouterMount[];
  added: AddedRoute[];
}

/**
 * Routers, route handlers, `include_router` mounts and `add_api_route` calls of
 * a parsed module, wherever they are written: at module
 * level, under `if`/`try`/`with`, or inside an app factory (`def create_app()`).
 */
export function extractRoutes(module: PyModule, text: string): FileRoutes {
  const routers: RouterObject[] = [];
  const routes: RouteHandler[] = [];
  const mounts: RouterMount[] = [];
  const added: AddedRoute[] = [];
  const stack: PyNode[] = [...(module.d.statements as PyNode[])];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case "StatementList":
        for (const statement of node.d.statements as PyNode[]) {
          if (statement.type === "Assignment") {
            const router = routerObject(statement);
            if (router) routers.push(router);
          } else if (statement.type === "Call") {
            const mount = mountCall(statement, text);
            if (mount) mounts.push(mount);
            const route = addedRoute(statement, text);
            if (route) added.push(route);
          }
        }
        break;
      case "Function": {
        const fn = node as unknown as PyFunction;
        for (const decorator of fn.d.decorators) {
          const route = routeFromDecorator(fn, decorator.d.expr, text);
          if (route) routes.push(route);
        }
        stack.push(...(fn.d.suite.d.statements as PyNode[]));
        break;
      }
      case "Class":
      case "If":
      case "Try":
      case "With":
      case "Except":
      case "For":
      case "While":
        // Routes declared under `if settings.DEBUG:`, in a `try:` or in a class body still exist.
        for (const value of Object.values(node.d)) {
          const child = value as PyNode | PyNode[] | undefined;
          if (Array.isArray(child)) stack.push(...child.filter((c) => c?.type === "Except"));
          else if (child?.type === "Suite") stack.push(...(child.d.statements as PyNode[]));
          else if (child?.type === "If" || child?.type === "Except") stack.push(child);
        }
        break;
    }
  }
  routes.sort((a, b) => a.node.start - b.node.start);
  mounts.sort((a, b) => a.start - b.start);
  added.sort((a, b) => a.start - b.start);
  routers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { routers, routes, mounts, added };
}

/** The object a method is called on, when the callee is `<dotted>.<method>`. */
function methodCall(call: PyNode, method: string): string | null {
  const callee = call.d.leftExpr as PyNode;
  if (callee.type !== "MemberAccess" || (callee.d.member as PyName).d.value !== method) return null;
  return dottedName(callee.d.leftExpr as PyNode);
}

function mountCall(call: PyNode, text: string): RouterMount | null {
  const parent = methodCall(call, "include_router");
  if (!parent) return null;
  const args = call.d.args as PyArgument[];
  const child = args.find((a) => !a.d.name) ?? keyword(args, "router");
  return {
    parent,
    child: dottedName(child?.d.valueExpr),
    prefix: prefixOf(keyword(args, "prefix"), text),
    tags: tagsOf(keyword(args, "tags")),
    start: call.start,
  };
}

function addedRoute(call: PyNode, text: string): AddedRoute | null {
  const router = methodCall(call, "add_api_route");
  if (!router) return null;
  const args = call.d.args as PyArgument[];
  const positional = args.filter((a) => !a.d.name);
  const endpoint = positional[1] ?? keyword(args, "endpoint");
  const methods = stringList(keyword(args, "methods")).map((m) => m.toUpperCase());
  const status = keyword(args, "status_code");
  return {
    router,
    endpoint: dottedName(endpoint?.d.valueExpr),
    methods: methods.length > 0 ? methods : ["GET"],
    path: stringValue(positional[0] ?? keyword(args, "path")),
    responseModel: keyword(args, "response_model") !== undefined,
    responseClass: keyword(args, "response_class") !== undefined,
    inSchema: !isFalse(keyword(args, "include_in_schema"), text),
    statusCode: status ? sourceOf(status.d.valueExpr, text) : null,
    tags: tagsOf(keyword(args, "tags")),
    dependencies: keyword(args, "dependencies") !== undefined,
    start: call.start,
  };
}

/** A literal prefix, or the expression in braces (`{settings.API_V1_STR}`) when it is not one. */
function prefixOf(arg: PyArgument | undefined, text: string): string | null {
  if (!arg) return null;
  return stringValue(arg) ?? `{${sourceOf(arg.d.valueExpr, text)}}`;
}

function sourceOf(node: PyNode, text: string): string {
  return text.slice(node.start, node.start + node.length);
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
    tags: tagsOf(keyword(args, "tags")),
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
    responseClass: keyword(args, "response_class") !== undefined,
    inSchema: !isFalse(keyword(args, "include_in_schema"), text),
    statusCode: status ? sourceOf(status.d.valueExpr, text) : null,
    tags: tagsOf(keyword(args, "tags")),
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

/** `include_in_schema=False` written as the literal. */
function isFalse(arg: PyArgument | undefined, text: string): boolean {
  return arg !== undefined && sourceOf(arg.d.valueExpr, text) === "False";
}

/** `tags=["posts"]`; `{?}` for tags that are there but not string literals (`[Tags.posts]`, `TAGS`). */
function tagsOf(arg: PyArgument | undefined): string[] {
  const literal = stringList(arg);
  return arg && literal.length === 0 && !isEmptyList(arg) ? ["{?}"] : literal;
}

function isEmptyList(arg: PyArgument): boolean {
  const expr = arg.d.valueExpr as PyNode;
  return (expr.type === "List" || expr.type === "Tuple") && (expr.d.items as PyNode[]).length === 0;
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
