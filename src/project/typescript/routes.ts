/**
 * The HTTP routes of one TypeScript/JavaScript file, read from its syntax tree
 * (nothing imported or run), and the project's route table built from them:
 * every handler with its methods and full paths, the mount prefixes joined
 * across files (`app.use("/posts", postsRouter)`, `app.route("/api", api)`,
 * `fastify.register(plugin, { prefix })`, `@Controller("posts")`).
 *
 * Recognised: Express and Koa routers (`router.get("/x", ...h)`,
 * `router.route("/x").get(h).post(h)`), Fastify (`fastify.get("/x", opts?, h)`,
 * `fastify.route({ method, url, handler })`), Hono (`app.get("/x", h)`) and NestJS
 * controllers. A call is a route only when its path is a string starting with
 * "/" and its receiver is a router object (`Router()`, `express()`, `new Hono()`,
 * `fastify()`, `new Koa()`, `new Router()`) or a name such as `app`, `router`,
 * `server`, `fastify`, `api`: `cache.get("/x")` on a Map is not a route.
 */
import type * as TS from "typescript";
import { typescript } from "./load.js";

export type TsFramework = "express" | "koa" | "fastify" | "hono" | "nest";

export interface TsRoute {
  /** The router the route is declared on (a key of `TsFileRoutes.routers`, or a guessed receiver). */
  router: string;
  methods: string[];
  /** The path as written (Nest: the method decorator's path, `""` when none). */
  path: string;
  /** `list`, `postController.list` or the Nest method name; null for an inline function. */
  handler: string | null;
  /** 1-based line, 0-based column of the handler: its function, its name, or the Nest method name. */
  line: number;
  column: number;
  start: number;
  framework: TsFramework;
}

export interface TsRouterObject {
  key: string;
  /** The router's own prefix: `new Router({ prefix })`, `.basePath()`, `@Controller("posts")`. */
  prefix: string;
  framework: TsFramework;
  /** Created in this file (`Router()`, `new Hono()`, a controller), not only a parameter named `app`. */
  created: boolean;
}

/** A local name a mount refers to: a router variable, a factory call, a plugin function. */
export interface TsMountChild {
  /** Resolved within the file: a router key. */
  key: string | null;
  /** Otherwise a top-level or imported name. */
  name: string | null;
  /** `register(plugin)`: the plugin's first parameter is the mounted router. */
  plugin: boolean;
}

export interface TsMount {
  parent: string;
  prefix: string;
  child: TsMountChild;
}

export interface TsFileRoutes {
  routers: TsRouterObject[];
  routes: TsRoute[];
  mounts: TsMount[];
  /** Top-level function name -> the router key it returns. */
  returns: Map<string, string>;
  /** Top-level function name -> the router key of its first parameter (a Fastify plugin). */
  params: Map<string, string>;
  /** Exported name -> top-level local name (`export default router`, `export { a as b }`). */
  exportsAs: Map<string, string>;
  /** `app.setGlobalPrefix("api")` (NestJS). */
  globalPrefixes: string[];
}

const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "all"]);
const NEST_METHODS = new Set([
  "Get",
  "Post",
  "Put",
  "Patch",
  "Delete",
  "Head",
  "Options",
  "All",
  "Search",
]);
const RECEIVER_NAME =
  /^(?:app|api|router|routes|server|fastify|instance)$|[a-z](?:Router|App|Api)$/;

