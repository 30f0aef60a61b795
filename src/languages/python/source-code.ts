import { ConfigCommentParser, Directive, TextSourceCodeBase } from "@eslint/plugin-kit";
import type {
  DirectiveType,
  FileProblem,
  RulesConfig,
  SourceLocation,
  TraversalStep,
} from "@eslint/core";
import type { PyComment, PyModule, PyNode, PyNodeBase } from "./nodes.js";
import { offsetToPosition, RECORDED_TYPES, type LineTable } from "./parser.js";
import { visitorKeys } from "./visitor-keys.js";

type InlineConfigElement = { config: { rules: RulesConfig }; loc: SourceLocation };

const commentParser = new ConfigCommentParser();
const INLINE_CONFIG = /^\s*eslint(?:-enable|-disable(?:(?:-next)?-line)?)?(?:\s|$)/u;

type Locatable = { start: number; length: number };

export interface PythonSourceCodeInit {
  text: string;
  ast: PyModule;
  comments: PyComment[];
  lines: LineTable;
  /** Opaque parse results, kept for the binder (name resolution runs only when a rule asks). */
  raw: unknown;
  /** Visit only the node types rules say they listen to (see `listen`). */
  visitListenedOnly?: boolean;
  /** Where the parser's `RECORDED_TYPES` nodes start, sorted (absent: walk every expression). */
  recordedStarts?: number[];
  /** The tree's memo, when another reader of the same tree started one (the project model). */
  cache?: Map<string, unknown>;
}

/** The node types the rules listen to, entering and leaving; `all` when any selector is more than a type. */
interface Listened {
  all: boolean;
  enter: Set<string>;
  exit: Set<string>;
  /** See `PythonSourceCodeInit.recordedStarts`. */
  recordedStarts: number[] | null;
}

/**
 * Node types found only in statement positions, under a chain of such nodes up
 * to the module: a rule listening to nothing else (and to `RECORDED_TYPES`)
 * needs no step inside an expression that holds no recorded node.
 */
const STATEMENT_LEVEL = new Set([
  "Module",
  "Suite",
  "StatementList",
  "If",
  "While",
  "For",
  "Try",
  "Except",
  "With",
  "Function",
  "Class",
  "Match",
  "Case",
  "Return",
  "Raise",
  "Import",
  "ImportFrom",
  "Pass",
  "Break",
  "Continue",
  "Del",
  "Global",
  "Nonlocal",
  "Assert",
  "TypeAlias",
]);
const RECORDED = new Set<string>(RECORDED_TYPES);
/** `STATEMENT_LEVEL` by pyright's numeric node type, looked up once per type: 1, 0, or -1 unknown. */
const statementLevelByNodeType = new Int8Array(256).fill(-1);

const SIMPLE_SELECTOR = /^([A-Za-z]+)(:exit)?$/;

