/** Small syntax helpers over pyright nodes (fields under `d`), shared by rules. */
import type { PyClass, PyDecorator, PyFunction, PyName, PyNode, PyNodeBase } from "./nodes.js";
import { visitorKeys } from "./visitor-keys.js";

/** The class whose body directly defines `fn`, if `fn` is a method. */
export function enclosingClass(fn: PyFunction): PyClass | null {
  // Function -> Suite -> Class; decorators do not change the parent chain.
  const suite = fn.parent;
  const owner = suite?.parent;
  return suite?.type === "Suite" && owner?.type === "Class" ? (owner as unknown as PyClass) : null;
}

/** The dotted name of a decorator's target: `router.get` for `@router.get("/")`, `staticmethod`. */
export function decoratorName(decorator: PyDecorator): string | null {
  let expr = decorator.d.expr;
  if (expr.type === "Call") expr = expr.d.leftExpr as PyNode;
  return dottedName(expr);
}

/** `a.b.c` for a Name/MemberAccess chain, else null. */
export function dottedName(expr: PyNodeBase | undefined): string | null {
  const parts: string[] = [];
  let node = expr as PyNode | undefined;
  while (node && node.type === "MemberAccess") {
    parts.unshift((node.d.member as PyName).d.value);
    node = node.d.leftExpr as PyNode;
  }
  if (!node || node.type !== "Name") return null;
  parts.unshift(node.d.value as string);
  return parts.join(".");
}

/** Whether any decorator's name, or its last dotted part, is one of `names`. */
export function hasDecorator(fn: PyFunction | PyClass, names: readonly string[]): boolean {
  return fn.d.decorators.some((d) => {
    const name = decoratorName(d);
    if (!name) return false;
    return names.includes(name) || names.includes(name.slice(name.lastIndexOf(".") + 1));
  });
}

/** `Class.method`, `function`, `Class.method.inner`: the definitions around `node`; null at module level. */
export function definitionPath(node: PyNodeBase): string | null {
  const parts: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "Function" || p.type === "Class") parts.unshift((p.d.name as PyName).d.value);
  }
  return parts.length > 0 ? parts.join(".") : null;
}

/** `Class.method` for methods, `name` otherwise, for messages. */
export function functionDisplayName(fn: PyFunction): string {
  const cls = enclosingClass(fn);
  return cls ? `${cls.d.name.d.value}.${fn.d.name.d.value}` : fn.d.name.d.value;
}

/** The first statement of a body, unwrapped from its StatementList. */
function simpleStatements(fn: PyFunction): PyNode[] {
  const out: PyNode[] = [];
  for (const statement of fn.d.suite.d.statements) {
    if (statement.type === "StatementList") out.push(...(statement.d.statements as PyNode[]));
    else out.push(statement);
  }
  return out;
}

/** The docstring node, if the body starts with a string. */
export function docstringOf(fn: PyFunction | PyClass): PyNode | null {
  const first = fn.d.suite.d.statements[0];
  if (first?.type !== "StatementList") return null;
  const expr = (first.d.statements as PyNode[])[0];
  return expr?.type === "StringList" ? expr : null;
}

/**
 * A stub body: only a docstring, `...`, `pass`, or `raise NotImplementedError`
 * (the forms used for protocols, abstract methods and overloads).
 */
export function isStubBody(fn: PyFunction): boolean {
  return simpleStatements(fn).every((s) => {
    if (s.type === "Pass" || s.type === "Ellipsis" || s.type === "StringList") return true;
    if (s.type === "Raise") {
      const expr = s.d.expr as PyNode | undefined;
      const target = expr?.type === "Call" ? (expr.d.leftExpr as PyNode) : expr;
      return dottedName(target) === "NotImplementedError";
    }
    return false;
  });
}

/**
 * Visits `node`'s descendants in source order (not `node` itself). Returning
 * false from `visit` skips that node's children.
 */
export function forEachDescendant(
  node: PyNodeBase,
  visit: (child: PyNode) => boolean | void,
): void {
  const keys = visitorKeys[(node as PyNode).type] ?? [];
  for (const key of keys) {
    const value = (node as PyNode).d[key] as PyNode | PyNode[] | undefined;
    if (!value) continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === "object" && "type" in child && visit(child) !== false) {
        forEachDescendant(child, visit);
      }
    }
  }
}

/** Names a module binds at its top level by `def`, `class` and (annotated) assignments. */
export function moduleLevelNames(statements: readonly PyNode[]): Set<string> {
  const names = new Set<string>();
  const addTarget = (target: PyNode | undefined) => {
    if (target?.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
    if (target?.type === "Name") names.add(target.d.value as string);
    else if (target?.type === "Tuple" || target?.type === "List") {
      for (const item of target.d.items as PyNode[]) addTarget(item);
    }
  };
  for (const statement of statements) {
    if (statement.type === "Function" || statement.type === "Class") {
      names.add((statement.d.name as PyName).d.value);
    } else if (statement.type === "StatementList") {
      for (const simple of statement.d.statements as PyNode[]) {
        if (simple.type === "Assignment") addTarget(simple.d.leftExpr as PyNode);
        else if (simple.type === "TypeAnnotation") addTarget(simple);
        else if (simple.type === "TypeAlias") names.add((simple.d.name as PyName).d.value);
      }
    } else if (statement.type !== "Import" && statement.type !== "ImportFrom") {
      // Names bound under if/try/with/for at module level: take the binder's word for them.
      forEachDescendant(statement, (node) => {
        if (node.type === "Function" || node.type === "Class" || node.type === "Lambda")
          return false;
        if (node.type === "Assignment") addTarget(node.d.leftExpr as PyNode);
        return undefined;
      });
    }
  }
  return names;
}

/** The last name of a Name/MemberAccess chain: `select` for `sa.select`; null for other nodes. */
export function lastNamePart(expr: PyNodeBase | undefined): string | null {
  const node = expr as PyNode | undefined;
  if (node?.type === "Name") return node.d.value as string;
  if (node?.type === "MemberAccess") return (node.d.member as PyName).d.value;
  return null;
}

/** Bases of classes that are no services: data shapes and enums. */
const DATA_BASES = /^(?:\w*Enum|BaseModel|BaseSettings|TypedDict|NamedTuple|SQLModel)$/;

/**
 * `class OrderNotFound(DomainError)`: exceptions explain themselves by name; an
 * enum or a Pydantic model beside a service is data, not a service.
 */
export function isDataOrErrorClass(cls: PyClass): boolean {
  return cls.d.arguments.some((arg) => {
    const base = arg.d.valueExpr as PyNode;
    const name = base.type === "MemberAccess" ? (base.d.member as PyNode).d.value : base.d.value;
    return (
      typeof name === "string" && (/(Error|Exception|Warning)$/.test(name) || DATA_BASES.test(name))
    );
  });
}
