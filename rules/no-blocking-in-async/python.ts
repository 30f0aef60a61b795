import {
  enclosingClass,
  forEachDescendant,
  functionDisplayName,
} from "../../src/languages/python/ast-utils.js";
import type {
  PyCall,
  PyClass,
  PyFunction,
  PyName,
  PyNode,
} from "../../src/languages/python/nodes.js";
import {
  calleeLastName,
  qualifiedName,
  resolveName,
  spelledCallees,
  unwrapAnnotation,
} from "../../src/languages/python/scope.js";
import type { PythonSourceCode } from "../../src/languages/python/source-code.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./no-blocking-in-async.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const HTTP = "an async HTTP client (`httpx.AsyncClient`, aiohttp)";
const SUBPROCESS = "`await asyncio.create_subprocess_exec(...)`";
const ASYNC_SESSION = "`AsyncSession`";

/** Blocking callables by qualified name, with what to use instead. */
const BLOCKING = new Map<string, string>([
  ["time.sleep", "`await asyncio.sleep(...)`"],
  ...["get", "post", "put", "patch", "delete", "head", "options", "request"].map(
    (method): [string, string] => [`requests.${method}`, HTTP],
  ),
  ...["get", "post", "put", "patch", "delete", "head", "options", "request", "stream"].map(
    (method): [string, string] => [`httpx.${method}`, "`httpx.AsyncClient`"],
  ),
  ["httpx.Client", "`httpx.AsyncClient`"],
  ["requests.Session", HTTP],
  ["urllib.request.urlopen", HTTP],
  ["urllib.request.urlretrieve", HTTP],
  ...["run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"].map(
    (fn): [string, string] => [`subprocess.${fn}`, SUBPROCESS],
  ),
  ["os.system", SUBPROCESS],
  ["sqlalchemy.create_engine", "`create_async_engine`"],
  ["sqlmodel.create_engine", "`create_async_engine`"],
  ["sqlalchemy.orm.Session", ASYNC_SESSION],
  ["sqlalchemy.orm.session.Session", ASYNC_SESSION],
  ["sqlmodel.Session", ASYNC_SESSION],
  ["sqlmodel.orm.session.Session", ASYNC_SESSION],
  ["psycopg2.connect", "asyncpg, or psycopg 3's `AsyncConnection`"],
  ["builtins.open", "`aiofiles.open(...)`, or `await asyncio.to_thread(...)` around the file work"],
  ["io.open", "`aiofiles.open(...)`, or `await asyncio.to_thread(...)` around the file work"],
]);

/**
 * Callables that do not block themselves but make a synchronous client, whose
 * every request or query will: what they make.
 */
const MAKES = new Map<string, string>([
  ["httpx.Client", "HTTP client"],
  ["requests.Session", "HTTP session"],
  ["sqlalchemy.create_engine", "database engine"],
  ["sqlmodel.create_engine", "database engine"],
  ["sqlalchemy.orm.Session", "database session"],
  ["sqlalchemy.orm.session.Session", "database session"],
  ["sqlmodel.Session", "database session"],
  ["sqlmodel.orm.session.Session", "database session"],
]);

/** Synchronous session classes: a parameter annotated with one makes blocking queries. */
const SYNC_SESSIONS = new Set([
  "sqlalchemy.orm.Session",
  "sqlalchemy.orm.session.Session",
  "sqlmodel.Session",
  "sqlmodel.orm.session.Session",
]);

/** Session methods that talk to the database (`add`, `delete`, `expire` only mark objects). */
const SESSION_IO = new Set([
  "execute",
  "exec",
  "scalar",
  "scalars",
  "get",
  "get_one",
  "query",
  "commit",
  "flush",
  "refresh",
  "merge",
  "rollback",
  "bulk_save_objects",
  "bulk_insert_mappings",
  "bulk_update_mappings",
]);

