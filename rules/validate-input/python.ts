import { forEachDescendant, lastNamePart } from "../../src/languages/python/ast-utils.js";
import {
  ParamCategory,
  type PyCall,
  type PyFunction,
  type PyNode,
  type PyParameter,
} from "../../src/languages/python/nodes.js";
import { unwrapAnnotation } from "../../src/languages/python/scope.js";
import { projectFor } from "../../src/rule-project.js";
import { routeHandlersOf } from "../../src/rule-routes.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./validate-input.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Annotations that accept any JSON object: FastAPI checks nothing inside them. */
const SHAPELESS = new Set(["dict", "Dict", "Any", "Mapping", "MutableMapping", "object", "Json"]);
const CONTAINERS = new Set(["list", "List", "Sequence"]);
const DEPENDENCIES = new Set(["Depends", "Security"]);
/** The parsed request payload; `request.body()` is raw bytes, e.g. for a webhook signature check. */
const RAW_READS = new Set(["json", "form"]);
const VALIDATING = new Set([
  "model_validate",
  "model_validate_json",
  "model_validate_strings",
  "parse_obj",
  "parse_raw",
  "validate_python",
  "validate_json",
]);

/** FastAPI route handlers whose body or query is a `dict`/`Any`, a bare `Body()`, or `request.json()`. */
export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const text = sourceCode.text;
  const source = (node: PyNode) => text.slice(node.start, node.start + node.length);
  return {
    Module() {
      for (const { name, fn, route } of routeHandlersOf(sourceCode, where.project, where.file)) {
        const inputs = [...shapelessParams(fn, source), ...rawReads(fn, source)];
        if (inputs.length === 0) continue;
        const first = fn.d.decorators[0] ?? fn;
        context.report({
          loc: { start: sourceCode.getLoc(first).start, end: sourceCode.getLoc(fn).end },
          messageId: "unvalidatedPython",
          data: { route: `"${name}"${route}`, inputs: listOf(inputs) },
        });
      }
    },
  };
}

function calleeOf(node: PyNode | undefined): string | null {
  return node?.type === "Call" ? lastNamePart(node.d.leftExpr as PyNode) : null;
}

/** `Annotated[Session, Depends(get_db)]` or `= Depends(...)`: a dependency, not request input. */
function isDependency(param: PyParameter): boolean {
  const fromDefault = calleeOf(param.d.defaultValue);
  if (fromDefault && DEPENDENCIES.has(fromDefault)) return true;
  const annotation = param.d.annotation;
  if (annotation?.type !== "Index" || lastNamePart(annotation.d.leftExpr as PyNode) !== "Annotated")
    return false;
  const items = (annotation.d.items as PyNode[]).map((i) => i.d.valueExpr as PyNode);
  return items.slice(1).some((item) => DEPENDENCIES.has(calleeOf(item) ?? ""));
}

function isShapeless(type: PyNode): boolean {
  const name = lastNamePart(type);
  if (name) return SHAPELESS.has(name);
  if (type.type !== "Index") return false;
  const outer = lastNamePart(type.d.leftExpr as PyNode) ?? "";
  if (SHAPELESS.has(outer)) return true;
  const items = (type.d.items as PyNode[]).map((i) => i.d.valueExpr as PyNode);
  return CONTAINERS.has(outer) && items.length === 1 && isShapeless(unwrapAnnotation(items[0]!));
}

function shapelessParams(fn: PyFunction, source: (node: PyNode) => string): string[] {
  const out: string[] = [];
  for (const param of fn.d.params) {
    const name = param.d.name?.d.value;
    if (!name || param.d.category !== ParamCategory.Simple || isDependency(param)) continue;
    const annotation = param.d.annotation;
    if (annotation && isShapeless(unwrapAnnotation(annotation))) {
      out.push(`parameter "${name}: ${source(annotation)}"`);
    } else if (!annotation && calleeOf(param.d.defaultValue) === "Body") {
      // `payload = Body(...)` without a type: FastAPI accepts any JSON.
      out.push(`parameter "${name} = ${source(param.d.defaultValue!)}"`);
    }
  }
  return out;
}

/** Whether a value (a `request.json()` call or a variable holding it) goes into a model. */
function intoModel(node: PyNode): boolean {
  let current = node;
  while (current.parent?.type === "Await") current = current.parent;
  const argument = current.parent;
  const call = argument?.type === "Argument" ? argument.parent : undefined;
  if (call?.type !== "Call" || (call as PyCall).d.args.every((a) => a !== argument)) return false;
  const callee = lastNamePart((call as PyCall).d.leftExpr) ?? "";
  // `PostCreate.model_validate(data)`, `TypeAdapter(T).validate_python(data)`, `PostCreate(**data)`
  return VALIDATING.has(callee) || /^[A-Z]/.test(callee);
}

function rawReads(fn: PyFunction, source: (node: PyNode) => string): string[] {
  const requests = new Set(
    fn.d.params
      .filter((p) => p.d.name && p.d.annotation && lastNamePart(p.d.annotation) === "Request")
      .map((p) => p.d.name!.d.value),
  );
  if (requests.size === 0) return [];
  const reads: PyNode[] = [];
  const uses = new Map<string, PyNode[]>();
  forEachDescendant(fn.d.suite, (node) => {
    const assigned = node.parent?.type === "Assignment" && node.parent.d.leftExpr === node;
    if (node.type === "Name" && !assigned) {
      const name = node.d.value as string;
      let list = uses.get(name);
      if (!list) uses.set(name, (list = []));
      list.push(node);
    }
    if (node.type !== "Call") return;
    const callee = node.d.leftExpr as PyNode;
    if (callee.type !== "MemberAccess") return;
    const owner = callee.d.leftExpr as PyNode;
    const member = lastNamePart(callee) ?? "";
    if (owner.type === "Name" && requests.has(owner.d.value as string) && RAW_READS.has(member))
      reads.push(node);
  });
  const out: string[] = [];
  for (const read of reads) {
    if (intoModel(read)) continue;
    let holder: PyNode = read;
    while (holder.parent?.type === "Await") holder = holder.parent;
    const assignment = holder.parent;
    const target = assignment?.type === "Assignment" ? (assignment.d.leftExpr as PyNode) : null;
    if (target?.type === "Name" && assignment?.d.rightExpr === holder) {
      const refs = uses.get(target.d.value as string) ?? [];
      if (refs.some((ref) => intoModel(ref))) continue;
    }
    const text = `"${source(holder)}"`;
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]!}`;
}
