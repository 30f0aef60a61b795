/**
 * The import statements (and top-level names) of one parsed Python module.
 * Walks statements only, never expressions: imports are always statements.
 *
 * It reads pyright's node shape (`nodeType` and `d`).
 */
import type { PyModule } from "../../languages/python/nodes.js";
import { offsetToPosition, parsePython, type LineTable } from "../../languages/python/parser.js";

export interface ImportRecord {
  /** `import a.b` or `from a.b import c`. */
  kind: "import" | "from";
  /** Dotted module, with the leading dots of a relative import: `app.core`, `.models`, `..`. */
  module: string;
  /** Number of leading dots (0 for absolute imports). */
  level: number;
  /** From-imports: the imported names as written before any `as` (`*` for a wildcard). */
  names: string[];
  /** From-imports: the `as` name of each entry of `names`, or null. */
  aliases: (string | null)[];
  /** `import a.b as c`: `c`. */
  alias: string | null;
  wildcard: boolean;
  /** Inside `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:` (not its `else`). */
  typeCheckingOnly: boolean;
  /** Inside a function or method body: runs on call, not on import. */
  inFunction: boolean;
  /** Inside `if __name__ == "__main__":`: runs only when the file is executed as a script. */
  mainOnly: boolean;
  /** 1-based line, 0-based UTF-16 column (ESLint's convention) of the statement. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** UTF-16 offset and length of the statement (or of the `a.b as c` entry of a multi-module `import`). */
  start: number;
  length: number;
}

/** What an import statement (or entry) says, and under which block. */
export type ImportStatement = Pick<
  ImportRecord,
  | "kind"
  | "module"
  | "level"
  | "names"
  | "aliases"
  | "alias"
  | "wildcard"
  | "typeCheckingOnly"
  | "inFunction"
  | "mainOnly"
>;

/** An import record: the statement, its 0-based start and end positions, and its offsets. */
export function importRecord(
  statement: ImportStatement,
  from: { line: number; column: number },
  to: { line: number; column: number },
  start: number,
  end: number,
): ImportRecord {
  return {
    ...statement,
    line: from.line + 1,
    column: from.column,
    endLine: to.line + 1,
    endColumn: to.column,
    start,
    length: end - start,
  };
}

export interface PythonModuleFacts {
  /** In source order. */
  imports: ImportRecord[];
  /** Names bound at module level by `class`, `def`, assignments and annotations (not imports). */
  definitions: string[];
}

interface ParsedModule {
  ast: PyModule;
  lines: LineTable;
}

/** pyright's node as parsed: a numeric type and its fields under `d`. */
interface RawNode {
  nodeType: number;
  start: number;
  length: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pyright's field bags, typed per use below
  d: any;
}

const NEEDED = [
  "StatementList",
  "Suite",
  "Import",
  "ImportFrom",
  "Name",
  "MemberAccess",
  "If",
  "Try",
  "For",
  "While",
  "With",
  "Match",
  "Function",
  "Class",
  "Assignment",
  "TypeAnnotation",
  "TypeAlias",
  "Tuple",
  "List",
  "Unpack",
  "BinaryOperation",
  "StringList",
] as const;

/** The numbers the walk needs: node types, and the `==` operator. */
type Probed = Record<(typeof NEEDED)[number], number> & { Equals: number };

/** One statement of every kind the walk distinguishes. */
const PROBE = `import a
from b import c
if x:
    pass
try:
    pass
except E:
    pass
for i in y:
    pass
while z:
    pass
with w:
    pass
match v:
    case 1:
        pass
def f(): pass
class K: pass
q = r.s
t: int = 1
u, [*o] = 1, [2]
type A = int
if __name__ == "__main__":
    pass
`;

let probed: Probed | null = null;

/**
 * pyright's numeric node types, learned once from a parse of
 * `PROBE` rather than copied from its (version-specific) enum, so only the
 * parser adapter imports pyright.
 */
