/**
 * Name resolution for rules: what a Name refers to, the dotted name an
 * expression stands for through imports, and the annotation of a parameter or
 * variable. The binder runs lazily, once per file, on the first question.
 */
import { lastNamePart } from "./ast-utils.js";
import type { PyName, PyNode, PyNodeBase } from "./nodes.js";
import {
  bindModule,
  KEYWORD_NONE,
  lookupName,
  OPERATOR_BITWISE_OR,
  type Binding,
  type Resolved,
} from "./parser.js";

export type { Resolved };

/**
 * What name resolution needs of a parsed file: pyright's parse results and a
 * per-file memo. A rule's `PythonSourceCode` is one; so is a module the project
 * model parsed to answer a question about another file.
 */
export interface ScopeSource {
  readonly parseResults: unknown;
  readonly cache: Map<string, unknown>;
}

const BINDING_KEY = "python:binding";

function bindingOf(sourceCode: ScopeSource): Binding | null {
  if (sourceCode.cache.has(BINDING_KEY)) return sourceCode.cache.get(BINDING_KEY) as Binding | null;
  const binding = bindModule(sourceCode.parseResults);
  sourceCode.cache.set(BINDING_KEY, binding);
  return binding;
}

/** What `name` refers to; `unresolved` also when the file could not be bound. */
export function resolveName(sourceCode: ScopeSource, name: PyName): Resolved {
  const binding = bindingOf(sourceCode);
  const resolved = binding ? lookupName(binding, name as unknown as PyNode) : null;
  return resolved ?? { kind: "unresolved", name: name.d.value };
}

/**
 * The fully qualified dotted name a Name or MemberAccess chain refers to
 * through imports: `sa.select` with `import sqlalchemy as sa` is
 * `sqlalchemy.select`. Relative imports keep their dots (`.models.Post`).
 * Null when the chain does not start at an import (locals, parameters, builtins).
 */
export function qualifiedName(
  sourceCode: ScopeSource,
  expr: PyNodeBase | undefined,
): string | null {
  const members: string[] = [];
  let node = expr as PyNode | undefined;
  while (node?.type === "MemberAccess") {
    members.unshift((node.d.member as PyName).d.value);
    node = node.d.leftExpr as PyNode;
  }
  if (node?.type !== "Name") return null;
  const resolved = resolveName(sourceCode, node as unknown as PyName);
  if (resolved.kind !== "import") return null;
  let base = resolved.module;
  if (resolved.name !== null) base = joinName(base, resolved.name);
  return members.reduce(joinName, base);
}

/**
 * The local names under which a callable whose qualified name ends in one of
 * `lastNames` can be called in this text: the last names it spells (as a
 * member, `orm.relationship(...)`, or imported, `relationship`) and the `as`
 * aliases it imports them under. A qualified name is built from the import
 * statement and the member chain, both in the text, so a call resolving to one
 * of them has its last name in this set: rules test it before resolving, which
 * binds the module (pyright's binder). Empty: no call can resolve to one.
 */
export function spelledCallees(text: string, lastNames: readonly string[]): Set<string> {
  const names = new Set<string>();
  const escaped = lastNames.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const spelled = new RegExp(`\\b(${escaped.join("|")})\\b(?:\\s+as\\s+([^\\s,)#\\\\]+))?`, "g");
  for (const match of text.matchAll(spelled)) {
    names.add(match[1]);
    if (match[2]) names.add(match[2]);
  }
  return names;
}

/** The last name a callee is written with: `f` of `f(...)`, `get` of `requests.get(...)`. */
export function calleeLastName(callee: PyNode): string | null {
  if (callee.type === "Name") return callee.d.value as string;
  if (callee.type === "MemberAccess") return (callee.d.member as PyName).d.value;
  return null;
}

/** `a` + `b` = `a.b`; after a bare relative module (`.`, `..`) no extra dot. */
function joinName(left: string, right: string): string {
  return left.endsWith(".") ? left + right : `${left}.${right}`;
}

/**
 * The annotation of a Name that is a parameter or an annotated variable,
 * unwrapped by `unwrapAnnotation`; undefined otherwise.
 */
export function annotationOf(sourceCode: ScopeSource, name: PyName): PyNode | undefined {
  const resolved = resolveName(sourceCode, name);
  if (resolved.kind !== "parameter" && resolved.kind !== "variable") return undefined;
  return resolved.annotation ? unwrapAnnotation(resolved.annotation) : undefined;
}

/**
 * Strips the wrappers that do not change what a value is: `Annotated[T, ...]`,
 * `Optional[T]`, `T | None`, `None | T`, `Union[T, None]` become `T`, repeatedly.
 * Matched by spelling (`Annotated`, `typing.Annotated`, ...), not by resolution.
 * String annotations (`"T"`) are returned as they are.
 */
export function unwrapAnnotation(node: PyNode): PyNode {
  let current = node;
  for (;;) {
    const next = unwrapOnce(current);
    if (!next) return current;
    current = next;
  }
}

function unwrapOnce(node: PyNode): PyNode | undefined {
  if (node.type === "Index") {
    const items = (node.d.items as PyNode[]).map((item) => item.d.valueExpr as PyNode);
    switch (lastNamePart(node.d.leftExpr as PyNode)) {
      case "Annotated":
        return items[0];
      case "Optional":
        return items.length === 1 ? items[0] : undefined;
      case "Union": {
        const others = items.filter((item) => !isNone(item));
        return others.length === 1 && items.length === 2 ? others[0] : undefined;
      }
      default:
        return undefined;
    }
  }
  if (node.type === "BinaryOperation" && node.d.operator === OPERATOR_BITWISE_OR) {
    const left = node.d.leftExpr as PyNode;
    const right = node.d.rightExpr as PyNode;
    if (isNone(right)) return left;
    if (isNone(left)) return right;
  }
  return undefined;
}

function isNone(node: PyNode): boolean {
  return node.type === "Constant" && node.d.constType === KEYWORD_NONE;
}
