import { enclosingClass } from "../../src/languages/python/ast-utils.js";
import type { PyArgument, PyCall, PyFunction, PyNode } from "../../src/languages/python/nodes.js";
import type { PythonSourceCode } from "../../src/languages/python/source-code.js";
import { calleeLastName, qualifiedName, spelledCallees } from "../../src/languages/python/scope.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./relationship-loading.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;
type Kind = "relationship" | "backref" | "sqlmodel";

/** Where the loader factories live, by the names they are imported under. */
const KINDS = new Map<string, Kind>([
  ["sqlalchemy.orm.relationship", "relationship"],
  ["sqlalchemy.orm.relation", "relationship"],
  ["sqlalchemy.orm.relationships.relationship", "relationship"],
  ["sqlalchemy.orm._orm_constructors.relationship", "relationship"],
  ["sqlalchemy.orm.backref", "backref"],
  ["sqlalchemy.orm.relationships.backref", "backref"],
  ["sqlalchemy.orm._orm_constructors.backref", "backref"],
  ["sqlmodel.Relationship", "sqlmodel"],
  ["sqlmodel.main.Relationship", "sqlmodel"],
]);

/** The last names of KINDS: `relationship`, `relation`, `backref`, `Relationship`. */
const LAST_NAMES = [
  ...new Set([...KINDS.keys()].map((name) => name.slice(name.lastIndexOf(".") + 1))),
];

/** What each strategy that needs a synchronous load does, for the async message. */
const FAILS_IN_ASYNC: Record<string, string> = {
  '"select"': "loads on first attribute access",
  True: 'is the legacy spelling of "select" and loads on first attribute access',
  '"dynamic"':
    "returns a query that runs synchronously when iterated (AsyncSession does not support dynamic relationships)",
};

const ASYNC_CHOICES = '"selectin" or "joined" for async code, "raise" to forbid implicit loads';
const SYNC_CHOICES =
  '"select" (the default), "selectin" or "joined" to load with the query, "raise" to forbid implicit loads';

/** The strategy a call sets: where it is written and its value, or why it cannot be known. */
type Lazy = { at: PyNode; value: PyNode } | "absent" | "unknown";

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  // Only files that import an ORM can call its relationship(); skip binding the others.
  if (!/sqlalchemy|sqlmodel/.test(sourceCode.text)) return null;
  // A callee resolves to one of KINDS only if its last name is spelled in the file: as the
  // member called (`orm.relationship`) or in the import (`relationship`, `relationship as rel`).
  const callable = spelledCallees(sourceCode.text, LAST_NAMES);
  if (callable.size === 0) return null;
  const where = projectFor(context);
  if (where && where.project.roleOf(where.file) === "migrations") return null;
  const isAsync = where?.project.usesAsyncDatabase() ?? false;
  const [{ requireExplicitLazy }] = context.options;

  const kindOf = (call: PyCall): Kind | null => {
    const callee = call.d.leftExpr;
    if (callee.type !== "Name" && callee.type !== "MemberAccess") return null;
    // Resolving binds the module (pyright's binder): not for calls that cannot be these.
    if (!callable.has(calleeLastName(callee) ?? "")) return null;
    return KINDS.get(qualifiedName(sourceCode, callee) ?? "") ?? null;
  };

  return {
    Call(call: PyCall) {
      const kind = kindOf(call);
      if (!kind) return;
      const lazy = kind === "sqlmodel" ? sqlmodelLazy(call) : keywordLazy(call.d.args, "lazy");
      if (lazy === "unknown") return;
      const name = displayName(call, kind, sourceCode, kindOf);
      if (lazy === "absent") {
        if (!requireExplicitLazy) return;
        context.report({
          node: call,
          messageId: "missingLazy",
          data: {
            name,
            where: kind === "sqlmodel" ? " in sa_relationship_kwargs" : "",
            choices: isAsync ? ASYNC_CHOICES : SYNC_CHOICES,
          },
        });
        return;
      }
      const spelled = literal(lazy.value, sourceCode);
      if (!isAsync || spelled === null || !(spelled in FAILS_IN_ASYNC)) return;
      context.report({
        node: lazy.at,
        messageId: "selectInAsync",
        data: { name, lazy: spelled, how: FAILS_IN_ASYNC[spelled] },
      });
    },
  };
}

/** `name=` among the arguments; a `**kwargs` spread may hide it. */
function keywordLazy(args: readonly PyArgument[], name: string): Lazy {
  const found = args.find((arg) => arg.d.name?.d.value === name);
  if (found) return { at: found, value: found.d.valueExpr };
  return args.some((arg) => arg.d.argCategory === 2) ? "unknown" : "absent";
}

