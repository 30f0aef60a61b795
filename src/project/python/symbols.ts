/**
 * Where a name that one module imports is defined in the project: the file
 * and the module-level name, following `__init__.py` re-exports. What does not
 * lead to a project file (a library, a missing module) is null.
 */
import type { ImportRecord, PythonModuleFacts } from "./imports.js";
import type { PythonModuleIndex } from "./modules.js";

/** A module-level name of a project file; `name` null means the module itself. */
export interface ProjectSymbol {
  file: string;
  name: string | null;
}

export interface SymbolHost {
  readonly python: PythonModuleIndex;
  moduleFactsOf(file: string): PythonModuleFacts;
  /** Facts from a full parse: imports inside function bodies too. */
  factsOf(file: string): PythonModuleFacts;
}

/**
 * The project symbol a dotted name written in `file` refers to, through the
 * file's imports (module level first, then those inside functions, as in an app
 * factory) or its own module-level definitions: `posts.router`, `api_router`.
 */
export function symbolOfDotted(
  host: SymbolHost,
  file: string,
  dotted: string,
): ProjectSymbol | null {
  const [first, ...rest] = dotted.split(".");
  // Module-level imports come from the cheap parse the import graph shares; imports
  // inside functions (an app factory's) need the full one, read only when needed.
  const moduleLevel = host.moduleFactsOf(file);
  const found = bindingOf(host, file, moduleLevel, first, rest, false);
  if (found !== undefined) return found;
  if (moduleLevel.definitions.includes(first)) {
    return rest.length === 0 ? { file, name: first } : null;
  }
  const inFunctions = bindingOf(host, file, host.factsOf(file), first, rest, true);
  if (inFunctions !== undefined) return inFunctions;
  // A name bound inside a function (`app = FastAPI()` in an app factory) is local to the file.
  return rest.length === 0 ? { file, name: first } : null;
}

/** What the last import binding `first` leads to; undefined when no import binds it. */
function bindingOf(
  host: SymbolHost,
  file: string,
  facts: PythonModuleFacts,
  first: string,
  rest: string[],
  inFunction: boolean,
): ProjectSymbol | null | undefined {
  for (let i = facts.imports.length - 1; i >= 0; i--) {
    const record = facts.imports[i];
    if (record.inFunction !== inFunction) continue;
    if (record.kind === "import") {
      const bound = record.alias ?? record.module.split(".")[0];
      if (bound !== first) continue;
      return importedSymbol(host, file, record.alias ? record.module : first, null, rest);
    }
    if (record.wildcard) continue;
    const index = record.names.findIndex((n, j) => (record.aliases[j] ?? n) === first);
    if (index < 0) continue;
    return importedSymbol(host, file, record.module, record.names[index], rest);
  }
  return undefined;
}

/**
 * The project symbol `module`/`name` imported into `fromFile` refers to, then
 * `members` accessed on it (`posts.router` is module `app.routes.posts`, member
 * `router`). `module` may be relative (`.db`, `..`). Members can only be
 * followed through modules: an attribute of a class or object stays unresolved.
 */
export function importedSymbol(
  host: SymbolHost,
  fromFile: string,
  module: string,
  name: string | null,
  members: readonly string[] = [],
): ProjectSymbol | null {
  const level = module.length - module.replace(/^\.+/, "").length;
  const record = syntheticRecord(module, level, name);
  const facts = (file: string) => host.moduleFactsOf(file);
  const resolved = host.python.resolve(fromFile, record, facts);
  const target = resolved.targets[0];
  if (!target) return null;
  let current: ProjectSymbol;
  if (name === null) {
    current = { file: target.file, name: null };
  } else {
    const absolute = absoluteModule(host, fromFile, module, level);
    const submodule = absolute === null ? null : host.python.fileOf(`${absolute}.${name}`);
    current =
      submodule === target.file ? { file: submodule, name: null } : { file: target.file, name };
  }
  for (const member of members) {
    if (current.name !== null) return null;
    current = memberOfModule(host, current.file, member);
  }
  return current;
}

/** `member` of module `file`: a submodule of a package, a re-export, or a name defined there. */
function memberOfModule(host: SymbolHost, file: string, member: string): ProjectSymbol {
  const module = host.python.moduleOf(file);
  if (module !== null) {
    const submodule = host.python.fileOf(`${module}.${member}`);
    if (submodule !== null && file.endsWith("__init__.py")) return { file: submodule, name: null };
  }
  const facts = host.moduleFactsOf(file);
  // A name the module imports is defined where the import leads.
  for (let i = facts.imports.length - 1; i >= 0; i--) {
    const record = facts.imports[i];
    if (record.inFunction || record.kind !== "from" || record.wildcard) continue;
    const index = record.names.findIndex((n, j) => (record.aliases[j] ?? n) === member);
    if (index < 0) continue;
    return importedSymbol(host, file, record.module, record.names[index]) ?? { file, name: member };
  }
  return { file, name: member };
}

function absoluteModule(
  host: SymbolHost,
  fromFile: string,
  module: string,
  level: number,
): string | null {
  if (level === 0) return module;
  const own = host.python.moduleOf(fromFile);
  if (own === null) return null;
  const parts = own.split(".");
  // A package's __init__ is its package; a module's package is its parent.
  if (!fromFile.endsWith("__init__.py")) parts.pop();
  for (let i = 1; i < level; i++) parts.pop();
  const rest = module.slice(level);
  return [...parts, ...(rest ? [rest] : [])].join(".");
}

function syntheticRecord(module: string, level: number, name: string | null): ImportRecord {
  return {
    kind: name === null ? "import" : "from",
    module,
    level,
    names: name === null ? [] : [name],
    aliases: name === null ? [] : [null],
    alias: null,
    wildcard: false,
    typeCheckingOnly: false,
    inFunction: false,
    mainOnly: false,
    line: 0,
    column: 0,
    endLine: 0,
    endColumn: 0,
    start: 0,
    length: 0,
  };
}