/** Cheap text test before parsing. */
export const TS_ROUTE_TEXT =
  /\b(?:Router|express|Hono|fastify|Fastify|Koa|Controller)\b|\.(?:get|post|put|patch|delete|head|options|all|route|use|register|setGlobalPrefix)\s*\(/;

interface Scope {
  path: string;
  names: Map<string, string>;
  /** The top-level function this scope belongs to, when it is one. */
  fn: string | null;
}

export function extractTsRoutes(fileName: string, text: string): TsFileRoutes {
  const ts = typescript();
  // Parents are set: a handler's scope is named after the variable it is assigned to.
  const sf = ts.createSourceFile(
    fileName,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    true,
    /\.[cm]?tsx?$/.test(fileName)
      ? fileName.endsWith("x")
        ? ts.ScriptKind.TSX
        : ts.ScriptKind.TS
      : ts.ScriptKind.JS,
  );
  const out: TsFileRoutes = {
    routers: [],
    routes: [],
    mounts: [],
    returns: new Map(),
    params: new Map(),
    exportsAs: new Map(),
    globalPrefixes: [],
  };
  const routers = new Map<string, TsRouterObject>();
  const fileFramework = frameworkOfImports(ts, sf);
  const aliases = importAliases(ts, sf);

  const str = (node: TS.Node | undefined): string | null =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
      ? node.text
      : null;
  const pos = (node: TS.Node) => {
    const start = node.getStart(sf);
    const lc = sf.getLineAndCharacterOfPosition(start);
    return { line: lc.line + 1, column: lc.character, start };
  };
  const addRouter = (router: TsRouterObject) => {
    const known = routers.get(router.key);
    if (known && known.created) return;
    routers.set(router.key, router);
  };
  const scopeName = (node: TS.Node): string => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
      return node.name.getText(sf);
    }
    const parent = node.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name))
      return parent.name.text;
    return `@${node.pos}`;
  };
  const lookup = (scopes: Scope[], name: string): string | null => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const key = scopes[i]!.names.get(name);
      if (key) return key;
    }
    return null;
  };
  /** The router key of a receiver expression, or null when it is not a router. */
  const receiverKey = (scopes: Scope[], expr: TS.Expression): string | null => {
    if (ts.isIdentifier(expr)) {
      const key = lookup(scopes, expr.text);
      if (key) return key;
      if (!RECEIVER_NAME.test(expr.text)) return null;
      const guessed = `?${expr.text}`;
      addRouter({ key: guessed, prefix: "", framework: fileFramework, created: false });
      return guessed;
    }
    if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword) {
      if (!RECEIVER_NAME.test(expr.name.text)) return null;
      const guessed = `?this.${expr.name.text}`;
      addRouter({ key: guessed, prefix: "", framework: fileFramework, created: false });
      return guessed;
    }
    return null;
  };
  const handlerOf = (node: TS.Expression): { handler: string | null; at: TS.Node } => {
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
      return { handler: node.getText(sf), at: node };
    }
    return { handler: null, at: node };
  };
  const addRoute = (
    router: string,
    methods: string[],
    path: string,
    handlerNode: TS.Expression,
  ) => {
    const { handler, at } = handlerOf(handlerNode);
    const framework = routers.get(router)?.framework ?? fileFramework;
    out.routes.push({ router, methods, path, handler, ...pos(at), framework });
  };
  const childOf = (scopes: Scope[], arg: TS.Expression, plugin: boolean): TsMountChild | null => {
    let expr = arg;
    // `router.routes()` / `router.middleware()` (Koa), `postsRouter(service)` (a factory).
    if (ts.isCallExpression(expr)) {
      const callee = expr.expression;
      if (
        ts.isPropertyAccessExpression(callee) &&
        (callee.name.text === "routes" || callee.name.text === "middleware")
      ) {
        expr = callee.expression;
      } else if (ts.isIdentifier(callee)) {
        return { key: null, name: callee.text, plugin: false };
      } else {
        return null;
      }
    }
    if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) {
      const first = expr.parameters[0];
      if (!plugin || !first || !ts.isIdentifier(first.name)) return null;
      const current = scopes[scopes.length - 1]!;
      return { key: `${current.path}/${scopeName(expr)}#${first.name.text}`, name: null, plugin };
    }
    if (!ts.isIdentifier(expr)) return null;
    const key = lookup(scopes, expr.text);
    return key ? { key, name: null, plugin } : { key: null, name: expr.text, plugin };
  };
  /** `router.route("/x")` under a chain of `.get(h).post(h)`: its router and path. */
  const routeChain = (
    scopes: Scope[],
    expr: TS.Expression,
  ): { key: string; path: string } | null => {
    if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return null;
    const name = expr.expression.name.text;
    if (name === "route" && expr.arguments.length === 1) {
      const path = str(expr.arguments[0]);
      const key = path?.startsWith("/") ? receiverKey(scopes, expr.expression.expression) : null;
      return key && path !== null ? { key, path } : null;
    }
    return HTTP_METHODS.has(name) ? routeChain(scopes, expr.expression.expression) : null;
  };

  const visitCall = (scopes: Scope[], call: TS.CallExpression) => {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const args = call.arguments;
    const first = args[0];
    if (HTTP_METHODS.has(method)) {
      const path = str(first);
      if (path !== null && args.length >= 2) {
        if (!path.startsWith("/")) return;
        const key = receiverKey(scopes, callee.expression);
        if (key) addRoute(key, [method.toUpperCase()], path, args[args.length - 1]!);
        return;
      }
      const chain =
        path === null && args.length >= 1 ? routeChain(scopes, callee.expression) : null;
      if (chain) addRoute(chain.key, [method.toUpperCase()], chain.path, args[args.length - 1]!);
      return;
    }
    if (method === "route" && args.length === 1 && first && ts.isObjectLiteralExpression(first)) {
      const key = receiverKey(scopes, callee.expression);
      if (!key) return;
      const props = propsOf(ts, first);
      const url = str(props.get("url")) ?? str(props.get("path"));
      const methodNode = props.get("method");
      const methods =
        methodNode && ts.isArrayLiteralExpression(methodNode)
          ? methodNode.elements.map((e) => str(e)).filter((m): m is string => m !== null)
          : [str(methodNode)].filter((m): m is string => m !== null);
      const handler = props.get("handler");
      if (url?.startsWith("/") && methods.length > 0 && handler) {
        addRoute(
          key,
          methods.map((m) => m.toUpperCase()),
          url,
          handler,
        );
      }
      return;
    }
    if (method === "use" || method === "register" || (method === "route" && args.length === 2)) {
      const parent = receiverKey(scopes, callee.expression);
      if (!parent || !first) return;
      let prefix = "";
      let children: readonly TS.Expression[] = args;
      if (method === "register") {
        const options = args[1];
        if (options && ts.isObjectLiteralExpression(options))
          prefix = str(propsOf(ts, options).get("prefix")) ?? "";
        children = [first];
      } else {
        const path = str(first);
        if (path !== null) {
          if (!path.startsWith("/")) return;
          prefix = path;
          children = args.slice(1);
        }
      }
      for (const arg of children) {
        const child = childOf(scopes, arg, method === "register");
        if (child) out.mounts.push({ parent, prefix, child });
      }
      return;
    }
    if (method === "setGlobalPrefix") {
      const prefix = str(first);
      if (prefix !== null) out.globalPrefixes.push(prefix);
    }
  };

  const creation = (expr: TS.Expression): { framework: TsFramework; prefix: string } | null => {
    let e = expr;
    while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e))
      e = e.expression;
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      // `new Hono().basePath("/api")`
      if (e.expression.name.text === "basePath") {
        const inner = creation(e.expression.expression);
        const path = str(e.arguments[0]);
        return inner && path !== null
          ? { framework: inner.framework, prefix: inner.prefix + path }
          : null;
      }
      if (e.expression.name.text === "Router" && ts.isIdentifier(e.expression.expression)) {
        return { framework: fileFramework === "koa" ? "koa" : "express", prefix: "" };
      }
      return null;
    }
    if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return null;
    const name = ts.isIdentifier(e.expression) ? e.expression.text : null;
    const options = e.arguments?.[0];
    const prefix =
      options && ts.isObjectLiteralExpression(options)
        ? (str(propsOf(ts, options).get("prefix")) ?? "")
        : "";
    if (ts.isNewExpression(e)) {
      if (name === "Hono") return { framework: "hono", prefix: "" };
      if (name === "Koa") return { framework: "koa", prefix: "" };
      if (name === "Router" || name === "KoaRouter") return { framework: "koa", prefix };
      return null;
    }
    if (name === "Router")
      return { framework: fileFramework === "koa" ? "koa" : "express", prefix: "" };
    if (name === "express") return { framework: "express", prefix: "" };
    if (name === "fastify" || name === "Fastify") return { framework: "fastify", prefix: "" };
    return null;
  };

  const visitClass = (cls: TS.ClassLikeDeclaration) => {
    const controller = decoratorsOf(ts, cls, aliases).find((d) => d.name === "Controller");
    if (!controller) return;
    const arg = controller.args[0];
    let prefix = str(arg) ?? "";
    if (arg && ts.isObjectLiteralExpression(arg)) prefix = str(propsOf(ts, arg).get("path")) ?? "";
    const key = `class:${cls.name?.text ?? `@${cls.pos}`}`;
    addRouter({ key, prefix, framework: "nest", created: true });
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      for (const decorator of decoratorsOf(ts, member, aliases)) {
        if (!NEST_METHODS.has(decorator.name)) continue;
        const at = member.name;
        out.routes.push({
          router: key,
          methods: [decorator.name.toUpperCase()],
          path: str(decorator.args[0]) ?? "",
          handler: at.getText(sf),
          ...pos(at),
          framework: "nest",
        });
      }
    }
  };

  const visit = (node: TS.Node, scopes: Scope[]): void => {
    const scope = scopes[scopes.length - 1]!;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const made = creation(node.initializer);
      if (made) {
        const key = `${scope.path}#${node.name.text}`;
        scope.names.set(node.name.text, key);
        addRouter({ key, prefix: made.prefix, framework: made.framework, created: true });
      }
    } else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      visitClass(node);
    } else if (ts.isCallExpression(node)) {
      visitCall(scopes, node);
    } else if (ts.isReturnStatement(node) && node.expression && ts.isIdentifier(node.expression)) {
      const key = lookup(scopes, node.expression.text);
      const fn = scopes.find((s) => s.fn !== null)?.fn;
      if (key && fn && scopes.length === 2) out.returns.set(fn, key);
    }
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const path = `${scope.path}/${scopeName(node)}`;
      const names = new Map<string, string>();
      const topLevel = scopes.length === 1 && !ts.isMethodDeclaration(node);
      node.parameters.forEach((param, i) => {
        if (!ts.isIdentifier(param.name) || !RECEIVER_NAME.test(param.name.text)) return;
        const key = `${path}#${param.name.text}`;
        names.set(param.name.text, key);
        addRouter({ key, prefix: "", framework: fileFramework, created: false });
        if (i === 0 && topLevel) out.params.set(scopeName(node), key);
      });
      const inner: Scope = { path, names, fn: topLevel ? scopeName(node) : null };
      // A plugin passed inline to `register()` gets its first parameter keyed even if unnamed like `app`.
      if (ts.isCallExpression(node.parent) && isRegister(ts, node.parent)) {
        const param = node.parameters[0];
        if (param && ts.isIdentifier(param.name) && !names.has(param.name.text)) {
          const key = `${path}#${param.name.text}`;
          names.set(param.name.text, key);
          addRouter({ key, prefix: "", framework: "fastify", created: false });
        }
      }
      ts.forEachChild(node, (child) => visit(child, [...scopes, inner]));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, scopes));
  };

  const top: Scope = { path: "", names: new Map(), fn: null };
  for (const statement of sf.statements) {
    collectExports(ts, statement, out.exportsAs);
    visit(statement, [top]);
  }
  out.routers = [...routers.values()];
  return out;
}

