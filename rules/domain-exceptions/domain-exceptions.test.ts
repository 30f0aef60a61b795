import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./domain-exceptions.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const shop = (rel: string) => join(import.meta.dirname, "fixtures", "shop", rel);
const tsShop = (rel: string) => join(import.meta.dirname, "fixtures", "ts-shop", rel);
const onDisk = (path: string) => ({ filename: path, code: readFileSync(path, "utf8") });
const lines = (...text: string[]) => `${text.join("\n")}\n`;

const repo = shop("app/repositories/order_repository.py");

pythonRuleTester().run("domain-exceptions", rule, {
  valid: [
    // why: routes raise what the exception handlers map; only services and repositories are checked
    onDisk(shop("app/routes/orders.py")),
    // why: a project class named like a builtin is the project's own
    {
      filename: repo,
      code: lines(
        "from app.exceptions import ValueError",
        "",
        "",
        "def check(n: int) -> None:",
        "    raise ValueError(n)",
      ),
    },
    // why: narrower builtins (NotImplementedError, KeyError) are not in the generic set
    {
      filename: repo,
      code: lines("def load(key: str) -> None:", "    raise NotImplementedError(key)"),
    },
  ],
  invalid: [
    // why: the __init__ check and the bare re-raise are not reported
    {
      ...onDisk(shop("app/services/order_service.py")),
      errors: [
        {
          messageId: "genericRaise",
          data: { owner: "OrderService.cancel", type: "ValueError", layer: "services" },
          line: 21,
          column: 13,
        },
        {
          messageId: "genericRaise",
          data: { owner: "OrderService.refund", type: "RuntimeError", layer: "services" },
          line: 29,
          column: 13,
        },
      ],
    },
    {
      filename: repo,
      code: lines("async def drop(table: str) -> None:", "    raise Exception"),
      errors: [
        {
          messageId: "genericRaise",
          data: { owner: "drop", type: "Exception", layer: "repositories" },
          line: 2,
          column: 5,
        },
      ],
    },
    // why: the checked layers are an option
    {
      filename: shop("app/routes/orders.py"),
      code: readFileSync(shop("app/routes/orders.py"), "utf8"),
      options: [{ layers: ["routes"] }],
      errors: [
        {
          messageId: "genericRaise",
          data: { owner: "parse_id", type: "ValueError", layer: "routes" },
          line: 7,
          column: 9,
        },
      ],
    },
  ],
});

typescriptRuleTester().run("domain-exceptions", rule, {
  valid: [
    // why: an Angular service's throw reaches a UI, not an HTTP response
    {
      filename: tsShop("src/services/upload.service.ts"),
      code: lines(
        'import { Injectable } from "@angular/core";',
        "",
        "@Injectable()",
        "export class UploadService {",
        "  check(size: number): void {",
        '    if (size > 10) throw new Error("too large");',
        "  }",
        "}",
      ),
    },
    // why: a local class named Error shadows the global
    {
      filename: tsShop("src/services/codes.service.ts"),
      code: lines(
        "class Error {",
        "  constructor(readonly code: string) {}",
        "}",
        "export function fail(code: string): never {",
        "  throw new Error(code);",
        "}",
      ),
    },
  ],
  invalid: [
    // why: the constructor check and the exhaustive switch's default clause are not reported
    {
      ...onDisk(tsShop("src/services/order.service.ts")),
      errors: [
        {
          messageId: "genericThrow",
          data: { owner: "OrderService.cancel", type: "Error", layer: "services" },
          line: 18,
          column: 9,
        },
      ],
    },
    {
      filename: tsShop("src/repositories/order.repository.ts"),
      code: lines(
        "export const findOrder = async (id: number): Promise<number> => {",
        "  return Promise.resolve(id).then((found) => {",
        '    if (!found) throw Error("missing");',
        "    return found;",
        "  });",
        "};",
      ),
      errors: [
        {
          messageId: "genericThrow",
          data: { owner: "findOrder", type: "Error", layer: "repositories" },
          line: 3,
          column: 17,
        },
      ],
    },
  ],
});
