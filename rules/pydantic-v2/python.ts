import { enclosingClass, hasDecorator } from "../../src/languages/python/ast-utils.js";
import type {
  PyArgument,
  PyCall,
  PyClass,
  PyDecorator,
  PyFunction,
  PyImportFromAs,
  PyMemberAccess,
  PyName,
  PyNode,
  PyNodeBase,
} from "../../src/languages/python/nodes.js";
import {
  calleeLastName,
  qualifiedName,
  resolveName,
  spelledCallees,
  unwrapAnnotation,
} from "../../src/languages/python/scope.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import {
  CONFIG_CALLS,
  configDictText,
  FIELD_CALLS,
  FIELD_RENAMES,
  MODEL_METHODS,
  REMOVED_CONFIG_KEYS,
  REMOVED_FIELD_ARGS,
  RENAMED_CONFIG_KEYS,
  V1_DECORATORS,
  V1_FUNCTIONS,
  V1_IMPORTS,
  type MethodRename,
} from "./v1-api.js";
import type { MessageIds } from "./pydantic-v2.js";

type Context = LayerlintRuleContext<[], MessageIds>;
type Kind = "class" | "instance";

const CONFIG_KEYS = [...RENAMED_CONFIG_KEYS.keys(), ...REMOVED_CONFIG_KEYS.keys()].join("|");
/** Only files that spell some v1 name are worth a look (and a binding). */
const MARKERS = new RegExp(
  [
    "\\b(?:root_)?validator\\b",
    "\\bclass\\s+Config\\b",
    `\\.(?:${[...MODEL_METHODS.keys()].join("|")})\\(`,
    "__fields",
    `\\b(?:${[...FIELD_RENAMES.keys(), ...REMOVED_FIELD_ARGS.keys()].join("|")})\\s*=`,
    `\\b(?:${CONFIG_KEYS})\\s*=|["'](?:${CONFIG_KEYS})["']`,
    "\\b(?:BaseSettings|GenericModel|parse_obj_as|parse_raw_as|schema_of)\\b",
  ].join("|"),
);
/** Keywords that make a call worth resolving: a v1 config key or Field argument. */
const V1_KEYWORDS = new Set([
  ...RENAMED_CONFIG_KEYS.keys(),
  ...REMOVED_CONFIG_KEYS.keys(),
  ...FIELD_RENAMES.keys(),
  ...REMOVED_FIELD_ARGS.keys(),
]);

/** Top classes of a Pydantic v2 model's hierarchy (SQLModel models are Pydantic models). */
const MODEL_ROOTS =
  /^(?:pydantic(?:\.main)?\.BaseModel|pydantic(?:\.root_model)?\.RootModel|pydantic(?:\.env_settings)?\.BaseSettings|pydantic_settings(?:\.main)?\.BaseSettings|sqlmodel(?:\.main)?\.SQLModel)$/;
const MODEL_PACKAGES = ["pydantic", "pydantic_settings", "sqlmodel"];
const SETTINGS_ROOT = /\.BaseSettings$/;
const V1_COMPAT = /^pydantic\.v1(?:\.|$)/;
/** Class methods that return an instance of the model they are called on. */
const CONSTRUCTORS = new Set([
  "model_validate",
  "model_validate_json",
  "model_construct",
  "model_copy",
  "parse_obj",
  "parse_raw",
  "from_orm",
  "construct",
  "copy",
  "validate",
]);
/** A condition that picks code by Pydantic version: both branches are deliberate. */
const VERSION_TEST = /pydantic|\bv[12]\b|_v[12]\b/i;
const ITEM_CONTAINERS = /^(?:list|List|Sequence|Iterable|set|Set|frozenset|tuple|Tuple|Iterator)$/;