/** Whether a file declares a route or creates a router object (a parameter named `app` is not one). */
export function declaresRoutes(routes: TsFileRoutes): boolean {
  return routes.routes.length > 0 || routes.routers.some((r) => r.created);
}

function isRegister(ts: typeof TS, call: TS.CallExpression): boolean {
  return ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "register";
}

function frameworkOfImports(ts: typeof TS, sf: TS.SourceFile): TsFramework {
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const spec = statement.moduleSpecifier.text;
    if (spec === "fastify" || spec.startsWith("@fastify/")) return "fastify";
    if (spec === "hono" || spec.startsWith("hono/")) return "hono";
    if (spec === "koa" || spec === "@koa/router" || spec === "koa-router") return "koa";
  }
  return "express";
}

function propsOf(ts: typeof TS, object: TS.ObjectLiteralExpression): Map<string, TS.Expression> {
  const props = new Map<string, TS.Expression>();
  for (const prop of object.properties) {
    if (
      ts.isPropertyAssignment(prop) &&
      (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))
    ) {
      props.set(prop.name.text, prop.initializer);
    } else if (ts.isShorthandPropertyAssignment(prop)) {
      props.set(prop.name.text, prop.name);
    } else if (ts.isMethodDeclaration(prop) && ts.isIdentifier(prop.name)) {
      props.set(prop.name.text, prop.name);
    }
  }
  return props;
}

