/**
 * An ESLint parser for TypeScript/JavaScript files that builds no syntax tree:
 * the CLI uses it instead of typescript-eslint's when every rule enabled for
 * those files reads only the project model's import facts and the file's text
 * (`layers` and `no-import-cycles`, as a team running layerlint in place of
 * dependency-cruiser enables them). Converting TypeScript's tree to ESTree and
 * analysing its scopes is most of what ESLint's run costs on such a project,
 * and here nothing would read them.
 *
 * The file is parsed once, by TypeScript (`shared-parse.ts`), for both the
 * project model and this parser; ESLint gets an empty `Program` with the
 * file's directive comments (`// eslint-disable-next-line layerlint/layers`
 * works as usual) and, for a file TypeScript cannot parse, the same parse error
 * as typescript-eslint's parser gives. (typescript-eslint also rejects a few
 * constructs TypeScript's parser accepts, such as a decorator on a function;
 * without its conversion those files are linted like any other.)
 */
import type { Linter } from "eslint";
import { packageInfo } from "../../package-info.js";
import { ForwardPositions } from "../positions.js";
import { shareTsParses, tsLintInfo } from "./shared-parse.js";

/** ESLint's parse error: a line and a column to report it at. */
class ParseError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
    readonly column: number,
  ) {
    super(message);
  }
}

function parseForESLint(text: string, options?: { filePath?: string }): { ast: unknown } {
  shareTsParses();
  const info = tsLintInfo(options?.filePath ?? "file.ts", text);
  if (info.error) throw new ParseError(info.error.message, info.error.line, info.error.column);
  const end = new ForwardPositions(text, true).at(text.length);
  return {
    ast: {
      type: "Program",
      body: [],
      sourceType: "module",
      comments: info.comments,
      tokens: [],
      range: [0, text.length],
      loc: { start: { line: 1, column: 0 }, end: { line: end.line + 1, column: end.column } },
    },
  };
}

export const importsOnlyParser = {
  meta: { name: "layerlint/imports-only", version: packageInfo.version },
  parseForESLint,
} as unknown as Linter.Parser;
