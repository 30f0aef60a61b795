import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import plugin from "../src/index.js";

/** A RuleTester for Python cases: `.py` filenames, the layerlint language and plugin. */
export function pythonRuleTester(): RuleTester {
  return new RuleTester({
    plugins: { layerlint: plugin },
    language: "layerlint/python",
  } as never);
}

/** A RuleTester for TypeScript cases: `.ts` filenames, typescript-eslint's parser, no type information. */
export function typescriptRuleTester(): RuleTester {
  return new RuleTester({
    plugins: { layerlint: plugin },
    languageOptions: { parser: tseslint.parser, sourceType: "module" },
  } as never);
}
