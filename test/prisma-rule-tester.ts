import { RuleTester } from "eslint";
import plugin from "../src/index.js";

/** A RuleTester for Prisma schema cases: `.prisma` filenames, the `layerlint/prisma` language. */
export function prismaRuleTester(): RuleTester {
  return new RuleTester({
    plugins: { layerlint: plugin },
    language: "layerlint/prisma",
  } as never);
}