const lastPart = (name: string) => name.slice(name.lastIndexOf(".") + 1);

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode || !sourceCode.text.includes("async")) return null;
  const [{ extraCalls = {}, ignoreTests = true }] = context.options;
  const where = projectFor(context);
  if (ignoreTests && where?.project.roleOf(where.file) === "tests") return null;
  const blocking = new Map([...BLOCKING, ...Object.entries(extraCalls)]);
  // A call can only resolve to a blocking callable whose last name the file spells.
  const callable = spelledCallees(sourceCode.text, [
    ...new Set([...blocking.keys()].map(lastPart)),
  ]);

  const blockingCall = (call: PyCall): string | null => {
    const callee = call.d.leftExpr;
    if (!callable.has(calleeLastName(callee) ?? "")) return null;
    const qualified = qualifiedName(sourceCode, callee);
    if (qualified !== null) return blocking.has(qualified) ? qualified : null;
    if (callee.type !== "Name") return null;
    const resolved = resolveName(sourceCode, callee as unknown as PyName);
    return resolved.kind === "builtin" && resolved.name === "open" ? "builtins.open" : null;
  };

  /**
   * `self.db` in the methods of a class whose `__init__` stores a sync Session
   * parameter there (`self.db = db`), by the method's own first parameter name.
   */
  const attributesByClass = new Map<PyClass, Set<string>>();
  const selfSessionAttributes = (fn: PyFunction): { self: string; names: Set<string> } | null => {
    const cls = enclosingClass(fn);
    const self = fn.d.params[0]?.d.name?.d.value;
    if (!cls || !self) return null;
    let names = attributesByClass.get(cls);
    if (!names) {
      names = new Set();
      attributesByClass.set(cls, names);
      const init = (cls.d.suite.d.statements as PyNode[]).find(
        (s) => s.type === "Function" && (s as unknown as PyFunction).d.name.d.value === "__init__",
      ) as unknown as PyFunction | undefined;
      const initSelf = init?.d.params[0]?.d.name?.d.value;
      const stored = init ? syncSessionParams(sourceCode, init) : new Set<string>();
      if (init && initSelf && stored.size > 0) {
        forEachDescendant(init.d.suite, (node) => {
          if (node.type === "Function" || node.type === "Lambda") return false;
          if (node.type !== "Assignment") return;
          let target = node.d.leftExpr as PyNode;
          if (target.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
          const value = node.d.rightExpr as PyNode;
          const owner = target.type === "MemberAccess" ? (target.d.leftExpr as PyNode) : null;
          if (
            owner?.type === "Name" &&
            owner.d.value === initSelf &&
            value.type === "Name" &&
            stored.has(value.d.value as string)
          ) {
            names!.add((target.d.member as PyName).d.value);
          }
        });
      }
    }
    return names.size > 0 ? { self, names } : null;
  };

  return {
    Function(fn: PyFunction) {
      if (!fn.d.isAsync) return;
      const name = functionDisplayName(fn);
      const sessions = syncSessionParams(sourceCode, fn);
      const attributes = selfSessionAttributes(fn);
      const sessionCalls = new Map<string, { first: PyCall; calls: string[] }>();
      forEachDescendant(fn.d.suite, (node) => {
        // A nested function or lambda runs when called: maybe in a thread, maybe never here.
        if (node.type === "Function" || node.type === "Lambda" || node.type === "Class") {
          return false;
        }
        if (node.type !== "Call") return;
        const call = node as unknown as PyCall;
        const found = blockingCall(call);
        if (found) {
          const makes = MAKES.get(found);
          context.report({
            node: call,
            messageId: makes ? "syncClient" : "blockingCall",
            data: { call: shortName(found), fn: name, instead: blocking.get(found)!, makes },
          });
          return;
        }
        const session =
          sessionMethod(sourceCode, fn, call, sessions) ?? attributeMethod(call, attributes);
        if (!session) return;
        const seen = sessionCalls.get(session.param);
        if (seen) seen.calls.push(session.method);
        else sessionCalls.set(session.param, { first: call, calls: [session.method] });
      });
      for (const [param, { first, calls }] of sessionCalls) {
        context.report({
          node: first,
          messageId: "syncSession",
          data: {
            fn: name,
            param,
            calls: [...new Set(calls)].map((m) => `"${param}.${m}()"`).join(", "),
          },
        });
      }
    },
  };
}

/** `self.db.execute(...)` on a sync session attribute (see `selfSessionAttributes`). */
function attributeMethod(
  call: PyCall,
  attributes: { self: string; names: Set<string> } | null,
): { param: string; method: string } | null {
  const callee = call.d.leftExpr;
  if (!attributes || callee.type !== "MemberAccess") return null;
  const method = (callee.d.member as PyName).d.value;
  const holder = callee.d.leftExpr as PyNode;
  if (!SESSION_IO.has(method) || holder.type !== "MemberAccess") return null;
  const self = holder.d.leftExpr as PyNode;
  const attribute = (holder.d.member as PyName).d.value;
  if (self.type !== "Name" || self.d.value !== attributes.self) return null;
  return attributes.names.has(attribute)
    ? { param: `${attributes.self}.${attribute}`, method }
    : null;
}

/** `builtins.open` is written `open`; the others as their module spells them. */
function shortName(qualified: string): string {
  return qualified.startsWith("builtins.") ? qualified.slice("builtins.".length) : qualified;
}

/**
 * The parameters of `fn` annotated with a synchronous session class, imported
 * from SQLAlchemy or SQLModel (or an unresolved `Session`, a star import's),
 * through `Annotated[...]`/`Optional[...]`.
 */
function syncSessionParams(sourceCode: PythonSourceCode, fn: PyFunction): Set<string> {
  const params = new Set<string>();
  for (const param of fn.d.params) {
    const annotation = param.d.annotation ?? param.d.annotationComment;
    if (!param.d.name || !annotation) continue;
    const type = unwrapAnnotation(annotation);
    if (type.type !== "Name" && type.type !== "MemberAccess") continue;
    if (calleeLastName(type) !== "Session") continue;
    const qualified = qualifiedName(sourceCode, type);
    const unresolved =
      qualified === null &&
      type.type === "Name" &&
      resolveName(sourceCode, type as unknown as PyName).kind === "unresolved";
    if (unresolved || (qualified !== null && SYNC_SESSIONS.has(qualified))) {
      params.add(param.d.name.d.value);
    }
  }
  return params;
}

/** `db.execute(...)` on a synchronous session parameter of `fn`: the parameter and the method. */
function sessionMethod(
  sourceCode: PythonSourceCode,
  fn: PyFunction,
  call: PyCall,
  sessions: Set<string>,
): { param: string; method: string } | null {
  if (sessions.size === 0) return null;
  const callee = call.d.leftExpr;
  if (callee.type !== "MemberAccess") return null;
  const receiver = callee.d.leftExpr as PyNode;
  const method = (callee.d.member as PyName).d.value;
  if (receiver.type !== "Name" || !SESSION_IO.has(method)) return null;
  const param = receiver.d.value as string;
  if (!sessions.has(param)) return null;
  // The parameter itself, not a local that rebinds its name.
  const resolved = resolveName(sourceCode, receiver as unknown as PyName);
  return resolved.kind === "parameter" && resolved.function === (fn as unknown as PyNode)
    ? { param, method }
    : null;
}
