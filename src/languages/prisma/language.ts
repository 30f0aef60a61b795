import type { File, Language, OkParseResult, ParseResult } from "@eslint/core";
import type { PrismaComment, PrismaNode, PrismaSchemaNode } from "./nodes.js";
import { parsePrisma } from "./parser.js";
import { PrismaSourceCode } from "./source-code.js";
import { visitorKeys } from "./visitor-keys.js";

const decoder = new TextDecoder("utf-8");
const textOf = (file: File) =>
  typeof file.body === "string" ? file.body : decoder.decode(file.body);

/** The ESLint language `layerlint/prisma`, for Prisma schema files (`*.prisma`). */
export const prismaLanguage: Language<{
  LangOptions: Record<string, never>;
  Code: PrismaSourceCode;
  RootNode: PrismaSchemaNode;
  Node: PrismaNode;
}> = {
  fileType: "text",
  lineStart: 1,
  columnStart: 0,
  nodeTypeKey: "type",
  visitorKeys,
  defaultLanguageOptions: {},

  validateLanguageOptions(options: Record<string, unknown>): void {
    const keys = Object.keys(options);
    if (keys.length > 0) {
      throw new TypeError(`Unknown Prisma language option "${keys[0]}". The language has none.`);
    }
  },

  parse(file: File): ParseResult<PrismaSchemaNode> {
    const result = parsePrisma(textOf(file));
    if (!result.ok) return { ok: false, errors: result.errors };
    return { ok: true, ast: result.ast, comments: result.comments };
  },

  createSourceCode(file: File, input: OkParseResult<PrismaSchemaNode>): PrismaSourceCode {
    return new PrismaSourceCode({
      text: textOf(file),
      ast: input.ast,
      comments: (input as { comments?: PrismaComment[] }).comments ?? [],
    });
  },
};

/** The Prisma source code of a rule's file, or null when the file is not a Prisma schema. */
export function prismaSource(context: { sourceCode: unknown }): PrismaSourceCode | null {
  return context.sourceCode instanceof PrismaSourceCode ? context.sourceCode : null;
}
