import { definitionPath } from "../../src/estree-names.js";
import { declaresTsRoutes } from "../../src/project/project.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./no-http-in-services.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** The parts of an ESTree node (typescript-eslint's) this file reads. */
interface Node {
  type: string;
  parent?: Node;
  range: [number, number];
  [key: string]: unknown;
}
interface Variable {
  name: string;
  defs: { node: Node }[];
  references: { identifier: Node }[];
}

/** One name an import (or `require()`) binds: `name` is the export, `*` or `default`. */
interface Binding {
  statement: Node;
  module: string;
  name: string;
  refs: Node[];
}

type Kind = "exception" | "object" | "status";
const REASONS: Record<Kind | "framework", string> = {
  exception: "HTTP errors belong in routes and exception handlers",
  object: "request and response objects belong in routes",
  status: "HTTP status codes belong in routes",
  framework: "the web framework belongs in routes",
};
/** Request/response types by package; `koa` and `hono` call theirs `Context`. */
const OBJECTS: Record<string, Set<string>> = {
  express: new Set(["Request", "Response", "NextFunction"]),
  fastify: new Set(["FastifyRequest", "FastifyReply"]),
  koa: new Set(["Context", "ParameterizedContext"]),
  hono: new Set(["Context"]),
};
const WHOLE_MODULE: Record<string, Kind> = {
  "http-errors": "exception",
  "http-status-codes": "status",
};

/** What an exported name of a package is, HTTP-wise; null for everything else (`Injectable`, `Logger`). */
function httpKind(module: string, name: string): Kind | null {
  if (WHOLE_MODULE[module]) return WHOLE_MODULE[module];
  // Deep imports count too: `@nestjs/common/exceptions/http.exception`.
  if (module === "@nestjs/common" || module.startsWith("@nestjs/common/")) {
    if (name === "HttpStatus") return "status";
    // Every `*Exception` of @nestjs/common is an HttpException but the base of them all.
    return /Exception$/.test(name) && name !== "IntrinsicException" ? "exception" : null;
  }
  return OBJECTS[module]?.has(name) ? "object" : null;
}

const isWhole = (b: Binding) => b.name === "*" || b.name === "default";
const within = (node: Node, outer: Node) =>
  node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];

