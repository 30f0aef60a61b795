/**
 * FastAPI dependency providers of a project: every function some module names
 * in `Depends(x)` or `Security(x)` (in a signature, an `Annotated[...]` alias,
 * a decorator's `dependencies=[...]`), as `file#name`. A function used so is
 * request plumbing wherever it lives, even in a service module.
 */
import { forEachDescendant } from "../../languages/python/ast-utils.js";
import type { PyModule, PyName, PyNode } from "../../languages/python/nodes.js";
import { symbolOfDotted, type SymbolHost } from "./symbols.js";
import { dottedName } from "../../languages/python/ast-utils.js";

export interface ProviderHost extends SymbolHost {
  readonly pythonFiles: readonly string[];
  readText(file: string): string | null;
  parsedModule(file: string): { ast: PyModule } | null;
}

const MARKER = /\b(?:Depends|Security)\(/;
const CALLS = new Set(["Depends", "Security"]);

export function findDependencyProviders(host: ProviderHost): Set<string> {
  const providers = new Set<string>();
  for (const file of host.pythonFiles) {
    const text = host.readText(file);
    if (text === null || !MARKER.test(text)) continue;
    const parsed = host.parsedModule(file);
    if (!parsed) continue;
    forEachDescendant(parsed.ast, (node: PyNode) => {
      if (node.type !== "Call") return undefined;
      const callee = node.d.leftExpr as PyNode;
      const name =
        callee.type === "Name"
          ? (callee.d.value as string)
          : callee.type === "MemberAccess"
            ? (callee.d.member as PyName).d.value
            : null;
      if (name === null || !CALLS.has(name)) return undefined;
      const arg = (node.d.args as PyNode[]).find((a) => !a.d.name);
      const dotted = dottedName(arg?.d.valueExpr as PyNode | undefined);
      const symbol = dotted ? symbolOfDotted(host, file, dotted) : null;
      if (symbol?.name) providers.add(`${symbol.file}#${symbol.name}`);
      return undefined;
    });
  }
  return providers;
}