/** SQLModel keeps SQLAlchemy's options in `sa_relationship_kwargs={"lazy": ...}`. */
function sqlmodelLazy(call: PyCall): Lazy {
  const args = call.d.args;
  // `sa_relationship=relationship(...)` is checked as a relationship() call of its own.
  if (args.some((arg) => arg.d.name?.d.value === "sa_relationship")) return "unknown";
  const kwargs = args.find((arg) => arg.d.name?.d.value === "sa_relationship_kwargs");
  if (!kwargs) return args.some((arg) => arg.d.argCategory === 2) ? "unknown" : "absent";
  const value = kwargs.d.valueExpr;
  if (value.type === "Call" && (value.d.leftExpr as PyNode).d.value === "dict") {
    return keywordLazy(value.d.args as PyArgument[], "lazy");
  }
  if (value.type !== "Dictionary") return "unknown";
  let spread = false;
  for (const entry of value.d.items as PyNode[]) {
    if (entry.type === "DictionaryExpandEntry") spread = true;
    if (entry.type !== "DictionaryKeyEntry") continue;
    if (stringValue(entry.d.keyExpr as PyNode) === "lazy") {
      return { at: entry, value: entry.d.valueExpr as PyNode };
    }
  }
  return spread ? "unknown" : "absent";
}

/** A literal strategy as written (`"select"`, `True`), or null for anything computed. */
function literal(value: PyNode, sourceCode: PythonSourceCode): string | null {
  const text = stringValue(value);
  if (text !== null) return JSON.stringify(text);
  return value.type === "Constant" ? sourceCode.getText(value) : null;
}

/** The value of a plain (not formatted) string literal, implicit concatenation included. */
function stringValue(node: PyNode | undefined): string | null {
  if (node?.type !== "StringList") return null;
  const strings = node.d.strings as PyNode[];
  if (strings.some((s) => s.type !== "String")) return null;
  return strings.map((s) => s.d.value as string).join("");
}

/**
 * `Class.attribute` for the attribute the relationship defines: an (annotated)
 * assignment in a class body, a `@declared_attr` method, or a key of an
 * imperative `properties={...}` dict. A backref is named on its target class.
 */
function displayName(
  call: PyCall,
  kind: Kind,
  sourceCode: PythonSourceCode,
  kindOf: (call: PyCall) => Kind | null,
): string {
  if (kind === "backref") {
    const backrefName = stringValue(call.d.args[0]?.d.valueExpr) ?? "backref";
    const owner = call.parent?.parent;
    const target = owner?.type === "Call" ? targetClass(owner as unknown as PyCall) : null;
    return target ? `${target}.${backrefName}` : backrefName;
  }
  let node: PyNode = call as unknown as PyNode;
  // `Relationship(sa_relationship=relationship(...))`: the attribute is the outer call's.
  const outer = node.parent?.parent;
  if (node.parent?.type === "Argument" && outer?.type === "Call") {
    if (kindOf(outer as unknown as PyCall) === "sqlmodel") node = outer;
  }
  const parent = node.parent;
  if (parent?.type === "Assignment" && parent.d.rightExpr === node) {
    let target = parent.d.leftExpr as PyNode;
    if (target.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
    if (target.type === "Name") {
      const owner = parent.parent?.parent?.parent;
      const attr = target.d.value as string;
      return owner?.type === "Class" ? `${classNameOf(owner)}.${attr}` : attr;
    }
  }
  if (parent?.type === "Return") {
    let fn = parent.parent;
    while (fn && fn.type !== "Function") fn = fn.parent;
    if (fn) {
      const cls = enclosingClass(fn as unknown as PyFunction);
      const attr = (fn as unknown as PyFunction).d.name.d.value;
      return cls ? `${cls.d.name.d.value}.${attr}` : attr;
    }
  }
  if (parent?.type === "DictionaryKeyEntry") {
    const key = stringValue(parent.d.keyExpr as PyNode);
    if (key) return key;
  }
  return targetClass(call) ?? sourceCode.getText(call.d.leftExpr);
}

function classNameOf(cls: PyNode): string {
  return (cls.d.name as PyNode).d.value as string;
}

/** The class a relationship points at: `"Tag"`, `Tag`, `"app.models.Tag"` give `Tag`. */
function targetClass(call: PyCall): string | null {
  const arg =
    call.d.args.find((a) => !a.d.name && a.d.argCategory === 0) ??
    call.d.args.find((a) => a.d.name?.d.value === "argument");
  const value = arg?.d.valueExpr;
  if (!value) return null;
  const text = stringValue(value);
  if (text !== null) return text.slice(text.lastIndexOf(".") + 1) || null;
  if (value.type === "Name") return value.d.value as string;
  if (value.type === "MemberAccess") return (value.d.member as PyNode).d.value as string;
  return null;
}
