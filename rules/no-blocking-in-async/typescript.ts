import { declaresTsRoutes } from "../../src/project/project.js";
import { isFrontendModule } from "../../src/project/typescript/frontend.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./no-blocking-in-async.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** The parts of an ESTree node (typescript-eslint's) this file reads. */
interface Node {
  type: string;
  parent?: Node;
  [key: string]: unknown;
}
interface Variable {
  references: { identifier: Node }[];
}

/** What one imported (or required) name stands for: a package and its export, `*` for the whole module. */
interface Imported {
  module: string;
  name: string;
}

const FS = "`await fs.promises.{{name}}(...)` (from `node:fs/promises`)";
const CHILD = "`promisify(exec)`/`execFile` or `spawn` with events";
const CRYPTO =
  "the callback or `promisify`-ed form (`crypto.{{name}}`), which hashes on the thread pool";

/** Blocking exports by package (`*Sync`: every export ending in Sync), with what to use instead. */
const BLOCKING: Record<string, Record<string, string>> = {
  fs: { "*Sync": FS },
  "fs-extra": { "*Sync": FS },
  child_process: { execSync: CHILD, execFileSync: CHILD, spawnSync: CHILD },
  crypto: { pbkdf2Sync: CRYPTO, scryptSync: CRYPTO },
};

/** The layers a request runs through: their async functions serve requests. */
const REQUEST_PATH = new Set(["routes", "services", "repositories"]);

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

const blockingByOptions = new WeakMap<object, Record<string, Record<string, string>>>();

/** BLOCKING and a config's `extraCalls` (`package.export`), merged once per options object. */
function withExtraCalls(
  extraCalls: Record<string, string>,
): Record<string, Record<string, string>> {
  if (Object.keys(extraCalls).length === 0) return BLOCKING;
  let merged = blockingByOptions.get(extraCalls);
  if (!merged) {
    merged = structuredClone(BLOCKING);
    for (const [qualified, instead] of Object.entries(extraCalls)) {
      const dot = qualified.lastIndexOf(".");
      if (dot <= 0) continue;
      (merged[qualified.slice(0, dot)] ??= {})[qualified.slice(dot + 1)] = instead;
    }
    blockingByOptions.set(extraCalls, merged);
  }
  return merged;
}

/** `node:fs` is `fs`; `fs/promises` is not blocking. */
const packageOf = (source: string) => source.replace(/^node:/, "");

