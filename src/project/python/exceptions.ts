/**
 * Which of the project's own exceptions, raised in the services layer, reach a
 * client as a 500: no exception handler (`@app.exception_handler(X)`,
 * `app.add_exception_handler(X, ...)`, `FastAPI(exception_handlers={X: ...})`)
 * and no `except` clause anywhere outside tests catches the class or one of its
 * bases. Read from the files that raise, register handlers or catch; nothing is run.
 */
import { forEachDescendant, lastNamePart } from "../../languages/python/ast-utils.js";
import type { PyArgument, PyModule, PyNode } from "../../languages/python/nodes.js";
import type { Role } from "../defaults.js";
import type { ClassFacts } from "./models.js";

export interface UnmappedException {
  /** `file#Name` of the class. */
  key: string;
  name: string;
  /** Where the services layer first raises it (root-relative file, 1-based line). */
  raisedIn: string;
  line: number;
}

export interface ExceptionHost {
  readonly pythonFiles: readonly string[];
  readText(file: string): string | null;
  parsedModule(file: string): { ast: PyModule; text: string } | null;
  roleOf(file: string): Role | null;
  classFacts(file: string, expr: PyNode): ClassFacts | null;
}

/** Library exceptions that FastAPI turns into a response of their own. */
const HTTP_EXCEPTIONS = /(?:^|\.)(?:HTTPException|WebSocketException|RequestValidationError)$/;
/** A handler registered for these maps every exception to a response of its own. */
const CATCH_ALL = new Set(["builtins.Exception", "builtins.BaseException"]);
/** Files that may register exception handlers. */
const REGISTERS = /exception_handler/;

/** Whether the classes are exceptions: a base is a builtin or library `...Error`/`...Exception`. */
function isException(facts: ClassFacts): boolean {
  return [...facts.libraries].some((q) => /(?:Error|Exception|Warning|Exit)$/.test(q));
}

export interface ExceptionMap {
  /** The project exception classes the services layer raises that nothing maps to a response. */
  unmapped: UnmappedException[];
  /** What handlers and `except` clauses cover: project classes by key, library classes by name. */
  handled: ReadonlySet<string>;
}

/** Whether a class (as `classFacts` describes it) is covered by what `handled` lists. */
export function isMapped(facts: ClassFacts, handled: ReadonlySet<string>): boolean {
  return (
    [...facts.libraries].some((q) => HTTP_EXCEPTIONS.test(q)) ||
    [...facts.classes, ...facts.libraries].some((k) => handled.has(k))
  );
}

