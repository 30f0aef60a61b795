/**
 * What counts as HTTP in fastapi and starlette: the names the rule looks for,
 * and the import bindings it follows through a module.
 */
import type {
  PyImport,
  PyImportFrom,
  PyModuleName,
  PyNodeBase,
} from "../../src/languages/python/nodes.js";

const FRAMEWORKS = new Set(["fastapi", "starlette"]);
export const EXCEPTIONS = new Set(["HTTPException", "WebSocketException"]);
/** Request and response classes, and the modules that hold them. */
const REQUESTS = new Set(["Request", "HTTPConnection", "WebSocket", "requests", "websockets"]);
const RESPONSES = new Set([
  "Response",
  "JSONResponse",
  "HTMLResponse",
  "PlainTextResponse",
  "RedirectResponse",
  "StreamingResponse",
  "FileResponse",
  "ORJSONResponse",
  "UJSONResponse",
  "responses",
]);
export const HTTP_OBJECTS = new Set([...REQUESTS, ...RESPONSES]);
export const DEPENDENCY_MARKERS = new Set(["Depends", "Security"]);

export interface HttpPart {
  /** Index of the HTTP-specific part in the dotted name (0: the framework itself, under strictImports). */
  index: number;
  reason: string;
}

/** The first part of a fastapi/starlette dotted name that is HTTP-specific, and why it belongs in routes. */
export function httpPart(dotted: string, strict: boolean): HttpPart | null {
  const parts = dotted.split(".");
  if (!FRAMEWORKS.has(parts[0])) return null;
  for (let index = 1; index < parts.length; index++) {
    const part = parts[index];
    if (EXCEPTIONS.has(part)) {
      return { index, reason: "HTTP errors belong in routes and exception handlers" };
    }
    if (part === "status") return { index, reason: "HTTP status codes belong in routes" };
    if (REQUESTS.has(part)) return { index, reason: "request objects belong in routes" };
    if (RESPONSES.has(part)) return { index, reason: "responses belong in routes" };
  }
  return strict ? { index: 0, reason: "the web framework belongs in routes" } : null;
}

/** `fastapi.x.Name` or `starlette.x.Name` with `Name` one of `names`. */
export function isFrameworkName(dotted: string | null | undefined, names: Set<string>): boolean {
  if (!dotted) return false;
  const parts = dotted.split(".");
  return parts.length > 1 && FRAMEWORKS.has(parts[0]) && names.has(parts[parts.length - 1]);
}

export const lastPart = (dotted: string) => dotted.slice(dotted.lastIndexOf(".") + 1);

/** One name a fastapi/starlette import statement binds, and the Names that use it. */
export interface Binding {
  statement: PyImport | PyImportFrom;
  /** The ImportAs/ImportFromAs node that Names resolve to; null for `*`. */
  node: PyNodeBase | null;
  /** The name it binds in the module; null for `*`. */
  local: string | null;
  /** `name` of `from module import name`; null for `import module` and `*`. */
  name: string | null;
  module: string;
  /** What the bound name stands for: `fastapi.status`, or `starlette` for `import starlette.requests`. */
  base: string;
  /** The Names that refer to it (a string annotation stands in for the names inside it). */
  uses: PyNodeBase[];
}

const moduleText = (m: PyModuleName) =>
  ".".repeat(m.d.leadingDots) + m.d.nameParts.map((p) => p.d.value).join(".");

/** The names an import statement binds from fastapi or starlette. */
export function frameworkBindings(statement: PyImport | PyImportFrom): Binding[] {
  if (statement.type === "Import") {
    return statement.d.list.flatMap((item) => {
      const module = moduleText(item.d.module);
      const alias = item.d.alias?.d.value;
      // `import a.b` binds `a`; `import a.b as c` binds `a.b`.
      const base = alias ? module : module.split(".")[0];
      if (!FRAMEWORKS.has(base.split(".")[0])) return [];
      return [{ statement, node: item, local: alias ?? base, name: null, module, base, uses: [] }];
    });
  }
  const module = moduleText(statement.d.module);
  if (!FRAMEWORKS.has(module.split(".")[0])) return [];
  if (statement.d.isWildcardImport) {
    return [{ statement, node: null, local: null, name: null, module, base: module, uses: [] }];
  }
  return statement.d.imports.map((item) => {
    const name = item.d.name.d.value;
    const local = item.d.alias?.d.value ?? name;
    return { statement, node: item, local, name, module, base: `${module}.${name}`, uses: [] };
  });
}

/** The longest `a.b.c` chain that starts at a Name: `fastapi.status.HTTP_404_NOT_FOUND`. */
export function chainFrom(name: PyNodeBase): PyNodeBase {
  let node = name;
  while (node.parent?.type === "MemberAccess" && node.parent.d.leftExpr === node) {
    node = node.parent;
  }
  return node;
}

/** The import finding for a binding: the name or module it brings in, and why that belongs in routes. */
export function describeImport(binding: Binding, dotted: string, hit: HttpPart) {
  if (binding.name !== null) {
    const data = { name: binding.name, module: binding.module, reason: hit.reason };
    return { messageId: "importsHttp" as const, data };
  }
  const module = dotted
    .split(".")
    .slice(0, hit.index + 1)
    .join(".");
  return { messageId: "importsHttpModule" as const, data: { module, reason: hit.reason } };
}
