import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./require-docstrings.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const shop = (rel: string) => join(import.meta.dirname, "fixtures", "shop", rel);
const tsShop = (rel: string) => join(import.meta.dirname, "fixtures", "ts-shop", rel);
const onDisk = (path: string) => ({ filename: path, code: readFileSync(path, "utf8") });
const lines = (...text: string[]) => `${text.join("\n")}\n`;

const py = { doc: "docstring" };
const ts = { doc: "JSDoc comment" };

pythonRuleTester().run("require-docstrings", rule, {
  valid: [
    // why: a plain module of helpers is neither a route, a service nor a model
    {
      filename: shop("app/core/text.py"),
      code: lines("def slug(name: str) -> str:", '    return name.lower().replace(" ", "-")'),
    },
    // why: a class without methods in a services module is data, not a service
    {
      filename: shop("app/services/pricing.py"),
      code: lines(
        "from dataclasses import dataclass",
        "",
        "",
        "@dataclass",
        "class Price:",
        "    cents: int",
      ),
    },
    // why: an enum and a Pydantic model beside the service are data, even with methods
    {
      filename: shop("app/services/orders.py"),
      code: lines(
        "from enum import StrEnum",
        "",
        "from pydantic import BaseModel",
        "",
        "",
        "class Status(StrEnum):",
        '    OPEN = "open"',
        "",
        "    def label(self) -> str:",
        "        return self.value.title()",
        "",
        "",
        "class Totals(BaseModel):",
        "    cents: int",
        "",
        "    def euros(self) -> float:",
        "        return self.cents / 100",
      ),
    },
    // why: tests document themselves by their names
    {
      filename: shop("tests/test_items.py"),
      code: lines("class TestItems:", "    def test_get(self) -> None:", "        assert True"),
    },
  ],
  invalid: [
    {
      ...onDisk(shop("app/routes/items.py")),
      errors: [
        {
          messageId: "routeHandler",
          data: { name: "get_item", route: " (GET /items/{item_id})", ...py },
          line: 9,
          column: 11,
        },
      ],
    },
    // why: the exception, the property and the _private method need none; rename has one
    {
      ...onDisk(shop("app/services/item_service.py")),
      errors: [
        { messageId: "serviceClass", data: { name: "ItemService", ...py }, line: 8, column: 7 },
        {
          messageId: "serviceMethod",
          data: { name: "get", owner: "ItemService", ...py },
          line: 12,
          column: 15,
        },
      ],
    },
    {
      ...onDisk(shop("app/services/item_service.py")),
      options: [{ checkServiceMethods: false }],
      errors: [
        { messageId: "serviceClass", data: { name: "ItemService", ...py }, line: 8, column: 7 },
      ],
    },
    // why: Base has no table; Tag is documented
    {
      ...onDisk(shop("app/models/item.py")),
      errors: [{ messageId: "modelClass", data: { name: "Item", ...py }, line: 10, column: 7 }],
    },
  ],
});

typescriptRuleTester().run("require-docstrings", rule, {
  valid: [
    // why: an Angular service in a monorepo is front-end code
    {
      filename: tsShop("src/services/favorite.service.ts"),
      code: lines(
        'import { Injectable } from "@angular/core";',
        "",
        '@Injectable({ providedIn: "root" })',
        "export class FavoriteService {",
        "  toggle(id: string): string {",
        "    return id;",
        "  }",
        "}",
      ),
    },
    // why: NestJS calls its lifecycle hooks; the documented class needs nothing more
    {
      filename: tsShop("src/services/cache.service.ts"),
      code: lines(
        "/** Warms and drops the product cache. */",
        "export class CacheService {",
        "  async onModuleInit(): Promise<void> {}",
        "  async onModuleDestroy(): Promise<void> {}",
        "}",
      ),
    },
    // why: a handler registered by name carries its JSDoc on its declaration
    {
      filename: tsShop("src/routes/health.ts"),
      code: lines(
        'import { Router } from "express";',
        "",
        "/** Liveness: 200 while the process serves. */",
        "export async function health(): Promise<string> {",
        '  return "ok";',
        "}",
        "",
        "export const healthRouter = Router();",
        'healthRouter.get("/health", health);',
      ),
    },
  ],
  invalid: [
    {
      ...onDisk(tsShop("src/routes/items.ts")),
      errors: [
        {
          messageId: "routeHandler",
          data: { name: "GET /items/:id", route: "", ...ts },
          line: 7,
          column: 3,
        },
      ],
    },
    {
      ...onDisk(tsShop("src/orders/orders.controller.ts")),
      errors: [
        {
          messageId: "routeHandler",
          data: { name: "OrdersController.find", route: " (GET /orders/:id)", ...ts },
          line: 6,
          column: 3,
        },
      ],
    },
    // why: the error class, the private method and the documented rename need none
    {
      ...onDisk(tsShop("src/services/item.service.ts")),
      errors: [
        { messageId: "serviceClass", data: { name: "ItemService", ...ts }, line: 5, column: 14 },
        {
          messageId: "serviceMethod",
          data: { name: "get", owner: "ItemService", ...ts },
          line: 8,
          column: 9,
        },
      ],
    },
    {
      ...onDisk(tsShop("src/entities/item.entity.ts")),
      errors: [{ messageId: "modelClass", data: { name: "Item", ...ts }, line: 4, column: 14 }],
    },
  ],
});