function types(): Probed {
  if (probed) return probed;
  const parsed = parsePython(PROBE);
  if (!parsed.ok) throw new Error("layerlint: the parser rejected its own probe");
  const found: Record<string, number> = {};
  let equals: number | undefined;
  const stack: unknown[] = [parsed.ast];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop() as { type?: string; nodeType?: number; d?: Record<string, unknown> };
    if (!node || typeof node !== "object" || typeof node.nodeType !== "number") continue;
    if (seen.has(node)) continue;
    seen.add(node);
    found[node.type!] = node.nodeType;
    if (node.type === "BinaryOperation") equals = node.d!.operator as number;
    for (const value of Object.values(node.d ?? {})) {
      if (Array.isArray(value)) stack.push(...value);
      else if (value && typeof value === "object") stack.push(value);
    }
  }
  for (const name of NEEDED) {
    if (found[name] === undefined) throw new Error(`layerlint: no ${name} node in the probe`);
  }
  if (equals === undefined) throw new Error("layerlint: no == in the probe");
  probed = { ...(found as Record<(typeof NEEDED)[number], number>), Equals: equals };
  return probed;
}

/** An import statement without its block flags. */
export type ImportSpec = Omit<ImportStatement, "typeCheckingOnly" | "inFunction" | "mainOnly">;

/** `import a.b [as c]`. */
export function plainImport(module: string, alias: string | null): ImportSpec {
  return { kind: "import", module, level: 0, names: [], aliases: [], alias, wildcard: false };
}

/** `from m import ...`. */
export function fromImport(
  module: string,
  level: number,
  names: string[],
  aliases: (string | null)[],
  wildcard: boolean,
): ImportSpec {
  return { kind: "from", module, level, names, aliases, alias: null, wildcard };
}

interface Frame {
  node: RawNode;
  inFunction: boolean;
  inClass: boolean;
  typeChecking: boolean;
  mainOnly: boolean;
}

function moduleText(name: RawNode): string {
  let text = ".".repeat(name.d.leadingDots);
  const parts = name.d.nameParts as RawNode[];
  for (let i = 0; i < parts.length; i++) text += (i > 0 ? "." : "") + parts[i].d.value;
  return text;
}

/**
 * Imports and module-level definitions of a parsed module. Never throws on a
 * recovered tree with error nodes.
 */
