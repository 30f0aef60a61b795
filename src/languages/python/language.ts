import type { File, Language, OkParseResult, ParseResult } from "@eslint/core";
import type { PyModule, PyNode } from "./nodes.js";
import {
  parsePython,
  takeParse,
  SUPPORTED_PYTHON_VERSIONS,
  DEFAULT_PYTHON_VERSION,
} from "./parser.js";
import { PythonSourceCode } from "./source-code.js";
import { visitorKeys } from "./visitor-keys.js";

export interface PythonLanguageOptions {
  [key: string]: unknown;
  /** The Python version whose syntax is accepted, "3.8" to "3.14". */
  pythonVersion?: string;
  /**
   * Visit only the node types the rules listen to (they say so through
   * `createRule`). For the layerlint CLI, which runs nothing but layerlint's
   * rules: another plugin's rule would not be seen, hence off by default.
   */
  visitListenedOnly?: boolean;
}

const LANGUAGE_OPTIONS = ["pythonVersion", "visitListenedOnly"];

const decoder = new TextDecoder("utf-8");

/** The source codes this language made (in this thread) that still hold their trees. */
const holding: PythonSourceCode[] = [];

/**
 * Cuts the trees of the files linted before loose from their source codes: called
 * when ESLint parses the next file, so it is done with them. ESLint makes each
 * file's rule contexts with the file's context as their prototype, and V8 keeps
 * what records a prototype in the old generation until the next full collection:
 * that kept a linted file's context, its source code and its whole tree alive
 * through every young-generation collection, so each tree was copied and
 * promoted before it could die (stdlib, 4 rules: scavenges 1.8 s of a 7.7 s run,
 * 0.8 s of 6.2 s after this).
 */
function releaseEarlierTrees(): void {
  for (const code of holding) code.release();
  holding.length = 0;
}

/** The ESLint language `layerlint/python`. */
export const pythonLanguage: Language<{
  LangOptions: PythonLanguageOptions;
  Code: PythonSourceCode;
  RootNode: PyModule;
  Node: PyNode;
}> = {
  fileType: "text",
  lineStart: 1,
  columnStart: 0,
  nodeTypeKey: "type",
  visitorKeys,
  defaultLanguageOptions: { pythonVersion: DEFAULT_PYTHON_VERSION },

  validateLanguageOptions(options: PythonLanguageOptions): void {
    for (const key of Object.keys(options)) {
      if (!LANGUAGE_OPTIONS.includes(key)) {
        throw new TypeError(
          `Unknown Python language option "${key}". Known: ${LANGUAGE_OPTIONS.join(", ")}.`,
        );
      }
    }
    const version = options.pythonVersion;
    if (
      version !== undefined &&
      !(SUPPORTED_PYTHON_VERSIONS as readonly string[]).includes(String(version))
    ) {
      throw new TypeError(
        `pythonVersion must be one of ${SUPPORTED_PYTHON_VERSIONS.join(", ")}; got ${JSON.stringify(version)}.`,
      );
    }
  },

  parse(file: File, context): ParseResult<PyModule> {
    releaseEarlierTrees();
    const text = typeof file.body === "string" ? file.body : decoder.decode(file.body);
    const version = context.languageOptions.pythonVersion ?? DEFAULT_PYTHON_VERSION;
    // The project model may have parsed this very file already (a route, model or migration).
    const taken = takeParse(file.path, text, version);
    const result = taken?.result ?? parsePython(text, { version });
    if (!result.ok) return { ok: false, errors: result.errors };
    return {
      ok: true,
      ast: result.ast,
      comments: result.comments,
      lines: result.lines,
      raw: result.raw,
      recordedStarts: result.recordedStarts,
      cache: taken?.cache,
    };
  },

  createSourceCode(
    file: File,
    input: OkParseResult<PyModule>,
    context?: { languageOptions?: PythonLanguageOptions },
  ): PythonSourceCode {
    const text = typeof file.body === "string" ? file.body : decoder.decode(file.body);
    const code = new PythonSourceCode({
      visitListenedOnly: context?.languageOptions?.visitListenedOnly === true,
      text,
      ast: input.ast,
      comments: input.comments,
      lines: input.lines,
      raw: input.raw,
      recordedStarts: input.recordedStarts as number[] | undefined,
      cache: input.cache as Map<string, unknown> | undefined,
    });
    holding.push(code);
    return code;
  },
};