/** `import { Post as HttpPost }`: local name -> imported name. */
function importAliases(ts: typeof TS, sf: TS.SourceFile): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const statement of sf.statements) {
    const bindings = ts.isImportDeclaration(statement)
      ? statement.importClause?.namedBindings
      : undefined;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) {
      if (el.propertyName) aliases.set(el.name.text, el.propertyName.text);
    }
  }
  return aliases;
}

function decoratorsOf(
  ts: typeof TS,
  node: TS.Node,
  aliases: Map<string, string>,
): { name: string; args: readonly TS.Expression[] }[] {
  if (!ts.canHaveDecorators(node)) return [];
  const out: { name: string; args: readonly TS.Expression[] }[] = [];
  for (const decorator of ts.getDecorators(node) ?? []) {
    const expr = decorator.expression;
    if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression)) {
      const name = expr.expression.text;
      out.push({ name: aliases.get(name) ?? name, args: expr.arguments });
    }
  }
  return out;
}

function collectExports(ts: typeof TS, statement: TS.Statement, into: Map<string, string>): void {
  if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
    into.set("default", statement.expression.text);
  } else if (
    ts.isExportDeclaration(statement) &&
    !statement.moduleSpecifier &&
    statement.exportClause
  ) {
    if (ts.isNamedExports(statement.exportClause)) {
      for (const el of statement.exportClause.elements) {
        into.set(el.name.text, (el.propertyName ?? el.name).text);
      }
    }
  } else if (
    (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
    statement.name &&
    statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
  ) {
    into.set("default", statement.name.text);
  }
}