/**
 * TypeScript/JavaScript: NestJS's HTTP exceptions, http-errors, express/fastify/koa/hono
 * request and response types, and status-code enums, found through the file's own
 * imports (a global `Request`, or one from undici, is not an HTTP object of a framework).
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const layer = where.project.roleOf(where.file);
  const [options] = context.options;
  if (!layer || !options.layers.includes(layer)) return null;
  const sourceCode = context.sourceCode as unknown as {
    text: string;
    getText(node: Node): string;
    getDeclaredVariables(node: Node): Variable[];
  };
  // A module that declares routes (a controller, a router) is a route module, whatever its name says.
  if (declaresTsRoutes(sourceCode.text)) return null;

  const bindings: Binding[] = [];
  const byRef = new Map<Node, Binding>();
  const throws: Node[] = [];
  const functions: Node[] = [];
  const classes = new Map<string, Node>();

  const bind = (statement: Node, module: string, names: Map<string, string>, node: Node) => {
    for (const variable of sourceCode.getDeclaredVariables(node)) {
      const name = names.get(variable.name);
      if (!name) continue;
      // Not the declaration itself (`const createError = require(...)` writes its own name).
      const refs = variable.references
        .map((r) => r.identifier)
        .filter((ref) => !within(ref, statement));
      const binding = { statement, module, name, refs };
      bindings.push(binding);
      for (const ref of refs) byRef.set(ref, binding);
    }
  };

  /** The package and exported name an expression or type name stands for, through the imports. */
  function resolveRef(expr: Node | undefined): { module: string; name: string } | null {
    if (!expr) return null;
    if (expr.type === "Identifier") {
      const b = byRef.get(expr);
      return b ? { module: b.module, name: b.name } : null;
    }
    const [object, property] =
      expr.type === "MemberExpression" && !expr.computed
        ? [expr.object as Node, expr.property as Node]
        : expr.type === "TSQualifiedName"
          ? [expr.left as Node, expr.right as Node]
          : [];
    const b = object && byRef.get(object);
    if (!b || !property || property.type !== "Identifier") return null;
    // `createError.NotFound`: a member of http-errors' factory is an HTTP error too.
    if (!isWhole(b) && !WHOLE_MODULE[b.module]) return null;
    return { module: b.module, name: property.name as string };
  }

  /** The HTTP exception a `throw new X()` / `throw f()` builds, and the local classes that make it one. */
  function httpException(
    callee: Node,
    seen: Node[] = [],
  ): { label: string; base: string; nodes: Node[] } | null {
    const ref = resolveRef(callee);
    if (ref && httpKind(ref.module, ref.name) === "exception") {
      const text = sourceCode.getText(callee);
      const label = WHOLE_MODULE[ref.module] ? `an ${ref.module} error (${text})` : ref.name;
      return { label, base: label, nodes: [] };
    }
    // `class OrderNotFound extends NotFoundException {}` in this file.
    const cls =
      !ref && callee.type === "Identifier" ? classes.get(callee.name as string) : undefined;
    const superClass = cls?.superClass as Node | undefined;
    if (!cls || !superClass || seen.includes(cls)) return null;
    const found = httpException(superClass, [...seen, cls]);
    if (!found) return null;
    const label = `${callee.name as string} (a subclass of ${found.base})`;
    return { label, base: found.base, nodes: [cls, ...found.nodes] };
  }

  /** The request/response type a parameter annotation names (also inside a union). */
  function httpObjectType(type: Node | undefined): string | null {
    if (!type) return null;
    if (type.type === "TSUnionType") {
      for (const member of type.types as Node[]) {
        const found = httpObjectType(member);
        if (found) return found;
      }
      return null;
    }
    if (type.type !== "TSTypeReference") return null;
    const ref = resolveRef(type.typeName as Node);
    return ref && httpKind(ref.module, ref.name) === "object" ? ref.name : null;
  }

  return {
    ImportDeclaration(node: Node) {
      const names = new Map<string, string>();
      for (const s of node.specifiers as Node[]) {
        const local = (s.local as Node).name as string;
        const imported = s.imported as Node | undefined;
        const name =
          s.type === "ImportNamespaceSpecifier"
            ? "*"
            : s.type === "ImportDefaultSpecifier"
              ? "default"
              : ((imported?.name ?? imported?.value) as string);
        names.set(local, name);
      }
      bind(node, (node.source as Node).value as string, names, node);
    },
    VariableDeclarator(node: Node) {
      // `const createError = require("http-errors")`, `const { Request } = require("express")`.
      const init = node.init as Node | undefined;
      const callee = init?.type === "CallExpression" ? (init.callee as Node) : undefined;
      const arg = (init?.arguments as Node[] | undefined)?.[0];
      if (callee?.type !== "Identifier" || callee.name !== "require" || arg?.type !== "Literal")
        return;
      if (typeof arg.value !== "string") return;
      const id = node.id as Node;
      const names = new Map<string, string>();
      if (id.type === "Identifier") names.set(id.name as string, "*");
      for (const p of id.type === "ObjectPattern" ? (id.properties as Node[]) : []) {
        const key = p.key as Node | undefined;
        const value = p.value as Node | undefined;
        if (key?.type === "Identifier" && value?.type === "Identifier") {
          names.set(value.name as string, key.name as string);
        }
      }
      bind(node.parent!, arg.value, names, node);
    },
    ClassDeclaration(node: Node) {
      const id = node.id as Node | null;
      if (id) classes.set(id.name as string, node);
    },
    ThrowStatement(node: Node) {
      throws.push(node);
    },
    ":function"(node: Node) {
      functions.push(node);
    },
    "Program:exit"() {
      if (bindings.length === 0) return;
      // Code a finding already covers: names used only there are not a second finding.
      const covered: Node[] = [];
      const isCovered = (ref: Node) => covered.some((c) => within(ref, c));
      const moduleName = where.file;

      for (const node of throws) {
        const arg = node.argument as Node | undefined;
        const callee =
          arg?.type === "NewExpression" || arg?.type === "CallExpression"
            ? (arg.callee as Node)
            : undefined;
        const found = callee ? httpException(callee) : null;
        if (!found) continue;
        covered.push(node, ...found.nodes);
        const data = { name: definitionPath(node) ?? moduleName, exception: found.label, layer };
        context.report({ node: node as never, messageId: "throwsHttp", data });
      }

      for (const fn of functions) {
        for (const param of fn.params as Node[]) {
          let inner = param.type === "TSParameterProperty" ? (param.parameter as Node) : param;
          if (inner.type === "AssignmentPattern") inner = inner.left as Node;
          const annotation = (inner.typeAnnotation as Node | undefined)?.typeAnnotation as Node;
          const type = httpObjectType(annotation);
          if (!type) continue;
          covered.push(param);
          const name = inner.type === "Identifier" ? (inner.name as string) : "{ ... }";
          const data = { name: definitionPath(param) ?? moduleName, type, param: name, layer };
          context.report({ node: param as never, messageId: "takesHttpObject", data });
        }
      }

      /** What a binding brings in that is HTTP-specific and used outside the findings above. */
      const offense = (b: Binding) => {
        const framework = options.strictImports && OBJECTS[b.module] ? "framework" : null;
        if (WHOLE_MODULE[b.module] && isWhole(b)) {
          if (b.refs.length > 0 && b.refs.every(isCovered)) return null;
          const data = { module: b.module, reason: REASONS[WHOLE_MODULE[b.module]] };
          return { messageId: "importsHttpModule" as const, data };
        }
        if (!isWhole(b)) {
          const kind = httpKind(b.module, b.name) ?? framework;
          if (!kind || (b.refs.length > 0 && b.refs.every(isCovered))) return null;
          const data = { name: b.name, module: b.module, reason: REASONS[kind] };
          return { messageId: "importsHttp" as const, data };
        }
        // `import * as common from "@nestjs/common"`: judged by the members it reaches.
        for (const ref of b.refs) {
          const parent = ref.parent;
          const member =
            (parent?.type === "MemberExpression" && parent.object === ref) ||
            (parent?.type === "TSQualifiedName" && parent.left === ref)
              ? resolveRef(parent)
              : null;
          const kind = member && !isCovered(ref) ? httpKind(b.module, member.name) : null;
          if (kind) {
            const data = { name: member!.name, module: b.module, reason: REASONS[kind] };
            return { messageId: "importsHttp" as const, data };
          }
        }
        return framework
          ? {
              messageId: "importsHttpModule" as const,
              data: { module: b.module, reason: REASONS.framework },
            }
          : null;
      };

      const statements = [...new Set(bindings.map((b) => b.statement))];
      for (const statement of statements) {
        // One finding per statement: its first offending name.
        const found = bindings
          .filter((b) => b.statement === statement)
          .map(offense)
          .find((f) => f !== null);
        if (found) {
          context.report({ node: statement as never, ...found, data: { ...found.data, layer } });
        }
      }
    },
  };
}
