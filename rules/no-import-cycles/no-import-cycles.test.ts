import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-import-cycles.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "shop");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => ({ filename: file(rel), code: readFileSync(file(rel), "utf8") });

pythonRuleTester().run("no-import-cycles", rule, {
  valid: [
    // why: the way back is under TYPE_CHECKING, so it never runs
    onDisk("app/models/user.py"),
    onDisk("app/models/order.py"),
    // why: the way back is inside a function: it runs on call, after both modules loaded
    onDisk("app/core/config.py"),
    onDisk("app/core/logging.py"),
  ],
  invalid: [
    {
      ...onDisk("app/services/order_service.py"),
      errors: [
        {
          messageId: "importCycle",
          data: {
            cycle:
              "app.services.order_service -> app.services.payment_service -> app.services.order_service",
          },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 56,
        },
      ],
    },
    {
      ...onDisk("app/services/payment_service.py"),
      errors: [
        {
          messageId: "importCycle",
          data: {
            cycle:
              "app.services.payment_service -> app.services.order_service -> app.services.payment_service",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: a three-module cycle, closed by a relative import; the list starts at the linted file
    {
      ...onDisk("app/repositories/stock_repository.py"),
      errors: [
        {
          messageId: "importCycle",
          data: {
            cycle:
              "app.repositories.stock_repository -> app.repositories.cart_repository -> app.repositories.item_repository -> app.repositories.stock_repository",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      ...onDisk("app/models/user.py"),
      options: [{ includeTypeCheckingImports: true }],
      errors: [
        {
          messageId: "importCycle",
          data: { cycle: "app.models.user -> app.models.order -> app.models.user" },
          line: 4,
          column: 5,
        },
      ],
    },
    {
      ...onDisk("app/core/logging.py"),
      options: [{ includeFunctionImports: true }],
      errors: [
        {
          messageId: "importCycle",
          data: { cycle: "app.core.logging -> app.core.config -> app.core.logging" },
          line: 2,
          column: 5,
        },
      ],
    },
  ],
});

// TypeScript: the same cycles on the TypeScript import graph.
const ts = (rel: string) => join(import.meta.dirname, "../../test/fixtures", rel);
const tsOnDisk = (rel: string) => ({ filename: ts(rel), code: readFileSync(ts(rel), "utf8") });

typescriptRuleTester().run("no-import-cycles (TypeScript)", rule, {
  valid: [
    tsOnDisk("depcruise-violations/src/routes/orders.ts"),
    // why: the layered fixture's services import each other's types only
    tsOnDisk("depcruise-layered/src/services/post.service.ts"),
    // why: TypeORM entities refer to each other for their relations, lazily
    tsOnDisk("ts-entities/src/entities/user.entity.ts"),
  ],
  invalid: [
    {
      ...tsOnDisk("ts-entities/src/entities/user.entity.ts"),
      options: [{ includeModelCycles: true }],
      errors: [
        {
          messageId: "importCycle",
          data: {
            cycle:
              "src/entities/user.entity.ts -> src/entities/article.entity.ts -> src/entities/user.entity.ts",
          },
          line: 3,
          column: 1,
        },
      ],
    },
    {
      ...tsOnDisk("depcruise-violations/src/services/order.service.ts"),
      errors: [
        {
          messageId: "importCycle",
          data: {
            cycle:
              "src/services/order.service.ts -> src/services/pricing.service.ts -> src/services/order.service.ts",
          },
          line: 1,
          column: 1,
        },
      ],
    },
  ],
});