export function checkPython(context: Context) {
  const source = pythonSource(context);
  if (!source || !MARKERS.test(source.text)) return null;
  const where = projectFor(context);
  // A project pinned to Pydantic 1 writes the v1 API on purpose.
  if (where && where.project.pydanticMajor(where.file) === 1) return null;
  const text = (node: PyNodeBase) => source.text.slice(node.start, node.start + node.length);
  // Resolving binds the module: only names that can be the v1 function or decorator are resolved.
  const decorators = spelledCallees(source.text, ["validator", "root_validator"]);
  const functions = spelledCallees(source.text, ["parse_obj_as", "parse_raw_as", "schema_of"]);

  // Without Pydantic (or SQLModel) anywhere in the project, no class can be a model.
  const hasModels = where?.project.importsPackage(MODEL_PACKAGES) ?? false;
  /** The Pydantic v2 model class a class expression or statement is, with what it defines. */
  const modelFacts = (expr: PyNode | PyClass) => {
    if (!where || !hasModels) return null;
    const facts = where.project.classFactsOfSource(where.file, source, expr);
    if (!facts) return null;
    const libraries = [...facts.libraries];
    if (libraries.some((q) => V1_COMPAT.test(q)) || !libraries.some((q) => MODEL_ROOTS.test(q)))
      return null;
    return { members: facts.members, settings: libraries.some((q) => SETTINGS_ROOT.test(q)) };
  };

  /** The model class an annotation names (`PostCreate`, `Optional[PostCreate]`); `type[X]` is the class. */
  const annotated = (annotation: PyNode, depth: number): ModelRef | null => {
    const unwrapped = unwrapAnnotation(annotation);
    if (unwrapped.type === "Name" || unwrapped.type === "MemberAccess") {
      const facts = modelFacts(unwrapped);
      return facts ? { kind: "instance", members: facts.members } : null;
    }
    if (unwrapped.type === "Index" && depth < 2) {
      const items = unwrapped.d.items as PyArgument[];
      if (/^(?:type|Type)$/.test(text(unwrapped.d.leftExpr as PyNode)) && items.length === 1) {
        const inner = annotated(items[0].d.valueExpr, depth + 1);
        return inner ? { ...inner, kind: "class" } : null;
      }
    }
    return null;
  };

  /** What a receiver expression is: a Pydantic v2 model class, an instance of one, or unknown (null). */
  const receiver = (expr: PyNode, depth = 0): ModelRef | null => {
    if (depth > 4) return null;
    if (expr.type === "Call") return constructed(expr as unknown as PyCall, depth);
    if (expr.type === "MemberAccess") {
      const facts = modelFacts(expr);
      return facts ? { kind: "class", members: facts.members } : null;
    }
    if (expr.type !== "Name") return null;
    const resolved = resolveName(source, expr as unknown as PyName);
    if (resolved.kind === "class" || resolved.kind === "import") {
      const facts = modelFacts(expr);
      return facts ? { kind: "class", members: facts.members } : null;
    }
    if (resolved.kind === "parameter") {
      if (resolved.annotation) return annotated(resolved.annotation, 0);
      return selfOrCls(resolved.node, resolved.function as unknown as PyFunction);
    }
    if (resolved.kind !== "variable") return null;
    if (resolved.annotation) return annotated(resolved.annotation, 0);
    if (resolved.assignedValue) return receiver(resolved.assignedValue, depth + 1);
    return loopItem(resolved.node, depth);
  };

  /** `Model(...)`, `Model.model_validate(...)`, `x.copy()`: an instance of the model. */
  const constructed = (call: PyCall, depth: number): ModelRef | null => {
    const callee = call.d.leftExpr;
    if (callee.type === "MemberAccess") {
      const member = (callee as unknown as PyMemberAccess).d.member.d.value;
      if (CONSTRUCTORS.has(member)) {
        const of = receiver((callee as unknown as PyMemberAccess).d.leftExpr, depth + 1);
        if (of && !of.members.has(member)) return { kind: "instance", members: of.members };
        return null;
      }
    }
    if (callee.type !== "Name" && callee.type !== "MemberAccess") return null;
    if (callee.type === "Name") {
      const resolved = resolveName(source, callee as unknown as PyName);
      if (resolved.kind === "function") {
        const returns = (resolved.node as unknown as PyFunction).d.returnAnnotation;
        return returns ? annotated(returns, 0) : null;
      }
    }
    const facts = modelFacts(callee);
    return facts ? { kind: "instance", members: facts.members } : null;
  };

  /** `self` / `cls`: the first parameter of a method of a model class. */
  const selfOrCls = (param: PyNode, fn: PyFunction): ModelRef | null => {
    if (fn.type !== "Function" || fn.d.params[0] !== (param as unknown)) return null;
    const cls = enclosingClass(fn);
    if (!cls || hasDecorator(fn, ["staticmethod"])) return null;
    const facts = modelFacts(cls);
    if (!facts) return null;
    const isClass =
      hasDecorator(fn, ["classmethod"]) ||
      /^(?:__new__|__init_subclass__)$/.test(fn.d.name.d.value);
    return { kind: isClass ? "class" : "instance", members: facts.members };
  };

  /** `for post in posts` where `posts: list[Post]`. */
  const loopItem = (target: PyNode, depth: number): ModelRef | null => {
    const loop = target.parent;
    if (!loop || (loop.type !== "For" && loop.type !== "ComprehensionFor")) return null;
    if (loop.d.targetExpr !== target) return null;
    const iterable = loop.d.iterableExpr as PyNode;
    if (iterable.type !== "Name") return null;
    const resolved = resolveName(source, iterable as unknown as PyName);
    const annotation =
      resolved.kind === "parameter" || resolved.kind === "variable" ? resolved.annotation : null;
    if (!annotation || depth > 4) return null;
    const container = unwrapAnnotation(annotation);
    if (container.type !== "Index" || !ITEM_CONTAINERS.test(text(container.d.leftExpr as PyNode)))
      return null;
    const items = container.d.items as PyArgument[];
    if (items.length < 1 || items.length > 2) return null;
    const item = annotated(items[0].d.valueExpr, 1);
    return item?.kind === "instance" ? item : null;
  };

  const report = (
    node: PyNodeBase,
    messageId: MessageIds,
    data: Record<string, string>,
    replace?: { node: PyNodeBase; text: string },
  ) => {
    if (inVersionBranch(node)) return;
    context.report({
      node: node as never,
      messageId,
      data,
      fix: replace
        ? (fixer) =>
            fixer.replaceTextRange(
              [replace.node.start, replace.node.start + replace.node.length],
              replace.text,
            )
        : null,
    });
  };

  /** Config keys given as keywords (`ConfigDict(orm_mode=True)`, `class M(BaseModel, orm_mode=True)`). */
  const checkConfigKeyword = (arg: PyArgument) => {
    const name = arg.d.name;
    if (!name) return;
    configKey(name, name.d.value, name.d.value);
  };
  const configKey = (node: PyNodeBase, key: string, replaceWith: string) => {
    const renamed = RENAMED_CONFIG_KEYS.get(key);
    if (renamed) {
      report(
        node,
        "v1Api",
        { used: key, instead: renamed },
        { node, text: replaceWith.replace(key, renamed) },
      );
      return;
    }
    const removed = REMOVED_CONFIG_KEYS.get(key);
    if (removed !== undefined) report(node, "removed", { used: key, instead: removed });
  };

  return {
    Decorator(node: PyDecorator) {
      const expr = node.d.expr.type === "Call" ? (node.d.expr.d.leftExpr as PyNode) : node.d.expr;
      if (!decorators.has(calleeLastName(expr) ?? "")) return;
      const replacement = V1_DECORATORS.get(qualifiedName(source, expr) ?? "");
      if (replacement) report(node, "v1Api", { used: `@${text(expr)}`, instead: replacement });
    },
    ImportFromAs(node: PyImportFromAs) {
      const from = node.parent as PyNode | undefined;
      if (from?.type !== "ImportFrom" || insideTry(node)) return;
      const module = text(from.d.module as PyNode);
      const moved = V1_IMPORTS.get(`${module}.${node.d.name.d.value}`);
      if (moved) report(node.d.name, "removed", { used: node.d.name.d.value, instead: moved });
    },
    Class(node: PyClass) {
      const keywords = node.d.arguments.filter((a) => a.d.name && a.d.name.d.value !== "metaclass");
      const configs = node.d.suite.d.statements.filter(
        (s): s is PyNode =>
          s.type === "Class" && (s as unknown as PyClass).d.name.d.value === "Config",
      );
      const modelConfig = modelConfigDict(node);
      if (keywords.length === 0 && configs.length === 0 && !modelConfig) return;
      const facts = modelFacts(node);
      if (!facts) return;
      for (const arg of keywords) checkConfigKeyword(arg);
      for (const config of configs) {
        const cls = config as unknown as PyClass;
        report(cls.d.name, "configClass", {
          model: node.d.name.d.value,
          instead: configDictText(cls, text, facts.settings),
        });
      }
      // `model_config = {"orm_mode": True}`: a plain dict is read as ConfigDict.
      for (const entry of (modelConfig?.d.items ?? []) as PyNode[]) {
        const key = (entry as PyNode).d.keyExpr as PyNode | undefined;
        if (key?.type !== "StringList") continue;
        const raw = text(key);
        configKey(key, raw.slice(1, -1), raw);
      }
    },
    Call(node: PyCall) {
      const callee = node.d.leftExpr;
      if (callee.type === "MemberAccess") {
        const member = (callee as unknown as PyMemberAccess).d.member;
        const rename = MODEL_METHODS.get(member.d.value);
        if (rename) checkMethod(node, callee as unknown as PyMemberAccess, member, rename);
      }
      if (callee.type !== "Name" && callee.type !== "MemberAccess") return;
      const keywords = node.d.args.some((a) => a.d.name && V1_KEYWORDS.has(a.d.name.d.value));
      if (!keywords && !functions.has(calleeLastName(callee) ?? "")) return;
      const q = qualifiedName(source, callee);
      if (q === null) return;
      if (CONFIG_CALLS.has(q)) {
        for (const arg of node.d.args) checkConfigKeyword(arg);
      } else if (FIELD_CALLS.has(q)) {
        for (const arg of node.d.args) {
          const name = arg.d.name;
          if (!name) continue;
          const call = `${text(callee)}(${name.d.value}=...)`;
          const renamed = FIELD_RENAMES.get(name.d.value);
          if (renamed) {
            report(
              name,
              "v1Api",
              { used: call, instead: `${renamed}=` },
              { node: name, text: renamed },
            );
          }
          const removed = REMOVED_FIELD_ARGS.get(name.d.value);
          if (removed) report(name, "removed", { used: call, instead: removed });
        }
      } else {
        const instead = V1_FUNCTIONS.get(q);
        if (instead) report(node, "v1Api", { used: `${text(callee)}()`, instead });
      }
    },
    MemberAccess(node: PyMemberAccess) {
      const member = node.d.member.d.value;
      if (!hasModels || (member !== "__fields__" && member !== "__fields_set__")) return;
      const of = receiver(node.d.leftExpr);
      if (!of || of.members.has(member)) return;
      const instead = member === "__fields__" ? "model_fields" : "model_fields_set";
      const used = `${shortReceiver(node.d.leftExpr)}${member}`;
      report(
        node.d.member,
        "v1Api",
        { used, instead: `${shortReceiver(node.d.leftExpr)}${instead}` },
        // `model_fields` holds FieldInfo objects, not v1's ModelField: only the set is a rename.
        member === "__fields_set__" ? { node: node.d.member, text: instead } : undefined,
      );
    },
  };

  function checkMethod(call: PyCall, callee: PyMemberAccess, member: PyName, rename: MethodRename) {
    if (!hasModels) return;
    const of = receiver(callee.d.leftExpr);
    if (!of || of.members.has(member.d.value)) return;
    if (rename.instanceOnly && of.kind !== "instance") return;
    const prefix = shortReceiver(callee.d.leftExpr);
    const used = `${prefix}${member.d.value}()`;
    const instead = rename.to
      ? `${prefix}${rename.to}()`
      : rename.hint.replace("X.", prefix === "." ? "X." : prefix);
    const positional = call.d.args.filter((a) => !a.d.name).length;
    const fixable =
      rename.to !== undefined &&
      call.d.args.every((a) => a.d.argCategory === 0) &&
      positional <= rename.positional &&
      call.d.args.every(
        (a) => !a.d.name || rename.keywords === "any" || rename.keywords.has(a.d.name.d.value),
      );
    report(
      call,
      "v1Api",
      { used, instead },
      fixable ? { node: member, text: rename.to! } : undefined,
    );
  }

  /** `post_in.` for a short receiver, `.` alone for a long one (the message names the call). */
  function shortReceiver(expr: PyNode): string {
    const written = text(expr);
    return written.length <= 30 && !written.includes("\n") ? `${written}.` : ".";
  }

  /** Inside `if PYDANTIC_V2:` / `else:` and the like: version-specific code on purpose. */
  function inVersionBranch(node: PyNodeBase): boolean {
    for (let n = node.parent; n; n = n.parent) {
      if (n.type === "If" && VERSION_TEST.test(text(n.d.testExpr as PyNode))) return true;
    }
    return false;
  }
}

interface ModelRef {
  kind: Kind;
  members: Set<string>;
}

/** An import inside `try:` (with its `except ImportError:` fallback) is compatibility code. */
function insideTry(node: PyNodeBase): boolean {
  for (let n = node.parent; n; n = n.parent) if (n.type === "Try") return true;
  return false;
}

/** The dict literal of `model_config = {...}` in a class body. */
function modelConfigDict(cls: PyClass): PyNode | null {
  for (const statement of cls.d.suite.d.statements) {
    if (statement.type !== "StatementList") continue;
    for (const simple of statement.d.statements as PyNode[]) {
      if (simple.type !== "Assignment") continue;
      let target = simple.d.leftExpr as PyNode;
      if (target.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
      const value = simple.d.rightExpr as PyNode;
      if (target.type === "Name" && (target as unknown as PyName).d.value === "model_config") {
        if (value.type === "Dictionary") return value;
      }
    }
  }
  return null;
}
