import { definitionPath, dottedName } from "../../src/languages/python/ast-utils.js";
import type {
  PyClass,
  PyFunction,
  PyImport,
  PyImportFrom,
  PyName,
  PyNode,
  PyNodeBase,
  PyStringList,
} from "../../src/languages/python/nodes.js";
import { qualifiedName, resolveName, unwrapAnnotation } from "../../src/languages/python/scope.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import {
  chainFrom,
  DEPENDENCY_MARKERS,
  describeImport,
  EXCEPTIONS,
  frameworkBindings,
  HTTP_OBJECTS,
  httpPart,
  isFrameworkName,
  lastPart,
  type Binding,
} from "./framework.js";
import type { MessageIds, Options } from "./no-http-in-services.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const layer = where.project.roleOf(where.file);
  const [options] = context.options;
  if (!layer || !options.layers.includes(layer)) return null;
  // A module that declares routes is a route module, whatever its name says
  // (mealie's routes/users/crud.py, routes/groups/controller_group_self_service.py).
  if (where.project.definesRoutes(where.file)) return null;
  const moduleName = where.project.moduleOf(where.file) ?? where.file;

  const raises: PyNode[] = [];
  const functions: PyFunction[] = [];
  const names: PyName[] = [];
  const statements: (PyImport | PyImportFrom)[] = [];

  const qualified = (expr: PyNodeBase | undefined) => qualifiedName(sourceCode, expr);
  const resolve = (name: PyNodeBase) => resolveName(sourceCode, name as PyName);
  const isDependsCall = (node: PyNode | undefined) =>
    node?.type === "Call" &&
    isFrameworkName(qualified(node.d.leftExpr as PyNode), DEPENDENCY_MARKERS);

  /** `Annotated[T, Depends(...)]`, also inside `Optional[...]` or behind an alias `CurrentUser = Annotated[...]`. */
  function declaresDepends(annotation: PyNode | undefined, viaAlias = false): boolean {
    if (annotation?.type === "Index") {
      const items = (annotation.d.items as PyNode[]).map((item) => item.d.valueExpr as PyNode);
      if (lastPart(dottedName(annotation.d.leftExpr as PyNode) ?? "") === "Annotated") {
        return items.slice(1).some(isDependsCall);
      }
      return items.some((item) => declaresDepends(item, viaAlias));
    }
    if (annotation?.type !== "Name" || viaAlias) return false;
    const resolved = resolve(annotation);
    return resolved.kind === "variable" && declaresDepends(resolved.assignedValue, true);
  }

  /**
   * A FastAPI dependency provider: it asks for its own inputs with `Depends()`/`Security()`,
   * or some module of the project names it in a `Depends(...)`.
   */
  const isProvider = (fn: PyFunction) =>
    fn.d.params.some((p) => isDependsCall(p.d.defaultValue) || declaresDepends(p.d.annotation)) ||
    (fn.parent?.type === "Module" &&
      where.project.isDependencyProvider(where.file, fn.d.name.d.value));

  /** The HTTP exception a `raise` target is, and the nodes that make it one (local subclasses, an assignment). */
  function httpException(
    expr: PyNode,
    viaVariable = false,
  ): { label: string; nodes: PyNode[] } | null {
    const target = expr.type === "Call" ? (expr.d.leftExpr as PyNode) : expr;
    const name = qualified(target);
    if (name && isFrameworkName(name, EXCEPTIONS)) return { label: lastPart(name), nodes: [] };
    if (target.type !== "Name") return null;
    const resolved = resolve(target);
    if (resolved.kind === "class") {
      const found = httpBase(resolved.node as unknown as PyClass, []);
      return (
        found && {
          label: `${target.d.value as string} (a subclass of ${found.base})`,
          nodes: found.classes,
        }
      );
    }
    if (resolved.kind === "variable" && !viaVariable && expr === target && resolved.assignedValue) {
      const assigned = httpException(resolved.assignedValue, true);
      return assigned && { ...assigned, nodes: [...assigned.nodes, resolved.assignedValue] };
    }
    return null;
  }

  /** The fastapi/starlette exception a class derives from, following base classes defined in this file. */
  function httpBase(cls: PyClass, seen: PyNode[]): { base: string; classes: PyNode[] } | null {
    const classes = [...seen, cls as unknown as PyNode];
    for (const arg of cls.d.arguments) {
      if (arg.d.name) continue;
      const base = qualified(arg.d.valueExpr);
      if (base && isFrameworkName(base, EXCEPTIONS)) return { base: lastPart(base), classes };
      const resolved = arg.d.valueExpr.type === "Name" ? resolve(arg.d.valueExpr) : null;
      if (resolved?.kind !== "class" || classes.includes(resolved.node)) continue;
      const found = httpBase(resolved.node as unknown as PyClass, classes);
      if (found) return found;
    }
    return null;
  }

  /** The Request/Response class a parameter annotation names, also as a string (`"Request"`). */
  function httpObjectType(annotation: PyNode, bindings: Binding[]): string | null {
    const unwrapped = unwrapAnnotation(annotation);
    if (unwrapped.type !== "StringList") {
      const name = qualified(unwrapped);
      return name && isFrameworkName(name, HTTP_OBJECTS) ? lastPart(name) : null;
    }
    const text = (unwrapped as unknown as PyStringList).d.strings.map((s) => s.d.value).join("");
    const match = /^\s*(?:Optional\[)?\s*([A-Za-z_][\w.]*)\s*\]?\s*(?:\|\s*None\s*)?$/.exec(text);
    const [head, ...rest] = match ? match[1].split(".") : [];
    const binding = bindings.filter((b) => b.local === head).pop();
    const dotted = binding ? [binding.base, ...rest].join(".") : null;
    if (!binding || !dotted || !isFrameworkName(dotted, HTTP_OBJECTS)) return null;
    binding.uses.push(annotation);
    return lastPart(dotted);
  }

  return {
    Raise(node: PyNode) {
      raises.push(node);
    },
    Function(fn: PyFunction) {
      functions.push(fn);
    },
    Name(node: PyName) {
      names.push(node);
    },
    Import(node: PyImport) {
      statements.push(node);
    },
    ImportFrom(node: PyImportFrom) {
      statements.push(node);
    },
    "Module:exit"() {
      // Every finding needs a fastapi/starlette import: without one, nothing to do.
      const bindings = statements.flatMap(frameworkBindings);
      if (bindings.length === 0) return;
      // Code a finding already covers (a reported raise or parameter, a provider): names used
      // only there do not make their import a second finding for the same fix.
      const covered: PyNodeBase[] = [];
      const isCovered = (use: PyNodeBase) =>
        covered.some((c) => use.start >= c.start && use.start < c.start + c.length);
      const providers = functions.filter(isProvider);
      covered.push(...providers);
      const inProvider = (node: PyNodeBase) => providers.some((p) => isWithin(node, p));

      for (const raise of raises) {
        const expr = raise.d.expr as PyNode | undefined;
        const found = expr && !inProvider(raise) ? httpException(expr) : null;
        if (!found) continue;
        covered.push(raise, ...found.nodes);
        const data = { name: definitionPath(raise) ?? moduleName, exception: found.label, layer };
        context.report({ node: raise, messageId: "raisesHttp", data });
      }

      for (const fn of functions) {
        if (inProvider(fn)) continue;
        for (const param of fn.d.params) {
          const { name, annotation } = param.d;
          const type = name && annotation ? httpObjectType(annotation, bindings) : null;
          if (!type) continue;
          covered.push(annotation!);
          const data = { name: definitionPath(param)!, type, param: name!.d.value, layer };
          context.report({ node: param, messageId: "takesHttpObject", data });
        }
      }

      const byNode = new Map(bindings.map((b) => [b.node, b]));
      const locals = new Set(bindings.map((b) => b.local));
      for (const name of names) {
        if (!locals.has(name.d.value) || /^Import|^ModuleName$/.test(name.parent?.type ?? ""))
          continue;
        const resolved = resolve(name);
        if (resolved.kind === "import") byNode.get(resolved.node)?.uses.push(name);
      }

      /** What a binding brings in that is HTTP-specific and used outside the findings above. */
      const offense = (binding: Binding) => {
        const dotted = binding.name ? `${binding.module}.${binding.name}` : binding.module;
        const hit = httpPart(dotted, options.strictImports);
        if (hit) {
          const allCovered = binding.uses.length > 0 && binding.uses.every(isCovered);
          return allCovered ? null : describeImport(binding, dotted, hit);
        }
        if (binding.name !== null) return null;
        // `import fastapi` is judged by what each use reaches: `fastapi.status.HTTP_404_NOT_FOUND`.
        for (const use of binding.uses) {
          const reached = isCovered(use) ? null : qualified(chainFrom(use));
          const reachedHit = reached && httpPart(reached, options.strictImports);
          if (reachedHit) return describeImport(binding, reached, reachedHit);
        }
        return null;
      };

      for (const statement of statements) {
        // One finding per statement: its first offending name.
        const found = bindings
          .filter((b) => b.statement === statement)
          .map(offense)
          .find((f) => f !== null);
        if (found) context.report({ node: statement, ...found, data: { ...found.data, layer } });
      }
    },
  };
}

function isWithin(node: PyNodeBase, ancestor: PyNodeBase): boolean {
  for (let p: PyNodeBase | undefined = node; p; p = p.parent) if (p === ancestor) return true;
  return false;
}