export function extractModuleFacts(parsed: ParsedModule): PythonModuleFacts {
  const T = types();
  const imports: ImportRecord[] = [];
  const definitions: string[] = [];
  const { lines } = parsed;

  const isTypeCheckingTest = (test: RawNode | undefined): boolean => {
    if (!test) return false;
    if (test.nodeType === T.Name) return test.d.value === "TYPE_CHECKING";
    if (test.nodeType === T.MemberAccess) return test.d.member.d.value === "TYPE_CHECKING";
    return false;
  };

  const isDunderName = (node: RawNode): boolean =>
    node.nodeType === T.Name && node.d.value === "__name__";
  const isMainString = (node: RawNode): boolean =>
    node.nodeType === T.StringList &&
    node.d.strings.length === 1 &&
    node.d.strings[0].d.value === "__main__";
  const isMainGuard = (test: RawNode | undefined): boolean => {
    if (!test || test.nodeType !== T.BinaryOperation || test.d.operator !== T.Equals) return false;
    const { leftExpr: left, rightExpr: right } = test.d;
    return (
      (isDunderName(left) && isMainString(right)) || (isMainString(left) && isDunderName(right))
    );
  };

  const collectTargets = (target: RawNode | undefined): void => {
    if (!target) return;
    const type = target.nodeType;
    if (type === T.Name) definitions.push(target.d.value);
    else if (type === T.TypeAnnotation) collectTargets(target.d.valueExpr);
    else if (type === T.Tuple || type === T.List) {
      for (const item of target.d.items as RawNode[]) collectTargets(item);
    } else if (type === T.Unpack) collectTargets(target.d.expr);
  };

  const record = (node: RawNode, frame: Frame, statement: ImportSpec): void => {
    const { typeChecking: typeCheckingOnly, inFunction, mainOnly } = frame;
    imports.push(
      importRecord(
        { ...statement, typeCheckingOnly, inFunction, mainOnly },
        offsetToPosition(node.start, lines),
        offsetToPosition(node.start + node.length, lines),
        node.start,
        node.start + node.length,
      ),
    );
  };

  const stack: Frame[] = [];
  const push = (node: RawNode | undefined, frame: Frame): void => {
    if (node && typeof node === "object") {
      stack.push({
        node,
        inFunction: frame.inFunction,
        inClass: frame.inClass,
        typeChecking: frame.typeChecking,
        mainOnly: frame.mainOnly,
      });
    }
  };
  const pushAll = (nodes: RawNode[] | undefined, frame: Frame): void => {
    if (!Array.isArray(nodes)) return;
    for (let i = nodes.length - 1; i >= 0; i--) push(nodes[i], frame);
  };
  const root = parsed.ast as unknown as RawNode;
  pushAll(root.d.statements, {
    node: root,
    inFunction: false,
    inClass: false,
    typeChecking: false,
    mainOnly: false,
  });

  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    const d = node.d;
    if (!d) continue;
    const topLevel = !frame.inFunction && !frame.inClass;
    switch (node.nodeType) {
      case T.StatementList:
      case T.Suite:
        pushAll(d.statements, frame);
        break;
      case T.Import: {
        const list = d.list as RawNode[];
        for (const entry of list) {
          // `import` with a syntax error has an empty module name.
          if (entry.d.module.d.nameParts.length === 0) continue;
          const alias = entry.d.alias ? (entry.d.alias.d.value as string) : null;
          const target = list.length === 1 ? node : entry;
          record(target, frame, plainImport(moduleText(entry.d.module), alias));
        }
        break;
      }
      case T.ImportFrom: {
        const level = d.module.d.leadingDots as number;
        if (level === 0 && d.module.d.nameParts.length === 0) break;
        const wildcard = d.isWildcardImport === true;
        const entries = d.imports as RawNode[];
        if (!wildcard && entries.length === 0) break; // `from a import` with a syntax error
        const names = wildcard ? ["*"] : entries.map((i) => i.d.name.d.value as string);
        const aliases = wildcard
          ? [null]
          : entries.map((i) => (i.d.alias ? (i.d.alias.d.value as string) : null));
        record(node, frame, fromImport(moduleText(d.module), level, names, aliases, wildcard));
        break;
      }
      case T.If:
        push(d.elseSuite, frame);
        push(d.ifSuite, {
          ...frame,
          typeChecking: frame.typeChecking || isTypeCheckingTest(d.testExpr),
          mainOnly: frame.mainOnly || isMainGuard(d.testExpr),
        });
        break;
      case T.Try:
        push(d.finallySuite, frame);
        push(d.elseSuite, frame);
        for (let i = (d.exceptClauses?.length ?? 0) - 1; i >= 0; i--) {
          push(d.exceptClauses[i].d.exceptSuite, frame);
        }
        push(d.trySuite, frame);
        break;
      case T.For:
        push(d.elseSuite, frame);
        push(d.forSuite, frame);
        break;
      case T.While:
        push(d.elseSuite, frame);
        push(d.whileSuite, frame);
        break;
      case T.With:
        push(d.suite, frame);
        break;
      case T.Match:
        for (let i = (d.cases?.length ?? 0) - 1; i >= 0; i--) push(d.cases[i].d.suite, frame);
        break;
      case T.Function:
        if (topLevel) definitions.push(d.name.d.value);
        push(d.suite, { ...frame, inFunction: true });
        break;
      case T.Class:
        if (topLevel) definitions.push(d.name.d.value);
        push(d.suite, { ...frame, inClass: true });
        break;
      case T.Assignment:
        // `a = b = 1` nests: the outer node's rightExpr is the inner assignment.
        if (!topLevel) break;
        for (let a: RawNode | undefined = node; a?.nodeType === T.Assignment; a = a.d.rightExpr) {
          collectTargets(a.d.leftExpr);
        }
        break;
      case T.TypeAnnotation:
        if (topLevel) collectTargets(d.valueExpr);
        break;
      case T.TypeAlias:
        if (topLevel) definitions.push(d.name.d.value);
        break;
      default:
        break;
    }
  }
  return { imports, definitions: [...new Set(definitions)] };
}

/** The import records of a parsed module, in source order. */
export function extractImports(parsed: ParsedModule): ImportRecord[] {
  return extractModuleFacts(parsed).imports;
}