// ---------------------------------------------------------------- the table

export interface TsRouteEntry {
  /** Project-relative file of the handler (where the route is registered). */
  file: string;
  handler: string | null;
  line: number;
  column: number;
  methods: string[];
  /** One full path per way the router is mounted. */
  paths: string[];
  framework: TsFramework;
}

export interface TsRouteTableHost {
  readonly typescriptFiles: readonly string[];
  readText(file: string): string | null;
  /** Where an imported local name of `file` is defined: the file and its exported name; null when not a project file. */
  importedName(file: string, local: string): { file: string; name: string } | null;
}

export class TsRouteTable {
  readonly entries: readonly TsRouteEntry[];
  /** Files that declare a route or create a router object. */
  readonly routeFiles: ReadonlySet<string>;
  private readonly byFile = new Map<string, TsRouteEntry[]>();

  constructor(entries: TsRouteEntry[], routeFiles: Set<string>) {
    this.entries = entries;
    this.routeFiles = routeFiles;
    for (const entry of entries) {
      let list = this.byFile.get(entry.file);
      if (!list) this.byFile.set(entry.file, (list = []));
      list.push(entry);
    }
  }

  /** Route handlers in `file`, in source order. */
  handlersIn(file: string): readonly TsRouteEntry[] {
    return this.byFile.get(file) ?? [];
  }
}

