import {
  forEachDescendant,
  hasDecorator,
  isDataOrErrorClass,
} from "../../src/languages/python/ast-utils.js";
import type {
  PyClass,
  PyFunction,
  PyModule,
  PyName,
  PyNode,
} from "../../src/languages/python/nodes.js";
import { ParamCategory } from "../../src/languages/python/nodes.js";
import { unwrapAnnotation } from "../../src/languages/python/scope.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import { godServiceProblems, type ServiceShape } from "../../src/service-design.js";
import { DEFAULTS, type MessageIds, type Options } from "./no-god-service.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Decorators that make a `def` an attribute or a typing declaration, not a method. */
const NOT_METHODS = ["property", "cached_property", "setter", "getter", "deleter", "overload"];
/** Parameter types that are values, not collaborators. */
const VALUES =
  /^(?:str|int|float|bool|bytes|complex|Decimal|datetime|date|timedelta|UUID|Path|list|dict|set|tuple|List|Dict|Set|Tuple|Sequence|Mapping|Literal)$/;

/** Python: the classes of a services module. */
export function checkPython(context: Context) {
  const source = pythonSource(context);
  const where = projectFor(context);
  if (!source || !where || where.project.roleOf(where.file) !== "services") return null;
  const limits = { ...DEFAULTS, ...context.options[0] };
  const text = (node: PyNode) => source.text.slice(node.start, node.start + node.length);
  return {
    Module(module: PyModule) {
      for (const statement of module.d.statements) {
        if (statement.type !== "Class") continue;
        const cls = statement as unknown as PyClass;
        const name = cls.d.name.d.value;
        if (name.startsWith("_") || isDataOrErrorClass(cls)) continue;
        const problems = godServiceProblems(shapeOf(cls, text), limits);
        if (problems.length === 0) continue;
        context.report({
          node: cls.d.name,
          messageId: "godService",
          data: { name, problems: problems.join("; ") },
        });
      }
    },
  };
}

function shapeOf(cls: PyClass, text: (node: PyNode) => string): ServiceShape {
  const methods = (cls.d.suite.d.statements as PyNode[]).filter(
    (s): s is PyNode & PyFunction => s.type === "Function",
  );
  const names = new Set(methods.map((m) => m.d.name.d.value));
  const shape: ServiceShape = {
    name: cls.d.name.d.value,
    publicMethods: [],
    collaborators: [],
    uses: new Map(),
    // Members of a base class are out of sight (bar `object`, `ABC`, `Generic[...]`, `Protocol`).
    inherits: cls.d.arguments.some(
      (a) =>
        !a.d.name &&
        !/^(?:object|ABC|abc\.ABC|Generic\b.*|Protocol\b.*)$/.test(text(a.d.valueExpr)),
    ),
  };
  for (const method of methods) {
    const name = method.d.name.d.value;
    if (hasDecorator(method, NOT_METHODS)) continue;
    if (name === "__init__") {
      shape.collaborators = collaboratorsOf(method, text);
      continue;
    }
    if (!name.startsWith("_")) shape.publicMethods.push(name);
    if (/^__\w+__$/.test(name)) continue;
    shape.uses.set(name, usesOf(method, names));
  }
  return shape;
}

/** `__init__`'s parameters but `self` and plain values (`name: str`, `retries: int = 3`). */
function collaboratorsOf(init: PyFunction, text: (node: PyNode) => string) {
  const out: { name: string; type: string }[] = [];
  for (const param of init.d.params.slice(1)) {
    if (param.d.category !== ParamCategory.Simple || !param.d.name) continue;
    const annotation = param.d.annotation ?? param.d.annotationComment;
    const type = annotation ? text(unwrapAnnotation(annotation)) : "";
    const head = type.split("[")[0].split(".").pop() ?? "";
    if (VALUES.test(head)) continue;
    // Unannotated, with a literal default (`retries=3`, `name="x"`): a value too.
    const value = param.d.defaultValue;
    if (!annotation && value && /^(?:Number|StringList|Constant)$/.test(value.type)) continue;
    out.push({ name: param.d.name.d.value, type });
  }
  return out;
}

/** The `self.x` attributes a method touches and the class's methods it calls as `self.m(...)`. */
function usesOf(method: PyFunction, methods: ReadonlySet<string>) {
  const self = method.d.params[0]?.d.name?.d.value;
  const uses = { attributes: new Set<string>(), calls: new Set<string>() };
  if (!self || hasDecorator(method, ["staticmethod"])) return uses;
  forEachDescendant(method.d.suite as unknown as PyNode, (node) => {
    if (node.type !== "MemberAccess") return;
    const left = node.d.leftExpr as PyNode;
    if (left.type !== "Name" || (left as unknown as PyName).d.value !== self) return;
    const member = (node.d.member as PyName).d.value;
    if (methods.has(member)) uses.calls.add(member);
    else uses.attributes.add(member);
  });
  return uses;
}
