import { RuleTester } from "eslint";
import { afterAll, describe, it } from "vitest";

// RuleTester reports through whatever test framework it is given; give it vitest's.
// These static hooks exist at runtime but are missing from eslint's type declarations.
const tester = RuleTester as unknown as Record<string, unknown>;
tester.afterAll = afterAll;
tester.describe = describe;
tester.it = it;
tester.itOnly = it.only;