export class PythonSourceCode extends TextSourceCodeBase<{
  LangOptions: Record<string, unknown>;
  RootNode: PyModule;
  SyntaxElementWithLoc: Locatable;
  ConfigNode: PyComment;
}> {
  override ast: PyModule;
  readonly comments: PyComment[];
  readonly visitorKeys = visitorKeys;
  /** pyright's parse results; `scope.ts` binds them lazily. */
  readonly parseResults: unknown;
  /** pyright's line table (offsets of line starts), for offset-to-position conversions. */
  readonly lineTable: LineTable;
  #inlineConfigComments: PyComment[] | undefined;
  /**
   * Per-file memo for helpers that derive facts from this tree (name resolution,
   * etc.); the project model's, when the tree is the one it parsed.
   */
  readonly cache: Map<string, unknown>;
  readonly #listened: Listened;

  constructor({
    text,
    ast,
    comments,
    lines,
    raw,
    visitListenedOnly,
    recordedStarts,
    cache,
  }: PythonSourceCodeInit) {
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.ast = ast;
    this.comments = comments;
    this.lineTable = lines;
    this.parseResults = raw;
    this.cache = cache ?? new Map();
    this.#listened = {
      all: !visitListenedOnly,
      enter: new Set(),
      exit: new Set(),
      recordedStarts: recordedStarts ?? null,
    };
  }

  /**
   * Lets go of the tree and what was parsed with it, once ESLint is done with
   * the file (the language calls it when ESLint parses its next file). The
   * tree itself is left as it is: the project model may hold it too.
   */
  release(): void {
    const fields = this as unknown as Record<
      "ast" | "comments" | "parseResults" | "lineTable" | "cache",
      unknown
    >;
    fields.ast = null;
    fields.comments = [];
    fields.parseResults = null;
    fields.lineTable = null;
    fields.cache = new Map();
    this.#inlineConfigComments = undefined;
  }

  /**
   * What a rule listens to: the keys of the visitor its `create` returned
   * (`createRule` tells). With `visitListenedOnly`, the traversal steps on the
   * other node types are left out: most of a tree is names, constants and
   * arguments no rule asked for, and ESLint matches selectors at every step.
   * A selector that is more than a type (`Call > Name`, `*`) keeps every step.
   */
  listen(selectors: Iterable<string>): void {
    const listened = this.#listened;
    if (listened.all) return;
    for (const key of selectors) {
      for (const part of key.split(",")) {
        const match = SIMPLE_SELECTOR.exec(part.trim());
        if (!match) {
          listened.all = true;
          return;
        }
        (match[2] ? listened.exit : listened.enter).add(match[1]);
      }
    }
  }

  override getLoc(node: Locatable): SourceLocation {
    const start = offsetToPosition(node.start, this.lineTable);
    const end = offsetToPosition(node.start + node.length, this.lineTable);
    return {
      start: { line: start.line + 1, column: start.column },
      end: { line: end.line + 1, column: end.column },
    };
  }

  override getRange(node: Locatable): [number, number] {
    return [node.start, node.start + node.length];
  }

  override getText(node?: Locatable): string {
    return node ? this.text.slice(node.start, node.start + node.length) : this.text;
  }

  override getParent(node: PyNodeBase): PyNode | undefined {
    return node.parent;
  }

  override getAncestors(node: PyNodeBase): PyNode[] {
    const ancestors: PyNode[] = [];
    for (let p = node.parent; p; p = p.parent) ancestors.unshift(p);
    return ancestors;
  }

  getInlineConfigNodes(): PyComment[] {
    this.#inlineConfigComments ??= this.comments.filter((c) => INLINE_CONFIG.test(c.value));
    return this.#inlineConfigComments;
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const problems: FileProblem[] = [];
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed) continue;
      const { label, value, justification } = parsed;
      if (label === "eslint") continue;
      directives.push(
        new Directive({
          type: label.slice("eslint-".length) as DirectiveType,
          node: comment,
          value,
          justification,
        }),
      );
    }
    return { problems, directives };
  }

  applyInlineConfig(): { configs: InlineConfigElement[]; problems: FileProblem[] } {
    const configs: InlineConfigElement[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed || parsed.label !== "eslint") continue;
      const loc = this.getLoc(comment);
      const result = commentParser.parseJSONLikeConfig(parsed.value);
      if (result.ok) {
        configs.push({ config: { rules: result.config as RulesConfig }, loc });
      } else {
        problems.push({ ruleId: null, message: result.error.message, loc });
      }
    }
    return { configs, problems };
  }

  /**
   * Depth-first, in source order, entering and leaving each node, generated as
   * ESLint consumes it. ESLint applies each step before asking for the next, so
   * one step object is reused (millions of steps on a large run, measured 7% of
   * a lint); visitors get the node only, whose parent is `node.parent`.
   */
  override traverse(): Iterable<TraversalStep> {
    const root = this.ast as unknown as PyNode;
    // ESLint asks for the steps before it creates the rules: read `listened` once they are.
    return { [Symbol.iterator]: () => new Steps(root, this.#listened) };
  }
}

/** Visitor keys by pyright's numeric node type, looked up once per type. */
const keysByNodeType: (readonly string[] | undefined)[] = [];

const NO_KEYS: readonly string[] = [];

/**
 * The traversal as a plain iterator over a stack kept in parallel arrays: no
 * generator to resume and no frame object per node (stdlib: 0.77 s of a run as
 * a generator with frame objects).
 */
class Steps implements Iterator<TraversalStep> {
  private readonly step = {
    kind: 1 as const,
    target: undefined as unknown,
    phase: 1 as 1 | 2,
    args: undefined,
  };
  private readonly result = { value: this.step as unknown as TraversalStep, done: false };
  private readonly nodes: PyNode[] = [];
  private readonly keys: (readonly string[])[] = [];
  private readonly keyIndex: number[] = [];
  private readonly itemIndex: number[] = [];
  private top = -1;
  private started = false;
  /** By pyright's numeric node type: 1 when entering (2 leaving, 3 both) is a step to give; -1 unknown. */
  private readonly wanted = new Int8Array(256).fill(-1);
  /**
   * Sorted start offsets of the recorded expression nodes, when every listened
   * type is statement-level or recorded: then only statement-level nodes and
   * nodes holding a recorded one are walked. Null: walk everything.
   */
  private starts: number[] | null = null;

  constructor(
    private readonly root: PyNode,
    private readonly listened: Listened,
  ) {}

  next(): IteratorResult<TraversalStep> {
    const step = this.step;
    if (!this.started) {
      this.started = true;
      const { all, enter, exit, recordedStarts } = this.listened;
      if (all) this.wanted.fill(3);
      else if (recordedStarts) {
        const prunable = (type: string) => STATEMENT_LEVEL.has(type) || RECORDED.has(type);
        if ([...enter].every(prunable) && [...exit].every(prunable)) this.starts = recordedStarts;
      }
      if (this.enter(this.root) & 1) return this.result;
    }
    while (this.top >= 0) {
      const child = this.nextChild();
      if (child) {
        if (this.enter(child) & 1) return this.result;
        continue;
      }
      const node = this.nodes[this.top];
      this.nodes[this.top] = undefined as unknown as PyNode;
      this.top--;
      if (this.wantedOf(node) & 2) {
        step.target = node;
        step.phase = 2;
        return this.result;
      }
    }
    return { value: undefined, done: true };
  }

  /** Whether the walk goes into a node (see `starts`). */
  private walks(node: PyNode): boolean {
    const starts = this.starts;
    if (starts === null) return true;
    const type = (node as unknown as { nodeType: number }).nodeType;
    let level = statementLevelByNodeType[type];
    if (level < 0) statementLevelByNodeType[type] = level = STATEMENT_LEVEL.has(node.type) ? 1 : 0;
    if (level === 1 || starts.length === 0) return level === 1;
    // A recorded node starts inside this one: the first start at or after its own.
    const from = (node as unknown as { start: number }).start;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < starts.length && starts[lo] < from + (node as unknown as { length: number }).length;
  }

  /** Whether entering (1) and leaving (2) a node of this type are steps to give. */
  private wantedOf(node: PyNode): number {
    const type = (node as unknown as { nodeType: number }).nodeType;
    let wanted = this.wanted[type];
    if (wanted < 0) {
      const { enter, exit } = this.listened;
      wanted = (enter.has(node.type) ? 1 : 0) | (exit.has(node.type) ? 2 : 0);
      this.wanted[type] = wanted;
    }
    return wanted;
  }

  /** Pushes a node; returns whether entering and leaving it are steps (see `wantedOf`). */
  private enter(node: PyNode): number {
    this.step.target = node;
    this.step.phase = 1;
    const top = ++this.top;
    const type = (node as unknown as { nodeType: number }).nodeType;
    let keys = keysByNodeType[type];
    if (!keys) keysByNodeType[type] = keys = visitorKeys[node.type] ?? NO_KEYS;
    this.nodes[top] = node;
    this.keys[top] = keys;
    this.keyIndex[top] = 0;
    this.itemIndex[top] = 0;
    return this.wantedOf(node);
  }

  /** The next child of the top node, skipping holes and fields pyright shares between nodes. */
  private nextChild(): PyNode | null {
    const top = this.top;
    const node = this.nodes[top];
    const keys = this.keys[top];
    let keyIndex = this.keyIndex[top];
    let itemIndex = this.itemIndex[top];
    let found: PyNode | null = null;
    while (keyIndex < keys.length) {
      const value = node.d[keys[keyIndex]] as PyNode | PyNode[] | undefined;
      if (Array.isArray(value)) {
        while (itemIndex < value.length) {
          const item = value[itemIndex++];
          if (item && item.parent === node && this.walks(item)) {
            found = item;
            break;
          }
        }
        if (found) break;
      } else if (value && itemIndex === 0) {
        itemIndex = 1;
        if (value.parent === node && this.walks(value)) {
          found = value;
          break;
        }
      }
      keyIndex++;
      itemIndex = 0;
    }
    this.keyIndex[top] = keyIndex;
    this.itemIndex[top] = itemIndex;
    return found;
  }
}
