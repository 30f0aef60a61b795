import { RuleTester } from "eslint";
import plugin from "../src/index.js";

/** A RuleTester for Python cases: `.py` filenames, the layerlint language and plugin. */
export function pythonRuleTester(): RuleTester {
  return new RuleTester({
    plugins: { layerlint: plugin },
    language: "layerlint/python",
  } as never);
}