const MAX_PATHS = 16;

export function joinPaths(...parts: string[]): string {
  const segments = parts.flatMap((p) => p.split("/")).filter((s) => s !== "");
  return `/${segments.join("/")}`;
}

export function buildTsRouteTable(host: TsRouteTableHost): TsRouteTable {
  const perFile = new Map<string, TsFileRoutes>();
  for (const file of host.typescriptFiles) {
    const text = host.readText(file);
    if (text === null || !TS_ROUTE_TEXT.test(text)) continue;
    try {
      perFile.set(file, extractTsRoutes(file, text));
    } catch {
      // A parser crash costs the file's routes, never the run.
    }
  }

  /** The router key (`file|key`) a top-level or imported name stands for. */
  const keyOfName = (file: string, name: string, plugin: boolean, seen = 0): string | null => {
    const routes = perFile.get(file);
    const local = routes?.exportsAs.get(name) ?? name;
    if (routes) {
      const own = plugin
        ? (routes.params.get(local) ?? routes.returns.get(local))
        : (routes.returns.get(local) ??
          (routes.routers.some((r) => r.key === `#${local}`) ? `#${local}` : null));
      if (own) return `${file}|${own}`;
    }
    if (seen > 4) return null;
    const imported = host.importedName(file, local);
    return imported ? keyOfName(imported.file, imported.name, plugin, seen + 1) : null;
  };

  const incoming = new Map<string, { parent: string; prefix: string }[]>();
  const ownPrefix = new Map<string, string>();
  const globalPrefixes = new Set<string>();
  for (const [file, routes] of perFile) {
    for (const prefix of routes.globalPrefixes) globalPrefixes.add(prefix);
    for (const router of routes.routers) ownPrefix.set(`${file}|${router.key}`, router.prefix);
    for (const mount of routes.mounts) {
      const child = mount.child.key
        ? `${file}|${mount.child.key}`
        : mount.child.name
          ? keyOfName(file, mount.child.name, mount.child.plugin)
          : null;
      const parent = `${file}|${mount.parent}`;
      if (!child || child === parent) continue;
      let list = incoming.get(child);
      if (!list) incoming.set(child, (list = []));
      list.push({ parent, prefix: mount.prefix });
    }
  }

  const memo = new Map<string, string[]>();
  const prefixesOf = (key: string, visiting: Set<string>): string[] => {
    const cached = memo.get(key);
    if (cached) return cached;
    const own = ownPrefix.get(key) ?? "";
    const edges = incoming.get(key) ?? [];
    if (edges.length === 0 || visiting.has(key)) return [own];
    visiting.add(key);
    const out: string[] = [];
    for (const edge of edges) {
      for (const above of prefixesOf(edge.parent, visiting)) {
        if (out.length < MAX_PATHS) out.push(above + "/" + edge.prefix + "/" + own);
      }
    }
    visiting.delete(key);
    memo.set(key, out);
    return out;
  };

  const entries: TsRouteEntry[] = [];
  const routeFiles = new Set<string>();
  const nestPrefixes = globalPrefixes.size > 0 ? [...globalPrefixes] : [""];
  for (const [file, routes] of perFile) {
    if (declaresRoutes(routes)) routeFiles.add(file);
    for (const route of routes.routes) {
      let prefixes = prefixesOf(`${file}|${route.router}`, new Set());
      if (route.framework === "nest")
        prefixes = nestPrefixes.flatMap((g) => prefixes.map((p) => `${g}/${p}`));
      entries.push({
        file,
        handler: route.handler,
        line: route.line,
        column: route.column,
        methods: route.methods,
        paths: [...new Set(prefixes.map((p) => joinPaths(p, route.path)))],
        framework: route.framework,
      });
    }
  }
  entries.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
  return new TsRouteTable(entries, routeFiles);
}
