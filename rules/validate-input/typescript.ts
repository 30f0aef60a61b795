import {
  extractTsRoutes,
  joinPaths,
  TS_ROUTE_TEXT,
  type TsRoute,
} from "../../src/project/typescript/routes.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import {
  checksValidationResult,
  readsOf,
  type InputKind,
  type InputRead,
  type Node,
  type TsSourceCode,
  type ValidatorNames,
} from "./inputs.js";
import {
  addAll,
  fastifyCovers,
  isFunction,
  isValidatingMiddleware,
  propertyOf,
} from "./middleware.js";
import { checkNestMethod, collectTypeNames, type TypeNames } from "./nest.js";
import type { MessageIds, Options } from "./validate-input.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;
type Loc = Node["loc"];

interface Registration {
  route: TsRoute;
  call: Node;
  handler: Node;
  /** Inputs a middleware, wrapper or Fastify `schema` already validates. */
  covered: Set<InputKind>;
}

interface Finding {
  route: string;
  loc: Loc;
  inputs: string[];
  messageId: MessageIds;
}

/**
 * Route handlers of the linted file (Express, Koa, Hono and Fastify registrations,
 * NestJS controller methods) that read the request body or query without a schema.
 */
export function checkTypescript(context: Context) {
  const sourceCode = context.sourceCode as unknown as TsSourceCode;
  if (!TS_ROUTE_TEXT.test(sourceCode.text)) return null;
  let routes: TsRoute[];
  const prefixes = new Map<string, string>();
  try {
    const extracted = extractTsRoutes(context.filename, sourceCode.text);
    routes = extracted.routes;
    for (const router of extracted.routers) prefixes.set(router.key, router.prefix);
  } catch {
    return null;
  }
  if (routes.length === 0) return null;
  const [options] = context.options;
  const names: ValidatorNames = { extra: options.validators };
  const byPosition = new Map<string, TsRoute>();
  for (const route of routes) byPosition.set(`${route.line}:${route.column}`, route);
  const routeAt = (node: Node | undefined) =>
    node ? byPosition.get(`${node.loc.start.line}:${node.loc.start.column}`) : undefined;

  const registrations: Registration[] = [];
  const nestMethods: { method: Node; route: TsRoute }[] = [];
  const functions = new Map<string, Node>();
  const typeNames: TypeNames = { local: new Set(), typeOnly: new Set() };

  const wanted = (read: InputRead, covered: ReadonlySet<InputKind>) =>
    !covered.has(read.kind) &&
    (read.kind !== "params" || options.checkParams) &&
    (read.fate === "raw" || (read.fate === "coerced" && options.checkCoercedFields));

  const findings = new Map<Node, Finding>();
  const add = (key: Node, finding: Finding) => {
    const known = findings.get(key);
    if (!known) findings.set(key, finding);
    else
      for (const input of finding.inputs)
        if (!known.inputs.includes(input)) known.inputs.push(input);
  };

  const checkRegistration = (reg: Registration) => {
    let handler = reg.handler;
    // `asyncHandler(async (req, res) => ...)`, `withSchema(Schema, handler)`: look inside the wrapper.
    for (let depth = 0; handler.type === "CallExpression" && depth < 2; depth++) {
      const args = handler.arguments as Node[];
      if (isValidatingMiddleware(handler, sourceCode, names)) return;
      const inner = [...args].reverse().find((a) => isFunction(a) || a.type === "Identifier");
      if (!inner) return;
      handler = inner;
    }
    const named = handler.type === "Identifier" ? String(handler.name) : null;
    const fn = named ? functions.get(named) : isFunction(handler) ? handler : undefined;
    if (!fn) return;
    const param = (fn.params as Node[])[0];
    if (!param || checksValidationResult(fn)) return;
    const koa = reg.route.framework === "koa";
    const reads = readsOf(fn, param, sourceCode, names, koa).filter((r) => wanted(r, reg.covered));
    if (reads.length === 0) return;
    const local = `${reg.route.methods.join(", ")} ${fullPath(reg.route)}`;
    const loc: Loc = named
      ? declarationOf(fn).loc
      : { start: reg.call.loc.start, end: reg.handler.loc.end };
    add(named ? fn : reg.call, {
      route: named ? `"${named}" (${local})` : `"${local}"`,
      loc,
      inputs: reads.map((r) => r.text),
      messageId: "unvalidatedInput",
    });
  };

  /** Routers (and apps) with a validating middleware of their own: `router.use(validate(schema))`. */
  const validatedRouters = new Set<string>();
  const fullPaths = tableFullPaths(context);
  const fullPath = (route: TsRoute) => {
    const full = fullPaths.get(`${route.line}:${route.column}:${route.methods.join()}`);
    const local = joinPaths(prefixes.get(route.router) ?? "", route.path);
    // The table reads the file on disk; an edited buffer may hold another route at that spot.
    return full && (local === "/" || full.endsWith(local)) ? full : local;
  };

  return {
    FunctionDeclaration(node: Node) {
      const id = node.id as Node | null;
      if (id) functions.set(String(id.name), node);
    },
    VariableDeclarator(node: Node) {
      const id = node.id as Node;
      const init = node.init as Node | null;
      if (id.type === "Identifier" && init && isFunction(init))
        functions.set(String(id.name), init);
    },
    "TSInterfaceDeclaration, TSTypeAliasDeclaration"(node: Node) {
      typeNames.local.add(String((node.id as Node).name));
    },
    ImportDeclaration(node: Node) {
      collectTypeNames(node, typeNames);
    },
    MethodDefinition(node: Node) {
      const route = routeAt(node.key as Node);
      if (route?.framework === "nest") nestMethods.push({ method: node, route });
    },
    CallExpression(node: Node) {
      const args = node.arguments as Node[];
      // `router.use(validate(schema))`: every route of that router is validated.
      const callee = node.callee as Node;
      if (
        callee.type === "MemberExpression" &&
        !callee.computed &&
        (callee.property as Node).type === "Identifier" &&
        (callee.property as Node).name === "use" &&
        (callee.object as Node).type === "Identifier" &&
        args.some((a) => isValidatingMiddleware(a, sourceCode, names))
      ) {
        validatedRouters.add(String((callee.object as Node).name));
      }
      const last = args[args.length - 1];
      const route = routeAt(last);
      if (route && route.framework !== "nest" && last) {
        const middlewares = args.slice(0, -1);
        const covered = new Set<InputKind>();
        for (const mw of middlewares) {
          if (mw.type === "ObjectExpression") fastifyCovers(mw, sourceCode, names, covered);
          else if (mw.type === "Identifier" && route.framework === "fastify") addAll(covered);
          else if (isValidatingMiddleware(mw, sourceCode, names)) addAll(covered);
        }
        registrations.push({ route, call: node, handler: last, covered });
        return;
      }
      // fastify.route({ method, url, schema, handler })
      const options = args.length === 1 && args[0]?.type === "ObjectExpression" ? args[0] : null;
      const prop = options ? propertyOf(options, "handler") : null;
      const at = prop ? (routeAt(prop.value as Node) ?? routeAt(prop.key as Node)) : undefined;
      if (options && prop && at) {
        const covered = new Set<InputKind>();
        fastifyCovers(options, sourceCode, names, covered);
        const handler = prop.value as Node;
        registrations.push({ route: at, call: node, handler, covered });
      }
    },
    "Program:exit"() {
      for (const reg of registrations) {
        // Router keys are `<scope>#<variable>`; the variable is what `.use()` was called on.
        const variable = reg.route.router.slice(reg.route.router.lastIndexOf("#") + 1);
        if (validatedRouters.has(variable)) addAll(reg.covered);
        checkRegistration(reg);
      }
      for (const { method, route } of nestMethods) {
        const finding = checkNestMethod(method, sourceCode, names, typeNames, options);
        if (!finding) continue;
        const owner = (method.parent?.parent?.id as Node | null | undefined)?.name;
        const name = `${owner ? `${String(owner)}.` : ""}${String(route.handler)}`;
        add(method, {
          route: `"${name}" (${route.methods.join(", ")} ${fullPath(route)})`,
          loc: { start: firstDecoratorStart(method), end: method.loc.end },
          inputs: finding.inputs,
          messageId: finding.messageId,
        });
      }
      for (const finding of findings.values()) {
        context.report({
          loc: finding.loc,
          messageId: finding.messageId,
          data: { route: finding.route, inputs: listOf(finding.inputs) },
        });
      }
    },
  };
}

/** `const createPost = async (req, res) => ...`: the declarator; a function declaration is its own. */
function declarationOf(fn: Node): Node {
  return fn.parent?.type === "VariableDeclarator" ? fn.parent : fn;
}

function firstDecoratorStart(method: Node): Loc["start"] {
  const decorators = (method.decorators as Node[] | undefined) ?? [];
  return decorators[0]?.loc.start ?? method.loc.start;
}

/** Full paths from the project's route table (`app.use("/api", router)` prefixes), by handler position. */
function tableFullPaths(context: Context): Map<string, string> {
  const out = new Map<string, string>();
  const where = projectFor(context);
  if (!where) return out;
  for (const entry of where.project.tsRouteTable().handlersIn(where.file)) {
    const path = entry.paths[0];
    if (path) out.set(`${entry.line}:${entry.column}:${entry.methods.join()}`, path);
  }
  return out;
}

/** `req.body`, `req.body and req.query`, `a, b and c`. */
function listOf(items: string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique.join("");
  return `${unique.slice(0, -1).join(", ")} and ${unique[unique.length - 1]!}`;
}