export function findUnmappedExceptions(host: ExceptionHost): ExceptionMap {
  const raised = new Map<string, { facts: ClassFacts; name: string; file: string; line: number }>();
  const handled = new Set<string>();
  let everything = false;

  /** Records what a registered exception handler maps. */
  const handle = (file: string, expr: PyNode | undefined): void => {
    if (!expr) return;
    if (expr.type === "Tuple") {
      for (const item of expr.d.items as PyNode[]) handle(file, item);
      return;
    }
    // `{404: not_found}`: a status code, no class.
    if (expr.type === "Number") return;
    const facts = host.classFacts(file, expr);
    // A handler for something that cannot be followed (`for exc in HANDLERS: ...`) may map anything.
    if (!facts) {
      everything = true;
      return;
    }
    // The class itself: a project class by its key, a library class by its name.
    const key = facts.classes[0] ?? [...facts.libraries][0];
    if (key) handled.add(key);
  };

  for (const file of host.pythonFiles) {
    const role = host.roleOf(file);
    if (role === "tests" || role === "migrations") continue;
    const text = host.readText(file);
    if (text === null) continue;
    const raises = role === "services" && raisesOwnClass(text);
    const registers = REGISTERS.test(text);
    if (!raises && !registers) continue;
    const parsed = host.parsedModule(file);
    if (!parsed) continue;
    forEachDescendant(parsed.ast, (node) => {
      switch (node.type) {
        case "Raise": {
          if (!raises || !node.d.expr) break;
          let expr = node.d.expr as PyNode;
          if (expr.type === "Call") expr = expr.d.leftExpr as PyNode;
          if (expr.type !== "Name" && expr.type !== "MemberAccess") break;
          const facts = host.classFacts(file, expr);
          if (!facts || facts.classes.length === 0 || !isException(facts)) break;
          const key = facts.classes[0];
          if (!raised.has(key)) {
            const line = parsed.text.slice(0, node.start).split("\n").length;
            raised.set(key, { facts, name: key.slice(key.indexOf("#") + 1), file, line });
          }
          break;
        }
        case "Call": {
          if (!registers) break;
          const callee = node.d.leftExpr as PyNode;
          const args = node.d.args as PyArgument[];
          if (lastNamePart(callee) === "add_exception_handler" && callee.type === "MemberAccess") {
            handle(file, args[0]?.d.valueExpr);
          } else if (lastNamePart(callee) === "FastAPI") {
            const map = args.find((a) => a.d.name?.d.value === "exception_handlers");
            const dict = map && moduleValue(parsed.ast, map.d.valueExpr);
            if (dict && dict.type !== "Dictionary") everything = true;
            for (const entry of (dict?.d.items ?? []) as PyNode[]) {
              handle(file, entry.d.keyExpr as PyNode | undefined);
            }
          }
          break;
        }
        case "Decorator": {
          const expr = node.d.expr as PyNode;
          if (!registers || expr.type !== "Call") break;
          const callee = expr.d.leftExpr as PyNode;
          if (callee.type !== "MemberAccess" || lastNamePart(callee) !== "exception_handler") break;
          // `@app.exception_handler(404)`: a status code, no class.
          const first = (expr.d.args as PyArgument[])[0]?.d.valueExpr;
          if (first && (first.type === "Name" || first.type === "MemberAccess"))
            handle(file, first);
          break;
        }
      }
    });
  }
  if (everything || [...CATCH_ALL].some((q) => handled.has(q))) return { unmapped: [], handled };
  const open = [...raised].filter(([, { facts }]) => !isMapped(facts, handled));
  // `except X:` clauses and other mentions of the classes (or their project bases).
  const keysByName = new Map<string, Set<string>>();
  for (const [, { facts }] of open) {
    for (const key of facts.classes) {
      const name = key.slice(key.indexOf("#") + 1);
      if (!keysByName.has(name)) keysByName.set(name, new Set());
      keysByName.get(name)!.add(key);
    }
  }
  for (const key of referencedElsewhere(host, keysByName)) handled.add(key);
  const unmapped = open
    .filter(([, { facts }]) => !isMapped(facts, handled))
    .map(([key, { name, file, line }]) => ({ key, name, raisedIn: file, line }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { unmapped, handled };
}

/**
 * The classes (by key) that some module mentions other than to raise, import or
 * subclass them: `except X:`, `isinstance(e, X)`, `type(e) == X`, `{X: 403}`. A
 * mention other than an `except` is most likely a mapping written by hand (a
 * route's `handle_exceptions`, a table of statuses): the benefit of the doubt.
 */
function referencedElsewhere(
  host: ExceptionHost,
  keysByName: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const found = new Set<string>();
  if (keysByName.size === 0) return found;
  const spelled = new RegExp(`\\b(?:${[...keysByName.keys()].join("|")})\\b`);
  for (const file of host.pythonFiles) {
    const role = host.roleOf(file);
    if (role === "tests" || role === "migrations") continue;
    const text = host.readText(file);
    if (text === null || !spelled.test(text)) continue;
    const parsed = host.parsedModule(file);
    if (!parsed) continue;
    const visit = (node: PyNode): boolean | void => {
      if (node.type === "Raise" || node.type === "Class") return false;
      const name =
        node.type === "Name"
          ? (node.d as { value: string }).value
          : node.type === "MemberAccess"
            ? ((node.d.member as PyNode).d as { value: string }).value
            : null;
      const keys = name === null ? undefined : keysByName.get(name);
      if (!keys) return;
      const key = host.classFacts(file, node)?.classes[0];
      if (key && keys.has(key)) found.add(key);
      return false;
    };
    forEachDescendant(parsed.ast, (node) => {
      // Raises, imports and base-class lists are no mapping.
      if (node.type === "Raise" || node.type === "ImportFrom" || node.type === "Import")
        return false;
      if (node.type === "Class") {
        forEachDescendant(node.d.suite as PyNode, (inner) => visit(inner));
        return false;
      }
      return visit(node);
    });
  }
  return found;
}

/** A module-level `NAME = {...}` a Name refers to, or the expression itself. */
function moduleValue(module: PyModule, expr: PyNode): PyNode {
  if (expr.type !== "Name") return expr;
  const name = (expr.d as { value: string }).value;
  let found: PyNode = expr;
  for (const statement of module.d.statements) {
    if (statement.type !== "StatementList") continue;
    for (const simple of statement.d.statements as PyNode[]) {
      const target = simple.type === "Assignment" ? (simple.d.leftExpr as PyNode) : null;
      if (target?.type === "Name" && (target.d as { value: string }).value === name) {
        found = simple.d.rightExpr as PyNode;
      }
    }
  }
  return found;
}

/** Builtin exceptions: raising them is `domain-exceptions`' business, and no project class. */
const BUILTIN_RAISES = new Set([
  "Exception",
  "BaseException",
  "ValueError",
  "TypeError",
  "KeyError",
  "IndexError",
  "RuntimeError",
  "NotImplementedError",
  "AttributeError",
  "LookupError",
  "PermissionError",
  "FileNotFoundError",
  "OSError",
  "IOError",
  "TimeoutError",
  "ConnectionError",
  "AssertionError",
  "StopIteration",
  "StopAsyncIteration",
  "ZeroDivisionError",
  "OverflowError",
  "UnicodeError",
  "HTTPException",
]);

/** Whether the text raises a class that may be the project's own (`raise OrderNotFound(...)`). */
function raisesOwnClass(text: string): boolean {
  for (const match of text.matchAll(/\braise\s+(?:\w+\.)*([A-Z]\w*)/g)) {
    if (!BUILTIN_RAISES.has(match[1])) return true;
  }
  return false;
}
