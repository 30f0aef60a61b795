import type { RuleContext, RuleDefinition, RuleVisitor, SourceCode } from "@eslint/core";
import { PythonSourceCode } from "./languages/python/source-code.js";

const REPO_URL = "https://github.com/layerlint/layerlint/blob/main/rules";

export type Severity = "error" | "warn";

export interface LayerlintDocs {
  description: string;
  /** The part of the Backend Development Guidelines the rule encodes. */
  guideline: string;
  /** Severity in the `recommended` config; `strict` makes every rule an error. */
  recommended: Severity;
  url?: string;
}

export interface LayerlintRuleContextOptions<Options extends unknown[], MessageIds extends string> {
  LangOptions: Record<string, unknown>;
  Code: SourceCode;
  RuleOptions: Options;
  Node: unknown;
  MessageIds: MessageIds;
}

export type LayerlintRuleContext<
  Options extends unknown[],
  MessageIds extends string,
> = RuleContext<LayerlintRuleContextOptions<Options, MessageIds>>;

export interface LayerlintRuleSpec<Options extends unknown[], MessageIds extends string> {
  name: string;
  meta: {
    type: "problem" | "suggestion" | "layout";
    docs: LayerlintDocs;
    /** Languages the rule has an implementation for, e.g. `layerlint/python`, `js/js`. */
    languages: string[];
    messages: Record<MessageIds, string>;
    schema: unknown[];
    /** Left out by rules without options (an empty schema). */
    defaultOptions?: Options;
    fixable?: "code";
    /**
     * Languages in which the rule reads only the project model's import facts
     * and the file's text, never the syntax tree: when every rule enabled for a
     * TypeScript/JavaScript file says so for `js/js`, the CLI builds no tree for it.
     */
    importFactsOnly?: string[];
  };
  create(context: LayerlintRuleContext<Options, MessageIds>): RuleVisitor;
}

export type LayerlintRule = RuleDefinition & {
  meta: { docs: LayerlintDocs; languages: string[]; importFactsOnly?: string[] };
};

/** Builds a rule with a docs URL and fills in defaults, in the manner of typescript-eslint's RuleCreator. */
export function createRule<Options extends unknown[], MessageIds extends string>(
  spec: LayerlintRuleSpec<Options, MessageIds>,
): LayerlintRule {
  return {
    meta: {
      ...spec.meta,
      docs: { ...spec.meta.docs, url: `${REPO_URL}/${spec.name}/README.md` },
    },
    create(context: LayerlintRuleContext<Options, MessageIds>): RuleVisitor {
      const visitor = spec.create(context);
      // A Python file's traversal can then leave out the node types no rule listens to.
      pythonSource(context)?.listen(Object.keys(visitor ?? {}));
      return visitor;
    },
  } as unknown as LayerlintRule;
}

/** The Python source code of a rule's file, or null when the file is not Python. */
export function pythonSource(context: { sourceCode: unknown }): PythonSourceCode | null {
  return context.sourceCode instanceof PythonSourceCode ? context.sourceCode : null;
}
