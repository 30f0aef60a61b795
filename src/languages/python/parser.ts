/**
 * The only module that imports pyright. Everything pyright-specific (its parse
 * options, diagnostics, line table, node shapes) stays behind this file, so a
 * version bump touches one place plus the generated visitor keys.
 */
import { createRequire } from "node:module";
import type { PyComment, PyModule, PyNode } from "./nodes.js";
import { DEFAULT_PYTHON_VERSION, SUPPORTED_PYTHON_VERSIONS } from "./versions.js";

// pyright-internal is CommonJS without an `exports` map; deep requires are its public shape.
const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- pyright's untyped CommonJS modules */
interface Pyright {
  Parser: any;
  ParseOptions: any;
  DiagnosticSink: any;
  PythonVersion: any;
  convertOffsetToPosition: any;
}

/** The binder and what it needs: loaded by the first rule that resolves a name. */
interface PyrightBinder {
  Binder: any;
  Scope: any;
  AnalyzerNodeInfo: any;
  getScopeForNode: any;
  ExecutionEnvironment: any;
  getOffDiagnosticRuleSet: any;
  TextRangeDiagnosticSink: any;
  Uri: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

let loaded: Pyright | undefined;
/** Names of pyright's numeric node types, indexed by the number. */
const NODE_TYPE_NAMES: string[] = [];
/** pyright's ParseNodeType, by name. */
let T: Record<string, number> = {};

/**
 * pyright, loaded on the first Python file: about 0.1 s of start-up that a
 * TypeScript-only run (and each of its worker threads) never pays.
 */
function pyright(): Pyright {
  if (loaded) return loaded;
  const parseNodes = require("@zzzen/pyright-internal/dist/parser/parseNodes");
  T = parseNodes.ParseNodeType as Record<string, number>;
  for (const [name, value] of Object.entries(T)) {
    if (typeof value === "number") NODE_TYPE_NAMES[value] = name;
  }
  for (const name of RECORDED_TYPES) RECORDED_NODE_TYPES[T[name]] = 1;
  nameNodesAtCreation(parseNodes as Record<string, unknown>);
  const { Parser, ParseOptions } = require("@zzzen/pyright-internal/dist/parser/parser");
  loaded = {
    Parser,
    ParseOptions,
    DiagnosticSink: require("@zzzen/pyright-internal/dist/common/diagnosticSink").DiagnosticSink,
    PythonVersion: require("@zzzen/pyright-internal/dist/common/pythonVersion").PythonVersion,
    convertOffsetToPosition: require("@zzzen/pyright-internal/dist/common/positionUtils")
      .convertOffsetToPosition,
  };
  return loaded;
}

/**
 * Every node gets `type`, its node type name (what ESLint's visitors and
 * selectors match), when pyright creates it: each `XNode.create*` of
 * parseNodes is wrapped, and pyright's parser calls them through those
 * namespace objects. A separate pass over each finished tree cost 18% of
 * parsing (stdlib: 2.82 s against 2.37 s); naming at creation, 3%.
 * `test/languages/python/parser.test.ts` checks every node of every node type.
 */
function nameNodesAtCreation(parseNodes: Record<string, unknown>): void {
  for (const [name, namespace] of Object.entries(parseNodes)) {
    if (!name.endsWith("Node") || !namespace || typeof namespace !== "object") continue;
    const creators = namespace as Record<string, unknown>;
    for (const key of Object.keys(creators)) {
      const create = creators[key];
      if (!key.startsWith("create") || typeof create !== "function") continue;
      creators[key] =
        key === "create"
          ? function (this: unknown, ...args: unknown[]) {
              const node = create.apply(this, args) as {
                nodeType: number;
                type?: string;
                start: number;
              };
              node.type = NODE_TYPE_NAMES[node.nodeType];
              if (RECORDED_NODE_TYPES[node.nodeType] === 1) recorded.push(node.start);
              return node;
            }
          : // `ClassNode.createDummyForDecorators` (decorators on nothing) builds its name and suite inline.
            function (this: unknown, ...args: unknown[]) {
              const node = create.apply(this, args) as RawNode;
              nameInlineNodes(node);
              return node;
            };
    }
  }
}

/** Names a node and the nodes written inline in its fields, which no `create` named. */
function nameInlineNodes(node: RawNode): void {
  if (typeof node.type === "string") return;
  node.type = NODE_TYPE_NAMES[node.nodeType];
  for (const value of Object.values(node.d ?? {})) {
    if (value && typeof value === "object" && typeof (value as RawNode).nodeType === "number") {
      nameInlineNodes(value as RawNode);
    }
  }
}

/**
 * Expression node types rules listen to that are rare in a tree (`lambda`,
 * `yield`): where each starts is recorded as it is created, so the traversal
 * can leave out every expression that holds none (see `source-code.ts`).
 */
export const RECORDED_TYPES = ["Lambda", "Yield", "YieldFrom"] as const;
/** By pyright's numeric node type: 1 for the recorded ones. */
const RECORDED_NODE_TYPES = new Uint8Array(256);
/** Start offsets of the recorded nodes of the parse under way. */
let recorded: number[] = [];

let binderLoaded: PyrightBinder | undefined;

/** pyright's binder, loaded on first use: 50 ms of start-up a run whose rules resolve no name never pays. */
function pyrightBinder(): PyrightBinder {
  if (binderLoaded) return binderLoaded;
  pyright();
  const configOptions = require("@zzzen/pyright-internal/dist/common/configOptions");
  binderLoaded = {
    Binder: require("@zzzen/pyright-internal/dist/analyzer/binder").Binder,
    Scope: require("@zzzen/pyright-internal/dist/analyzer/scope").Scope,
    AnalyzerNodeInfo: require("@zzzen/pyright-internal/dist/analyzer/analyzerNodeInfo"),
    getScopeForNode: require("@zzzen/pyright-internal/dist/analyzer/scopeUtils").getScopeForNode,
    ExecutionEnvironment: configOptions.ExecutionEnvironment,
    getOffDiagnosticRuleSet: configOptions.getOffDiagnosticRuleSet,
    TextRangeDiagnosticSink: require("@zzzen/pyright-internal/dist/common/diagnosticSink")
      .TextRangeDiagnosticSink,
    Uri: require("@zzzen/pyright-internal/dist/common/uri/uri").Uri,
  };
  return binderLoaded;
}

export interface LineTable {
  count: number;
  getItemAt(index: number): { start: number; length: number };
}

export interface ParseSuccess {
  ok: true;
  ast: PyModule;
  comments: PyComment[];
  lines: LineTable;
  /** Opaque pyright results, for the binder glue in this file. */
  raw: unknown;
  /** Start offsets of the `RECORDED_TYPES` nodes, sorted. */
  recordedStarts: number[];
  /** No syntax error (with `keepErrors`, the tree may have been recovered from some). */
  clean: boolean;
}

export interface ParseFailure {
  ok: false;
  /** 1-based line and column, as ESLint prints them. */
  errors: { message: string; line: number; column: number }[];
}

export type ParseResult = ParseSuccess | ParseFailure;

export { DEFAULT_PYTHON_VERSION, SUPPORTED_PYTHON_VERSIONS };

/** The version a parse uses: the default for an unknown one (settings' "auto" unresolved). */
function effectiveVersion(version: string): string {
  const known = (SUPPORTED_PYTHON_VERSIONS as readonly string[]).includes(version);
  return known ? version : DEFAULT_PYTHON_VERSION;
}

function pythonVersion(version: string): unknown {
  const [major, minor] = effectiveVersion(version).split(".").map(Number);
  return pyright().PythonVersion.create(major, minor);
}

/** Error-category diagnostics only: pyright also reports warnings we do not want as fatal. */
const DIAGNOSTIC_ERROR = 0;

/**
 * Errors in pyright that CPython only warns about, so valid code would lose all
 * its findings: `return`/`break`/`continue` leaving a `finally` block (PEP 765,
 * a SyntaxWarning in 3.14).
 */
const CPYTHON_WARNINGS = /cannot be used to exit a "finally" block/;

/**
 * Parses Python source. Synchronous and never throws: every failure, including
 * pyright running out of stack on absurd nesting, becomes a parse error.
 *
 * Each node has `type`, its node type name, for ESLint's visitors and
 * selectors; its fields stay under `d`. Nodes are otherwise pyright's own.
 */
export function parsePython(
  text: string,
  options: {
    version?: string;
    keepErrors?: boolean;
    skipBodies?: boolean;
  } = {},
): ParseResult {
  const parseOptions = new (pyright().ParseOptions)();
  parseOptions.pythonVersion = pythonVersion(options.version ?? DEFAULT_PYTHON_VERSION);
  parseOptions.reportInvalidStringEscapeSequence = false;
  // Bodies of functions and classes are left out: for the import graph, 3x faster.
  parseOptions.skipFunctionAndClassBody = options.skipBodies ?? false;
  const sink = new (pyright().DiagnosticSink)();
  let results: {
    parserOutput: { parseTree: PyModule };
    tokenizerOutput: { tokens: TokenCollection; lines: LineTable };
  };
  recorded = [];
  try {
    // A content hash is pyright's cache key; we have no cache, so skip computing it (2% of a run).
    results = new (pyright().Parser)().parseSourceFile(text, parseOptions, sink, 0);
  } catch (error) {
    const message =
      error instanceof RangeError
        ? "Too deeply nested to parse (the parser ran out of stack)"
        : `Parser failed: ${(error as Error).message}`;
    return { ok: false, errors: [{ message, line: 1, column: 1 }] };
  }
  const diagnostics = (
    sink.fetchAndClear() as {
      category: number;
      message: string;
      range: { start: { line: number; character: number } };
    }[]
  ).filter((d) => d.category === DIAGNOSTIC_ERROR && !CPYTHON_WARNINGS.test(d.message));
  if (diagnostics.length > 0 && !options.keepErrors) {
    // The first error in source order is the one a person fixes first; later ones are often echoes.
    diagnostics.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
    const first = diagnostics[0];
    return {
      ok: false,
      errors: [
        {
          message: first.message,
          line: first.range.start.line + 1,
          column: first.range.start.character + 1,
        },
      ],
    };
  }
  const ast = results.parserOutput.parseTree;
  return {
    ok: true,
    ast,
    comments: collectComments(results.tokenizerOutput.tokens),
    lines: results.tokenizerOutput.lines,
    raw: results,
    recordedStarts: recorded.sort((a, b) => a - b),
    clean: diagnostics.length === 0,
  };
}

/** A parse made for the project model, waiting for ESLint's parse of the same file (`offerParse`). */
interface Offered {
  text: string;
  version: string;
  result: ParseSuccess;
  cache: Map<string, unknown>;
  /** Kept alive only by this offer (the project model does not keep the tree itself). */
  extra: boolean;
}

const offered = new Map<string, Offered>();
/**
 * Source characters of the `extra` offers kept at most (oldest dropped first):
 * a tree takes about 60 bytes per character, and a run that lints few files
 * never takes most offers (onyx: 760 migrations, 1.6 MB, kept 155 MB alive).
 */
const EXTRA_TEXT_BUDGET = 1_000_000;
let extraText = 0;

/**
 * Keeps a full, error-free parse the project model made of the file at `path`
 * (absolute) for ESLint's parse of the same file: the project reads route,
 * model and migration files before ESLint reaches them (dispatch: more time
 * than ESLint's own parses). `cache` is the tree's memo (its binding), shared
 * alike. `extra`: the project keeps no reference to the tree, so the offer alone
 * keeps it alive. Taken at most once; a later take with other text parses anew.
 */
export function offerParse(
  path: string,
  text: string,
  version: string,
  result: ParseSuccess,
  cache: Map<string, unknown>,
  extra = false,
): void {
  if (!result.clean) return;
  forget(path);
  offered.set(path, { text, version: effectiveVersion(version), result, cache, extra });
  if (!extra) return;
  extraText += text.length;
  for (const [oldest, offer] of offered) {
    if (extraText <= EXTRA_TEXT_BUDGET) break;
    if (offer.extra) forget(oldest);
  }
}

function forget(path: string): Offered | undefined {
  const found = offered.get(path);
  if (!found) return undefined;
  offered.delete(path);
  if (found.extra) extraText -= found.text.length;
  return found;
}

/** The parse offered for this file, this text and version, if any (and forgets it). */
export function takeParse(
  path: string,
  text: string,
  version: string,
): { result: ParseSuccess; cache: Map<string, unknown> } | null {
  const found = forget(path);
  if (!found) return null;
  if (found.text !== text || found.version !== effectiveVersion(version)) return null;
  return { result: found.result, cache: found.cache };
}

interface TokenCollection {
  count: number;
  getItemAt(index: number): { comments?: { start: number; length: number; value: string }[] };
}

function collectComments(tokens: TokenCollection): PyComment[] {
  const comments: PyComment[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const attached = tokens.getItemAt(i).comments;
    if (!attached) continue;
    for (const c of attached) {
      // pyright's comment range starts after the `#`; ours covers the whole comment.
      comments.push({ type: "Comment", value: c.value, start: c.start - 1, length: c.length + 1 });
    }
  }
  return comments;
}

/** 0-based line and UTF-16 column of an offset, from pyright's line table. */
export function offsetToPosition(
  offset: number,
  lines: LineTable,
): { line: number; column: number } {
  const position = pyright().convertOffsetToPosition(offset, lines) as {
    line: number;
    character: number;
  };
  return { line: position.line, column: position.character };
}

// ---------------------------------------------------------------------------
// Name resolution: pyright's binder on an already parsed tree.
//
// The binder runs without a Program, import resolver, filesystem or typeshed:
// every import is marked "not found" before binding (the binder asserts that
// each imported module name has an import result), builtins come from a name
// list, and the scopes and declarations it builds are mapped to plain objects
// below, so no pyright type leaves this file. These are pyright's internal,
// non-semver APIs: the version is pinned and `test/languages/python/scope.test.ts`
// covers this glue.
// ---------------------------------------------------------------------------

/**
 * `Constant.constType` of `None` (KeywordType.None), and `BinaryOperation.operator`
 * of `|` (OperatorType.BitwiseOr), for annotation helpers; scope.test.ts checks
 * them against pyright's enums.
 */
export const KEYWORD_NONE = 27;
export const OPERATOR_BITWISE_OR = 6;

/** What a Name refers to, in plain terms. */
export type Resolved =
  | {
      kind: "import";
      /** Dotted module name; relative imports keep their leading dots (`.models`, `..`). */
      module: string;
      /** The imported symbol for `from m import name`; null when the name is the module itself. */
      name: string | null;
      alias: string | null;
      /** The ImportAs or ImportFromAs node. */
      node: PyNode;
    }
  | { kind: "parameter"; annotation: PyNode | undefined; node: PyNode; function: PyNode }
  | {
      kind: "variable";
      /** The target Name of the binding assignment (or the declaring node for other forms). */
      node: PyNode;
      /** The right-hand side of `x = expr`, `x: T = expr`, `(x := expr)`, `type X = expr`. */
      assignedValue: PyNode | undefined;
      annotation: PyNode | undefined;
    }
  | { kind: "function" | "class"; node: PyNode }
  | { kind: "builtin" | "unresolved"; name: string };

declare const bindingBrand: unique symbol;
/** One file's bound scopes; opaque outside this file. */
export interface Binding {
  readonly [bindingBrand]: true;
}

interface BindingState {
  nodeInfo: { getScope(node: unknown): unknown };
  moduleNode: unknown;
}

interface RawResults {
  parserOutput: {
    parseTree: RawNode;
    futureImports: Set<string>;
    typingSymbolAliases: Map<string, string>;
    importedModules: { nameNode: RawNode; leadingDots: number; nameParts: string[] }[];
  };
  tokenizerOutput: { lines: LineTable };
}

/** pyright's node as the glue reads it (`d` holds the fields). */
interface RawNode {
  nodeType: number;
  /** The node type's name (set as pyright creates the node). */
  type?: string;
  start: number;
  length: number;
  parent: RawNode | undefined;
  d: Record<string, unknown>;
}

interface RawDeclaration {
  type: number;
  node: RawNode;
  isInExceptSuite: boolean;
  isDefinedByMemberAccess?: boolean;
  typeAnnotationNode?: RawNode;
  symbolName?: string;
  firstNamePart?: string;
}

interface RawScope {
  type: number;
  lookUpSymbolRecursive(
    name: string,
  ): { symbol: { getDeclarations(): RawDeclaration[] }; scope: RawScope } | undefined;
}

/** pyright's DeclarationType (a const enum, so not in the JavaScript). */
const Decl = {
  Intrinsic: 0,
  Variable: 1,
  Param: 2,
  TypeParam: 3,
  TypeAlias: 4,
  Function: 5,
  Class: 6,
  SpecialBuiltInClass: 7,
  Alias: 8,
} as const;

/** pyright's ScopeType.Builtin. */
const SCOPE_BUILTIN = 5;

/**
 * Shared, empty builtins scope: with none, the binder would treat the file as
 * the builtins module itself. Builtin names are recognised by `BUILTIN_NAMES`.
 */
let builtinsScope: unknown;
let ruleSet: unknown;

/** `dir(builtins)` of CPython 3.11 without private names, plus later additions. */
const BUILTIN_NAMES = new Set(
  (
    "ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup " +
    "BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError " +
    "ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError " +
    "DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception " +
    "ExceptionGroup FileExistsError FileNotFoundError FloatingPointError FutureWarning " +
    "GeneratorExit IOError ImportError ImportWarning IndentationError IndexError " +
    "InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError " +
    "ModuleNotFoundError NameError NotADirectoryError NotImplemented NotImplementedError " +
    "OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError " +
    "PythonFinalizationError RecursionError ReferenceError ResourceWarning RuntimeError " +
    "RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError " +
    "SystemExit TabError TimeoutError TypeError UnboundLocalError UnicodeDecodeError " +
    "UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning " +
    "ValueError Warning WindowsError ZeroDivisionError __build_class__ __debug__ __import__ " +
    "abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr " +
    "classmethod compile complex copyright credits delattr dict dir divmod enumerate eval " +
    "exec exit filter float format frozenset getattr globals hasattr hash help hex id input " +
    "int isinstance issubclass iter len license list locals map max memoryview min next " +
    "object oct open ord pow print property quit range repr reversed round set setattr " +
    "slice sorted staticmethod str sum super tuple type vars zip"
  ).split(" "),
);

/**
 * Runs pyright's binder over a tree from `parsePython`.
 * Never throws: returns null when binding fails.
 */
export function bindModule(
  raw: unknown,
  moduleName = "",
  version: string = DEFAULT_PYTHON_VERSION,
): Binding | null {
  try {
    const results = raw as RawResults;
    const output = results.parserOutput;
    const tree = output.parseTree;
    const store = new NodeInfoStore();
    const nodeInfo = pyrightBinder().AnalyzerNodeInfo.createAnalyzerNodeInfoAccessor(store, store);
    for (const imported of output.importedModules) {
      // Where pyright's SourceFile puts the result: on the ModuleName, or on the name part
      // for implicit imports of a parent package.
      const parts = imported.nameNode.d.nameParts as RawNode[];
      const target =
        imported.nameParts.length === parts.length
          ? imported.nameNode
          : parts[imported.nameParts.length - 1];
      if (target) nodeInfo.setImportInfo(target, importNotFound(imported.leadingDots > 0));
    }
    ruleSet ??= pyrightBinder().getOffDiagnosticRuleSet();
    builtinsScope ??= new (pyrightBinder().Scope)(SCOPE_BUILTIN);
    const lines = results.tokenizerOutput.lines;
    const fileInfo = {
      importLookup: () => undefined,
      futureImports: output.futureImports,
      builtinsScope,
      diagnosticSink: new (pyrightBinder().TextRangeDiagnosticSink)(lines),
      executionEnvironment: new (pyrightBinder().ExecutionEnvironment)(
        "layerlint",
        pyrightBinder().Uri.empty(),
        ruleSet,
        pythonVersion(version),
        undefined,
        undefined,
      ),
      diagnosticRuleSet: ruleSet,
      lines,
      typingSymbolAliases: output.typingSymbolAliases,
      definedConstants: new Map(),
      fileId: "",
      fileUri: pyrightBinder().Uri.empty(),
      moduleName,
      isStubFile: false,
      isTypingStubFile: false,
      isTypingExtensionsStubFile: false,
      isTypeshedStubFile: false,
      isBuiltInStubFile: false,
      isInPyTypedPackage: false,
      ipythonMode: 0,
      accessedSymbolSet: new Set(),
    };
    nodeInfo.setFileInfo(tree, fileInfo);
    new (pyrightBinder().Binder)(fileInfo, false, undefined, nodeInfo).bindModule(tree);
    if (!nodeInfo.getScope(tree)) return null;
    const state: BindingState = { nodeInfo, moduleNode: tree };
    return state as unknown as Binding;
  } catch {
    return null;
  }
}

/**
 * pyright's AnalyzerNodeInfoWriter for one tree. Its own store keys node info
 * by WeakMap per tree; one binding is one tree that lives as long as its source
 * code, so a plain Map does, and binds 5-10% faster (measured on the stdlib).
 */
class NodeInfoStore {
  readonly #infos = new Map<unknown, object>();
  #fileInfo: unknown;
  get(node: unknown): object | undefined {
    return this.#infos.get(node);
  }
  getOrCreate(node: unknown): object {
    let info = this.#infos.get(node);
    if (!info) {
      info = {};
      this.#infos.set(node, info);
    }
    return info;
  }
  getFileInfo(): unknown {
    return this.#fileInfo;
  }
  setFileInfo(_root: unknown, fileInfo: unknown): void {
    this.#fileInfo = fileInfo;
  }
}

function importNotFound(isRelative: boolean): unknown {
  return {
    // An empty name keeps the binder from formatting a "could not be resolved" message per import.
    importName: "",
    isRelative,
    isImportFound: false,
    isPartlyResolved: false,
    isNamespacePackage: false,
    isInitFilePresent: false,
    isStubPackage: false,
    importType: 2, // ImportType.Local: no "stub file not found" check
    resolvedUris: [],
    isStubFile: false,
    isNativeLib: false,
    implicitImports: new Map(),
    filteredImplicitImports: new Map(),
  };
}

/**
 * What a Name node refers to, by Python's scoping rules as pyright's binder
 * models them. Null for Names that are not references (the member of `a.b`, a
 * keyword argument's name, parts of a dotted module name) or when the lookup fails.
 */
export function lookupName(binding: Binding, nameNode: PyNode): Resolved | null {
  try {
    const state = binding as unknown as BindingState;
    const name = nameNode as unknown as RawNode;
    if (name.nodeType !== T.Name || !isReference(name)) return null;
    const value = name.d.value as string;
    const scope = pyrightBinder().getScopeForNode(name, state.nodeInfo) as RawScope | undefined;
    if (!scope) return null;
    const found = scope.lookUpSymbolRecursive(value);
    if (!found || found.scope.type === SCOPE_BUILTIN) {
      return { kind: BUILTIN_NAMES.has(value) ? "builtin" : "unresolved", name: value };
    }
    const declarations = found.symbol
      .getDeclarations()
      .filter((d) => !(d.type === Decl.Variable && d.isDefinedByMemberAccess));
    const chosen = chooseDeclaration(declarations, name);
    if (!chosen) return { kind: "unresolved", name: value };
    return toResolved(chosen, declarations, value);
  } catch {
    return null;
  }
}

function isReference(name: RawNode): boolean {
  const parent = name.parent;
  if (!parent) return false;
  if (parent.nodeType === T.MemberAccess) return parent.d.member !== name;
  if (parent.nodeType === T.Argument) return parent.d.name !== name;
  if (parent.nodeType === T.ModuleName) {
    // `a` in `import a.b` binds a name; other parts, and `from` modules, do not.
    const owner = parent.parent;
    return (
      owner?.nodeType === T.ImportAs &&
      !owner.d.alias &&
      (parent.d.nameParts as RawNode[])[0] === name
    );
  }
  // `b` in `from a import b as c` is the imported name, not a local one.
  if (parent.nodeType === T.ImportFromAs) return !(parent.d.alias && parent.d.name === name);
  return true;
}

/**
 * Without flow analysis: the declaration that took effect last before the use,
 * else the first. Declarations in `except` suites (fallback imports) count only
 * when there is nothing else, as in pyright's own hover.
 */
function chooseDeclaration(
  declarations: RawDeclaration[],
  use: RawNode,
): RawDeclaration | undefined {
  const primary = declarations.filter((d) => !d.isInExceptSuite);
  const candidates = primary.length > 0 ? primary : declarations;
  let chosen: RawDeclaration | undefined;
  let chosenAt = -1;
  for (const decl of candidates) {
    if (decl.node === use && use.parent?.nodeType !== T.AugmentedAssignment) return decl;
    const at = effectiveOffset(decl);
    if (at <= use.start && at >= chosenAt) {
      chosen = decl;
      chosenAt = at;
    }
  }
  return chosen ?? candidates[0];
}

/** Where a binding takes effect: after its assignment, since `x = x + 1` reads the old `x`. */
function effectiveOffset(decl: RawDeclaration): number {
  if (decl.type !== Decl.Variable) return decl.node.start;
  let node = decl.node;
  while (
    node.parent &&
    (node.parent.nodeType === T.Tuple ||
      node.parent.nodeType === T.List ||
      node.parent.nodeType === T.Unpack ||
      node.parent.nodeType === T.TypeAnnotation)
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  if (
    parent &&
    (parent.nodeType === T.Assignment ||
      parent.nodeType === T.AugmentedAssignment ||
      parent.nodeType === T.AssignmentExpression)
  ) {
    return parent.start + parent.length;
  }
  return decl.node.start;
}

function toResolved(decl: RawDeclaration, all: RawDeclaration[], value: string): Resolved | null {
  const node = decl.node;
  switch (decl.type) {
    case Decl.Alias:
      return aliasToResolved(decl);
    case Decl.Param:
      return {
        kind: "parameter",
        annotation: (node.d.annotation ?? node.d.annotationComment) as PyNode | undefined,
        node: node as unknown as PyNode,
        function: node.parent as unknown as PyNode,
      };
    case Decl.Variable: {
      // A declared type applies to every assignment of the name.
      const annotated = decl.typeAnnotationNode
        ? decl
        : all.find((d) => d.type === Decl.Variable && d.typeAnnotationNode);
      return {
        kind: "variable",
        node: node as unknown as PyNode,
        assignedValue: assignedValue(node),
        annotation: annotated?.typeAnnotationNode as unknown as PyNode | undefined,
      };
    }
    case Decl.TypeParam:
      return {
        kind: "variable",
        node: node.d.name as PyNode,
        assignedValue: undefined,
        annotation: undefined,
      };
    case Decl.TypeAlias:
      return {
        kind: "variable",
        node: node.d.name as PyNode,
        assignedValue: node.d.expr as PyNode,
        annotation: undefined,
      };
    case Decl.Function:
      return { kind: "function", node: node as unknown as PyNode };
    case Decl.Class:
      return { kind: "class", node: node as unknown as PyNode };
    case Decl.Intrinsic:
      // Module attributes such as `__name__` and `__file__`, and `__class__` in methods.
      return { kind: "builtin", name: value };
    default:
      return null;
  }
}

function aliasToResolved(decl: RawDeclaration): Resolved | null {
  const node = decl.node;
  if (node.nodeType === T.ImportAs) {
    const module = node.d.module as RawNode;
    const alias = node.d.alias as RawNode | undefined;
    const parts = (module.d.nameParts as RawNode[]).map((p) => p.d.value as string);
    return {
      kind: "import",
      // `import a.b` binds `a`, the top package; `import a.b as c` binds `a.b`.
      module: alias ? moduleText(module) : (decl.firstNamePart ?? parts[0]),
      name: null,
      alias: alias ? (alias.d.value as string) : null,
      node: node as unknown as PyNode,
    };
  }
  if (node.nodeType === T.ImportFromAs && node.parent?.nodeType === T.ImportFrom) {
    const alias = node.d.alias as RawNode | undefined;
    return {
      kind: "import",
      module: moduleText(node.parent.d.module as RawNode),
      name: decl.symbolName ?? ((node.d.name as RawNode).d.value as string),
      alias: alias ? (alias.d.value as string) : null,
      node: node as unknown as PyNode,
    };
  }
  return null;
}

function moduleText(module: RawNode): string {
  const parts = (module.d.nameParts as RawNode[]).map((p) => p.d.value as string);
  return ".".repeat(module.d.leadingDots as number) + parts.join(".");
}

/** The value bound by `x = v`, `x: T = v`, `(x := v)`; undefined for other binding forms. */
function assignedValue(target: RawNode): PyNode | undefined {
  let node = target;
  let parent = node.parent;
  if (parent?.nodeType === T.TypeAnnotation && parent.d.valueExpr === node) {
    node = parent;
    parent = node.parent;
  }
  if (parent?.nodeType === T.Assignment && parent.d.leftExpr === node) {
    // pyright nests chained assignments (`a = b = v`): the value is the innermost right side.
    let value = parent.d.rightExpr as RawNode;
    while (value.nodeType === T.Assignment) value = value.d.rightExpr as RawNode;
    return value as unknown as PyNode;
  }
  if (parent?.nodeType === T.AssignmentExpression && parent.d.name === node) {
    return parent.d.rightExpr as PyNode;
  }
  return undefined;
}