/**
 * TypeScript/JavaScript: `fs.*Sync`, `child_process.*Sync`, the sync key
 * derivations of `crypto` and `Atomics.wait`, inside an async function of a
 * module on the request path (routes, services, repositories, or a module that
 * declares routes). Start-up code (`main.ts`, config loaders) may block.
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const sourceCode = context.sourceCode as unknown as {
    text: string;
    getText(node: Node): string;
    getDeclaredVariables(node: Node): Variable[];
  };
  const role = where.project.roleOf(where.file);
  if (!(role && REQUEST_PATH.has(role)) && !declaresTsRoutes(sourceCode.text)) return null;
  if (isFrontendModule(sourceCode.text)) return null;
  const [{ extraCalls = {} }] = context.options;
  const blocking = withExtraCalls(extraCalls);

  const byRef = new Map<Node, Imported>();
  const calls: { call: Node; fn: Node }[] = [];

  const bind = (declaration: Node, module: string, names: Map<string, string>) => {
    if (!blocking[module]) return;
    for (const variable of sourceCode.getDeclaredVariables(declaration) as (Variable & {
      name: string;
    })[]) {
      const name = names.get(variable.name);
      if (!name) continue;
      for (const ref of variable.references) byRef.set(ref.identifier, { module, name });
    }
  };

  /** What a blocking export is used to do instead, or null: `fs.readFileSync`, `execSync`. */
  const insteadOf = (imported: Imported): string | null => {
    const exports = blocking[imported.module];
    const direct = exports?.[imported.name];
    if (direct) return direct;
    return exports?.["*Sync"] && /.Sync$/.test(imported.name) ? exports["*Sync"] : null;
  };

  /** The blocking export a callee names through the imports (`fs.readFileSync`, `readFileSync`). */
  const calleeExport = (callee: Node): Imported | null => {
    if (callee.type === "Identifier") return byRef.get(callee) ?? null;
    if (callee.type !== "MemberExpression" || callee.computed) return null;
    const object = callee.object as Node;
    const property = callee.property as Node;
    if (property.type !== "Identifier") return null;
    // `Atomics.wait`: the global, not an import.
    if (object.type === "Identifier" && object.name === "Atomics" && property.name === "wait") {
      return byRef.has(object) ? null : { module: "Atomics", name: "wait" };
    }
    const whole = byRef.get(object);
    if (!whole || (whole.name !== "*" && whole.name !== "default")) return null;
    return { module: whole.module, name: property.name as string };
  };

  return {
    ImportDeclaration(node: Node) {
      const names = new Map<string, string>();
      for (const s of node.specifiers as Node[]) {
        const imported = s.imported as Node | undefined;
        names.set(
          (s.local as Node).name as string,
          s.type === "ImportSpecifier"
            ? ((imported?.name ?? imported?.value) as string)
            : s.type === "ImportDefaultSpecifier"
              ? "default"
              : "*",
        );
      }
      bind(node, packageOf((node.source as Node).value as string), names);
    },
    // `const fs = require("fs")`, `const { execSync } = require("node:child_process")`.
    VariableDeclarator(node: Node) {
      const init = node.init as Node | undefined;
      const args = init?.arguments as Node[] | undefined;
      if (
        init?.type !== "CallExpression" ||
        (init.callee as Node).type !== "Identifier" ||
        (init.callee as Node).name !== "require" ||
        args?.[0]?.type !== "Literal" ||
        typeof args[0].value !== "string"
      ) {
        return;
      }
      const id = node.id as Node;
      const names = new Map<string, string>();
      if (id.type === "Identifier") names.set(id.name as string, "*");
      else if (id.type === "ObjectPattern") {
        for (const p of id.properties as Node[]) {
          const key = p.key as Node | undefined;
          const value = p.value as Node | undefined;
          if (p.type === "Property" && key?.type === "Identifier" && value?.type === "Identifier") {
            names.set(value.name as string, key.name as string);
          }
        }
      }
      bind(node, packageOf(args[0].value), names);
    },
    CallExpression(node: Node) {
      let fn = node.parent;
      while (fn && !FUNCTIONS.has(fn.type)) fn = fn.parent;
      if (fn?.async === true) calls.push({ call: node, fn });
    },
    // Imports and requires may follow the functions that use them: judge calls at the end.
    "Program:exit"() {
      for (const { call, fn } of calls) {
        const imported = calleeExport(call.callee as Node);
        const instead =
          imported?.module === "Atomics"
            ? "`await Atomics.waitAsync(...).value`"
            : imported && insteadOf(imported);
        if (!imported || !instead) continue;
        context.report({
          node: call as never,
          messageId: "blockingCall",
          data: {
            call: sourceCode.getText(call.callee as Node),
            fn: functionName(fn, sourceCode),
            instead: instead.replaceAll("{{name}}", imported.name.replace(/Sync$/, "")),
          },
        });
      }
    },
  };
}

/**
 * `name`, `Class.method`, what a function expression is assigned to, or the call
 * it is handed to (`router.post(...) callback`); `(anonymous)` otherwise.
 */
function functionName(fn: Node, sourceCode: { getText(node: Node): string }): string {
  const id = fn.id as Node | undefined;
  if (id?.type === "Identifier") return id.name as string;
  const parent = fn.parent;
  const key = parent?.key as Node | undefined;
  if (parent?.type === "MethodDefinition" && key?.type === "Identifier") {
    const cls = parent.parent?.parent;
    const className = (cls?.id as Node | undefined)?.name as string | undefined;
    return className ? `${className}.${key.name as string}` : (key.name as string);
  }
  if (parent?.type === "Property" && key?.type === "Identifier") return key.name as string;
  const declared = parent?.type === "VariableDeclarator" ? (parent.id as Node) : undefined;
  if (declared?.type === "Identifier") return declared.name as string;
  if (parent?.type === "CallExpression" && parent.callee !== fn) {
    const callee = sourceCode.getText(parent.callee as Node);
    if (callee.length <= 40) return `${callee}(...) callback`;
  }
  return "(anonymous)";
}
