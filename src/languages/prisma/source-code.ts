import { ConfigCommentParser, Directive, TextSourceCodeBase } from "@eslint/plugin-kit";
import type {
  DirectiveType,
  FileProblem,
  RulesConfig,
  SourceLocation,
  TraversalStep,
} from "@eslint/core";
import type { PrismaComment, PrismaNode, PrismaSchemaNode } from "./nodes.js";
import { visitorKeys } from "./visitor-keys.js";

type InlineConfigElement = { config: { rules: RulesConfig }; loc: SourceLocation };
type Locatable = { range: [number, number]; loc: SourceLocation };

const commentParser = new ConfigCommentParser();
const INLINE_CONFIG = /^\s*eslint(?:-enable|-disable(?:(?:-next)?-line)?)?(?:\s|$)/u;

/** The source code of a `.prisma` file: its tree, `//` comments and inline directives. */
export class PrismaSourceCode extends TextSourceCodeBase<{
  LangOptions: Record<string, unknown>;
  RootNode: PrismaSchemaNode;
  SyntaxElementWithLoc: Locatable;
  ConfigNode: PrismaComment;
}> {
  override ast: PrismaSchemaNode;
  readonly comments: PrismaComment[];
  readonly visitorKeys = visitorKeys;
  #inlineConfigComments: PrismaComment[] | undefined;

  constructor({
    text,
    ast,
    comments,
  }: {
    text: string;
    ast: PrismaSchemaNode;
    comments: PrismaComment[];
  }) {
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.ast = ast;
    this.comments = comments;
  }

  override getLoc(node: Locatable): SourceLocation {
    return node.loc;
  }

  override getRange(node: Locatable): [number, number] {
    return node.range;
  }

  override getParent(node: PrismaNode): PrismaNode | undefined {
    return node.parent;
  }

  getInlineConfigNodes(): PrismaComment[] {
    this.#inlineConfigComments ??= this.comments.filter((c) => INLINE_CONFIG.test(c.value));
    return this.#inlineConfigComments;
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed || parsed.label === "eslint") continue;
      directives.push(
        new Directive({
          type: parsed.label.slice("eslint-".length) as DirectiveType,
          node: comment,
          value: parsed.value,
          justification: parsed.justification,
        }),
      );
    }
    return { problems: [], directives };
  }

  applyInlineConfig(): { configs: InlineConfigElement[]; problems: FileProblem[] } {
    const configs: InlineConfigElement[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed || parsed.label !== "eslint") continue;
      const result = commentParser.parseJSONLikeConfig(parsed.value);
      if (result.ok)
        configs.push({ config: { rules: result.config as RulesConfig }, loc: comment.loc });
      else problems.push({ ruleId: null, message: result.error.message, loc: comment.loc });
    }
    return { configs, problems };
  }

  /** Depth-first in source order, entering and leaving each node (a small tree: no step reuse). */
  override *traverse(): Iterable<TraversalStep> {
    const visit = function* (node: PrismaNode): Generator<TraversalStep> {
      yield { kind: 1, target: node, phase: 1, args: [node, node.parent] } as TraversalStep;
      for (const key of visitorKeys[node.type] ?? []) {
        for (const child of (node as unknown as Record<string, PrismaNode[]>)[key]) {
          yield* visit(child);
        }
      }
      yield { kind: 1, target: node, phase: 2, args: [node, node.parent] } as TraversalStep;
    };
    yield* visit(this.ast);
  }
}
