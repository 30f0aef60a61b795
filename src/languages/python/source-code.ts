import { ConfigCommentParser, Directive, TextSourceCodeBase } from "@eslint/plugin-kit";
import type {
  DirectiveType,
  FileProblem,
  RulesConfig,
  SourceLocation,
  TraversalStep,
} from "@eslint/core";
import type { PyComment, PyModule, PyNode, PyNodeBase } from "./nodes.js";
import { offsetToPosition, type LineTable } from "./parser.js";
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
}

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
  /** Per-file memo for helpers that derive facts from this tree (name resolution, etc.). */
  readonly cache = new Map<string, unknown>();

  constructor({ text, ast, comments, lines, raw }: PythonSourceCodeInit) {
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.ast = ast;
    this.comments = comments;
    this.lineTable = lines;
    this.parseResults = raw;
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
  override *traverse(): Iterable<TraversalStep> {
    const step = {
      kind: 1 as const,
      target: undefined as unknown,
      phase: 1 as 1 | 2,
      args: undefined,
    };
    const stack: { node: PyNode; keyIndex: number; itemIndex: number }[] = [];
    const root = this.ast as unknown as PyNode;
    step.target = root;
    yield step as unknown as TraversalStep;
    stack.push({ node: root, keyIndex: 0, itemIndex: 0 });
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const child = nextChild(frame);
      if (child) {
        step.target = child;
        step.phase = 1;
        yield step as unknown as TraversalStep;
        stack.push({ node: child, keyIndex: 0, itemIndex: 0 });
      } else {
        stack.pop();
        step.target = frame.node;
        step.phase = 2;
        yield step as unknown as TraversalStep;
      }
    }
  }
}

/** The next child of a frame's node, skipping holes and fields pyright shares between nodes. */
function nextChild(frame: { node: PyNode; keyIndex: number; itemIndex: number }): PyNode | null {
  const keys = visitorKeys[frame.node.type] ?? [];
  while (frame.keyIndex < keys.length) {
    const value = frame.node.d[keys[frame.keyIndex]] as PyNode | PyNode[] | undefined;
    if (Array.isArray(value)) {
      while (frame.itemIndex < value.length) {
        const item = value[frame.itemIndex++];
        if (item && item.parent === frame.node) return item;
      }
    } else if (value && frame.itemIndex === 0) {
      frame.itemIndex = 1;
      if (value.parent === frame.node) return value;
    }
    frame.keyIndex++;
    frame.itemIndex = 0;
  }
  return null;
}
