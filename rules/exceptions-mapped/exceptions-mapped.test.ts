import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./exceptions-mapped.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const shop = join(import.meta.dirname, "fixtures", "shop");
const dynamic = join(import.meta.dirname, "fixtures", "dynamic");
const nest = join(import.meta.dirname, "fixtures", "nest-shop");
const disk = (root: string, rel: string) => readFileSync(join(root, rel), "utf8");

pythonRuleTester().run("exceptions-mapped", rule, {
  valid: [
    // why: a handler registered for a class looked up at run time (getattr) may map any class
    {
      filename: join(dynamic, "app/errors.py"),
      code: disk(dynamic, "app/errors.py"),
    },
    // why: findings sit on the class, in the module that declares it, not where it is raised
    {
      filename: join(shop, "app/services/order_service.py"),
      code: disk(shop, "app/services/order_service.py"),
    },
    // why: this text derives StockExhausted from the mapped DomainError (the disk does not yet)
    {
      filename: join(shop, "app/exceptions.py"),
      code: disk(shop, "app/exceptions.py").replace(
        "class StockExhausted(Exception):",
        "class StockExhausted(DomainError):",
      ),
    },
  ],
  invalid: [
    // OrderNotFound is mapped through its base (DomainError's handler), PaymentDeclined by the
    // checkout route's except, CatalogOffline by a route's isinstance test; NeverRaised is not
    // raised; the test that catches StockExhausted maps nothing.
    {
      filename: join(shop, "app/exceptions.py"),
      code: disk(shop, "app/exceptions.py"),
      errors: [
        {
          messageId: "unmapped",
          line: 13,
          column: 7,
          endLine: 13,
          endColumn: 21,
          data: {
            name: "StockExhausted",
            raisedIn: "app/services/order_service.py",
            line: "20",
          },
        },
      ],
    },
    // why: an editor buffer with the class moved down: reported where this text declares it
    {
      filename: join(shop, "app/exceptions.py"),
      code: "\n\n" + disk(shop, "app/exceptions.py"),
      errors: [{ messageId: "unmapped", line: 15, column: 7 }],
    },
  ],
});

typescriptRuleTester().run("exceptions-mapped", rule, {
  valid: [
    // why: findings sit on the error class, not on the service that throws it
    {
      filename: join(nest, "src/orders/orders.service.ts"),
      code: disk(nest, "src/orders/orders.service.ts"),
    },
    // why: this text derives OutOfStockError from the mapped DomainError (the disk does not yet)
    {
      filename: join(nest, "src/core/errors.ts"),
      code: disk(nest, "src/core/errors.ts").replace(
        "class OutOfStockError extends Error",
        "class OutOfStockError extends DomainError",
      ),
    },
  ],
  invalid: [
    // OrderNotFoundError is mapped through DomainError's @Catch filter; OutOfStockError by nothing
    // (its `this.name = "OutOfStockError"` is a string, no mapping).
    {
      filename: join(nest, "src/core/errors.ts"),
      code: disk(nest, "src/core/errors.ts"),
      errors: [
        {
          messageId: "unmappedTs",
          line: 10,
          column: 14,
          endLine: 10,
          endColumn: 29,
          data: {
            name: "OutOfStockError",
            raisedIn: "src/orders/orders.service.ts",
            line: "12",
          },
        },
      ],
    },
  ],
});
