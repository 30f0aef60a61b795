import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./validate-input.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const api = (rel: string) => join(import.meta.dirname, "fixtures", "ts-api", rel);
const onDisk = (rel: string) => ({ filename: api(rel), code: readFileSync(api(rel), "utf8") });
const lines = (...text: string[]) => `${text.join("\n")}\n`;

const routes = api("src/posts/posts.routes.ts");
const controller = api("src/orders/orders.controller.ts");
const fastifyFile = api("src/catalog/catalog.routes.ts");
const honoFile = api("src/search/search.routes.ts");
const koaFile = api("src/carts/carts.routes.ts");

const express = 'import { Router } from "express";\nexport const router = Router();\n';

typescriptRuleTester().run("validate-input (TypeScript)", rule, {
  valid: [
    // The fixture project validates with zod, a middleware, a Fastify schema, zValidator and DTOs.
    onDisk("src/orders/orders.controller.ts"),
    onDisk("src/catalog/catalog.routes.ts"),
    onDisk("src/search/search.routes.ts"),
    onDisk("src/carts/carts.routes.ts"),
    onDisk("src/middleware/validate.ts"),
    onDisk("src/app.ts"),
    // why: a handler that reads nothing from the request has nothing to validate
    {
      filename: routes,
      code: lines(express, 'router.get("/health", (_req, res) => res.json({ ok: true }));'),
    },
    // why: a validating middleware on the whole router covers each of its routes
    {
      filename: routes,
      code: lines(
        express,
        'import { validate } from "../middleware/validate.js";',
        "router.use(validate(CreatePost));",
        'router.post("/", async (req, res) => {',
        "  res.status(201).json(await posts.create(req.body));",
        "});",
      ),
    },
    // zod: the body goes straight into parse
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", async (req, res) => {',
        "  const input = CreatePost.parse(req.body);",
        "  res.status(201).json(await posts.create(input));",
        "});",
      ),
    },
    // why: the body flows through a variable into safeParse
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", async (req, res) => {',
        "  const raw = req.body;",
        "  const result = CreatePost.safeParse(raw);",
        "  if (!result.success) return res.status(422).json(result.error);",
        "  res.status(201).json(await posts.create(result.data));",
        "});",
      ),
    },
    // valibot: v.parse(schema, value)
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", (req, res) => res.json(posts.create(v.parse(CreatePost, req.body))));',
      ),
    },
    // class-validator: plainToInstance followed by validateOrReject
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", async (req, res) => {',
        "  const dto = plainToInstance(CreatePostDto, req.body);",
        "  await validateOrReject(dto);",
        "  res.json(await posts.create(dto));",
        "});",
      ),
    },
    // Joi
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", async (req, res) => {',
        "  const { value, error } = postSchema.validate(req.body);",
        "  if (error) return res.status(422).json(error);",
        "  res.json(await posts.create(value));",
        "});",
      ),
    },
    // A validation middleware in the same registration
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", validate(CreatePost), (req, res) => res.json(posts.create(req.body)));',
      ),
    },
    // why: a middleware named after its schema counts, whatever the wrapper is called
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", requireAuth, body(CreatePostSchema), (req, res) => res.json(req.body));',
      ),
    },
    // celebrate
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", celebrate({ body: postKeys }), (req, res) => res.json(req.body));',
      ),
    },
    // express-validator: a chain in the middlewares and validationResult in the handler
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", [body("email").isEmail()], (req, res) => {',
        "  if (!validationResult(req).isEmpty()) return res.sendStatus(422);",
        "  res.json(users.create(req.body));",
        "});",
      ),
    },
    // why: a wrapper the project defines that takes the schema validates
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", withBody(CreatePostSchema, async (req, res) => res.json(req.body)));',
      ),
    },
    // why: the `validators` option names the project's own validating middleware
    {
      filename: routes,
      code: lines(express, 'router.post("/", guard, (req, res) => res.json(req.body));'),
      options: [{ validators: ["guard"] }],
    },
    // why: path params are strings from the URL; only checkParams reports them
    {
      filename: routes,
      code: lines(
        express,
        'router.delete("/:id", async (req, res) => res.json(await posts.remove(req.params.id)));',
      ),
    },
    // why: a query field converted with Number() is a scalar, not a payload
    {
      filename: routes,
      code: lines(
        express,
        'router.get("/", async (req, res) => {',
        "  const page = Number(req.query.page ?? 1);",
        "  res.json(await posts.list(page));",
        "});",
      ),
    },
    // why: destructured query fields that are each coerced
    {
      filename: routes,
      code: lines(
        express,
        'router.get("/", async (req, res) => {',
        "  const { limit, offset } = req.query;",
        "  res.json(await posts.list(parseInt(limit), parseInt(offset)));",
        "});",
      ),
    },
    // why: a webhook SDK verifies the signature over the raw body and parses the event
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/webhooks/stripe", express.raw({ type: "application/json" }), (req, res) => {',
        '  const event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], secret);',
        "  res.json(handle(event));",
        "});",
      ),
    },
    // why: `cache.get("/x", ...)` on a Map-like object is no route
    {
      filename: routes,
      code: lines(
        "export function read(cache: Store, req: { body: unknown }): unknown {",
        '  return cache.get("/x", () => req.body);',
        "}",
      ),
    },
    // Hono: c.req.valid() is the validated input
    {
      filename: honoFile,
      code: lines(
        'import { Hono } from "hono";',
        "export const app = new Hono();",
        'app.post("/", vValidator("json", CreatePost), (c) => c.json(c.req.valid("json")));',
      ),
    },
    // Hono: the JSON body parsed with a schema
    {
      filename: honoFile,
      code: lines(
        'import { Hono } from "hono";',
        "export const app = new Hono();",
        'app.post("/", async (c) => c.json(CreatePost.parse(await c.req.json())));',
      ),
    },
    // Fastify: route() with a schema for the querystring
    {
      filename: fastifyFile,
      code: lines(
        'import Fastify from "fastify";',
        "export const fastify = Fastify();",
        "fastify.route({",
        '  method: "GET",',
        '  url: "/products",',
        "  schema: { querystring: ProductQuery },",
        "  handler: async (request) => products.search(request.query),",
        "});",
      ),
    },
    // why: Fastify options held in a variable cannot be read; assume they carry the schema
    {
      filename: fastifyFile,
      code: lines(
        'import Fastify from "fastify";',
        "export const fastify = Fastify();",
        'fastify.post("/products", createOptions, async (request) => products.create(request.body));',
      ),
    },
    // NestJS: DTO classes, pipes, single fields and @UsePipes
    {
      filename: controller,
      code: lines(
        'import { Body, Controller, Post, Query, Get, UsePipes } from "@nestjs/common";',
        'import { CreateOrderDto, ListOrdersQuery } from "./dto/create-order.dto.js";',
        '@Controller("orders")',
        "export class OrdersController {",
        "  @Post()",
        "  create(@Body() dto: CreateOrderDto) { return dto; }",
        "  @Get()",
        "  list(@Query() query: ListOrdersQuery) { return query; }",
        '  @Post("raw")',
        "  raw(@Body(new ZodValidationPipe(CreateOrder)) body: unknown) { return body; }",
        '  @Post("note")',
        '  note(@Body("text") text: string) { return text; }',
        '  @Post("zod")',
        "  @UsePipes(new ZodValidationPipe(CreateOrder))",
        "  zod(@Body() body: CreateOrderInput) { return body; }",
        "}",
      ),
    },
    // why: a generic DTO class is emitted as the class (type arguments erased): the pipe checks it
    {
      filename: controller,
      code: lines(
        'import { Controller, Get, Query } from "@nestjs/common";',
        'import { PageQueryDto } from "./dto/page-query.dto.js";',
        '@Controller("orders")',
        "export class OrdersController {",
        "  @Get()",
        "  list(@Query() query: PageQueryDto<Order>) { return query; }",
        "}",
      ),
    },
    // why: @Param() is not reported without checkParams
    {
      filename: controller,
      code: lines(
        'import { Controller, Get, Param } from "@nestjs/common";',
        '@Controller("orders")',
        "export class OrdersController {",
        '  @Get(":id")',
        "  find(@Param() params: any) { return params; }",
        "}",
      ),
    },
  ],
  invalid: [
    // why: express.json() parses the body, it validates nothing; another router's middleware covers only it
    {
      filename: routes,
      code: lines(
        express,
        'import express from "express";',
        'import { validate } from "../middleware/validate.js";',
        "router.use(express.json());",
        "const admin = Router();",
        "admin.use(validate(CreatePost));",
        'router.post("/", async (req, res) => {',
        "  res.status(201).json(await posts.create(req.body));",
        "});",
      ),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"POST /"', inputs: "req.body" },
          line: 9,
          column: 1,
        },
      ],
    },
    // The fixture's PATCH passes req.body straight to the service; the table knows the mount.
    {
      ...onDisk("src/posts/posts.routes.ts"),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"PATCH /api/posts/:id"', inputs: "req.body" },
          line: 21,
          column: 1,
          endLine: 23,
          endColumn: 2,
        },
      ],
    },
    // Express: body and query named in one finding
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", async (req, res) => {',
        "  const post = await posts.create(req.body, req.query.draft);",
        "  res.status(201).json(post);",
        "});",
      ),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"POST /"', inputs: "req.body and req.query" },
          line: 4,
          column: 1,
        },
      ],
    },
    // why: a TypeScript generic on Request types the body but checks nothing at run time
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", (req: Request<{}, {}, CreatePost>, res) => {',
        "  const { title, content } = req.body;",
        "  res.json(posts.create(title, content));",
        "});",
      ),
      errors: [{ messageId: "unvalidatedInput", line: 4, column: 1 }],
    },
    // why: JSON.parse reads text; it is no schema
    {
      filename: routes,
      code: lines(express, 'router.post("/import", (req, res) => res.json(JSON.parse(req.body)));'),
      errors: [{ messageId: "unvalidatedInput", line: 4, column: 1 }],
    },
    // why: a middleware that is not validation (auth) does not cover the body
    {
      filename: routes,
      code: lines(express, 'router.put("/:id", requireAuth, (req, res) => res.json(req.body));'),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"PUT /:id"', inputs: "req.body" },
          line: 4,
          column: 1,
        },
      ],
    },
    // A named handler in the same file is reported on its declaration.
    {
      filename: routes,
      code: lines(
        express,
        "async function createPost(req: Request, res: Response): Promise<void> {",
        "  res.json(await posts.create(req.body));",
        "}",
        'router.post("/", createPost);',
      ),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"createPost" (POST /)', inputs: "req.body" },
          line: 4,
          column: 1,
          endLine: 6,
          endColumn: 2,
        },
      ],
    },
    // why: asyncHandler only catches errors; the inner handler still reads an unchecked body
    {
      filename: routes,
      code: lines(
        express,
        'router.post("/", asyncHandler(async (req, res) => res.json(await posts.create(req.body))));',
      ),
      errors: [{ messageId: "unvalidatedInput", line: 4, column: 1 }],
    },
    // why: a destructured request parameter reads the body too
    {
      filename: routes,
      code: lines(express, 'router.post("/", ({ body }, res) => res.json(posts.create(body)));'),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"POST /"', inputs: "body" },
          line: 4,
          column: 1,
        },
      ],
    },
    // checkParams reports path params
    {
      filename: routes,
      code: lines(
        express,
        'router.delete("/:id", async (req, res) => res.json(await posts.remove(req.params.id)));',
      ),
      options: [{ checkParams: true }],
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"DELETE /:id"', inputs: "req.params" },
          line: 4,
          column: 1,
        },
      ],
    },
    // checkCoercedFields reports a converted query field
    {
      filename: routes,
      code: lines(
        express,
        'router.get("/", async (req, res) => res.json(await posts.list(Number(req.query.page))));',
      ),
      options: [{ checkCoercedFields: true }],
      errors: [{ messageId: "unvalidatedInput", line: 4, column: 1 }],
    },
    // Koa: ctx.request.body
    {
      filename: koaFile,
      code: lines(
        'import Router from "@koa/router";',
        'export const carts = new Router({ prefix: "/carts" });',
        'carts.post("/items", async (ctx) => {',
        "  ctx.body = await cartService.add(ctx.request.body);",
        "});",
      ),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"POST /carts/items"', inputs: "ctx.request.body" },
          line: 3,
          column: 1,
        },
      ],
    },
    // Hono: c.req.json() without a schema
    {
      filename: honoFile,
      code: lines(
        'import { Hono } from "hono";',
        "export const app = new Hono();",
        'app.post("/", async (c) => {',
        "  const input = await c.req.json();",
        "  return c.json(await search.save(input));",
        "});",
      ),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"POST /"', inputs: "c.req.json()" },
          line: 3,
          column: 1,
        },
      ],
    },
    // why: a Fastify schema for the body does not cover the querystring it also reads
    {
      filename: fastifyFile,
      code: lines(
        'import Fastify from "fastify";',
        "export const fastify = Fastify();",
        'fastify.post("/products", { schema: { body: Product } }, async (request) =>',
        "  products.create(request.body, request.query),",
        ");",
      ),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"POST /products"', inputs: "request.query" },
          line: 3,
          column: 1,
        },
      ],
    },
    // Fastify: route() without a schema
    {
      filename: fastifyFile,
      code: lines(
        'import Fastify from "fastify";',
        "export const fastify = Fastify();",
        "fastify.route({",
        '  method: "POST",',
        '  url: "/products",',
        "  handler: async (request) => products.create(request.body),",
        "});",
      ),
      errors: [{ messageId: "unvalidatedInput", line: 3, column: 1 }],
    },
    // NestJS: any, an inline type, an untyped body and Record in one finding each
    {
      filename: controller,
      code: lines(
        'import { Body, Controller, Get, Post, Put, Query } from "@nestjs/common";',
        '@Controller("orders")',
        "export class OrdersController {",
        "  @Post()",
        "  create(@Body() body: any) { return body; }",
        "",
        '  @Put(":id")',
        "  update(@Body() body: { status: string }) { return body; }",
        "",
        "  @Get()",
        "  list(@Query() query) { return query; }",
        "",
        '  @Post("bulk")',
        "  bulk(@Body() body: Record<string, unknown>, @Query() q: object) { return [body, q]; }",
        "}",
      ),
      errors: [
        {
          messageId: "noDtoClass",
          data: {
            route: '"OrdersController.create" (POST /orders)',
            inputs: '"@Body() body: any"',
          },
          line: 4,
          column: 3,
          endLine: 5,
          endColumn: 45,
        },
        { messageId: "noDtoClass", line: 7, column: 3 },
        {
          messageId: "noDtoClass",
          data: {
            route: '"OrdersController.list" (GET /orders)',
            inputs: '"@Query() query" (untyped)',
          },
          line: 10,
          column: 3,
        },
        {
          messageId: "noDtoClass",
          data: {
            route: '"OrdersController.bulk" (POST /orders/bulk)',
            inputs: '"@Body() body: Record<string, unknown>" and "@Query() q: object"',
          },
          line: 13,
          column: 3,
        },
      ],
    },
    // why: an interface (or a type-only import) is erased, so the ValidationPipe sees Object
    {
      filename: controller,
      code: lines(
        'import { Body, Controller, Post } from "@nestjs/common";',
        'import type { CreateOrderDto } from "./dto/create-order.dto.js";',
        "interface UpdateOrder { status: string }",
        '@Controller("orders")',
        "export class OrdersController {",
        "  @Post()",
        "  create(@Body() dto: CreateOrderDto) { return dto; }",
        '  @Post(":id")',
        "  update(@Body() dto: UpdateOrder) { return dto; }",
        "}",
      ),
      errors: [
        { messageId: "typeOnlyDto", line: 6, column: 3 },
        { messageId: "noDtoClass", line: 8, column: 3 },
      ],
    },
    // why: TypeORM's query types and a local generic alias are no classes: the pipe sees Object
    {
      filename: controller,
      code: lines(
        'import { Controller, Get, Query } from "@nestjs/common";',
        'import type { FindOptionsWhere } from "typeorm";',
        "type Page<T> = { items: T[]; limit: number };",
        '@Controller("orders")',
        "export class OrdersController {",
        '  @Get("count")',
        "  count(@Query() where: FindOptionsWhere<Order>) { return where; }",
        "  @Get()",
        "  list(@Query() page: Page<Order>) { return page; }",
        "}",
      ),
      errors: [
        { messageId: "noDtoClass", line: 6, column: 3 },
        { messageId: "noDtoClass", line: 8, column: 3 },
      ],
    },
    // why: an inline `type` specifier erases the class too, and the message says why it is not checked
    {
      filename: controller,
      code: lines(
        'import { Body, Controller, Post } from "@nestjs/common";',
        'import { type CreateOrderDto, OrderStatus } from "./dto/create-order.dto.js";',
        '@Controller("orders")',
        "export class OrdersController {",
        "  @Post()",
        "  create(@Body() dto: CreateOrderDto) { return [dto, OrderStatus]; }",
        "}",
      ),
      errors: [
        {
          messageId: "typeOnlyDto",
          line: 5,
          column: 3,
          data: {
            route: '"OrdersController.create" (POST /orders)',
            inputs: '"@Body() dto: CreateOrderDto"',
          },
        },
      ],
    },
    // why: reading req.body from @Req() bypasses the ValidationPipe
    {
      filename: controller,
      code: lines(
        'import { Controller, Post, Req } from "@nestjs/common";',
        '@Controller("orders")',
        "export class OrdersController {",
        "  @Post()",
        "  create(@Req() req: Request) { return this.orders.create(req.body); }",
        "}",
      ),
      errors: [
        {
          messageId: "unvalidatedInput",
          data: { route: '"OrdersController.create" (POST /orders)', inputs: "req.body" },
          line: 4,
          column: 3,
        },
      ],
    },
    // checkCoercedFields: a single @Body("field") without a pipe
    {
      filename: controller,
      code: lines(
        'import { Body, Controller, Post } from "@nestjs/common";',
        '@Controller("orders")',
        "export class OrdersController {",
        '  @Post("note")',
        '  note(@Body("text") text: string) { return text; }',
        "}",
      ),
      options: [{ checkCoercedFields: true }],
      errors: [
        {
          messageId: "noDtoClass",
          data: {
            route: '"OrdersController.note" (POST /orders/note)',
            inputs: '"@Body("text") text: string"',
          },
          line: 4,
          column: 3,
        },
      ],
    },
  ],
});

const app = (rel: string) => join(import.meta.dirname, "fixtures", "fastapi-app", rel);
const pyRoutes = app("app/routes/posts.py");
const header = lines(
  "from typing import Any, Annotated",
  "from fastapi import APIRouter, Body, Depends, Request",
  "from app.schemas.post import PostCreate",
  "",
  'router = APIRouter(prefix="/posts")',
);

pythonRuleTester().run("validate-input (Python)", rule, {
  valid: [
    // The fixture: a Pydantic body, a path param, and request.json() checked by model_validate.
    { filename: pyRoutes, code: readFileSync(pyRoutes, "utf8") },
    // why: a dict-typed dependency is no request input
    {
      filename: pyRoutes,
      code: lines(
        header,
        '@router.get("/")',
        "async def list_posts(settings: Annotated[dict, Depends(get_settings)]) -> list[str]:",
        "    return []",
      ),
    },
    // why: the parsed JSON goes into the model's constructor
    {
      filename: pyRoutes,
      code: lines(
        header,
        '@router.post("/raw")',
        "async def raw(request: Request) -> PostCreate:",
        "    return PostCreate(**(await request.json()))",
      ),
    },
    // why: Body() with a model type is validated
    {
      filename: pyRoutes,
      code: lines(
        header,
        '@router.post("/")',
        "async def create(data: PostCreate = Body(..., embed=True)) -> PostCreate:",
        "    return data",
      ),
    },
    // why: request.body() is the raw bytes a webhook signature is checked over
    {
      filename: pyRoutes,
      code: lines(
        header,
        '@router.post("/webhooks/stripe")',
        "async def stripe_webhook(request: Request) -> None:",
        "    verify_signature(await request.body(), request.headers)",
      ),
    },
    // why: a dict outside a route handler is not request input
    {
      filename: pyRoutes,
      code: lines(header, "def merge(a: dict, b: dict) -> dict:", "    return {**a, **b}"),
    },
  ],
  invalid: [
    {
      filename: pyRoutes,
      code: lines(
        header,
        '@router.post("/")',
        "async def create_post(data: dict) -> dict:",
        "    return data",
      ),
      errors: [
        {
          messageId: "unvalidatedPython",
          data: { route: '"create_post" (POST /posts/)', inputs: 'parameter "data: dict"' },
          line: 7,
          column: 1,
          endLine: 9,
          endColumn: 16,
        },
      ],
    },
    // why: Any, Dict[str, Any] and a bare Body() in one finding
    {
      filename: pyRoutes,
      code: lines(
        header,
        '@router.put("/{post_id}")',
        "async def update_post(",
        "    post_id: int,",
        "    changes: Dict[str, Any],",
        "    meta: Any,",
        "    extra=Body(None),",
        ") -> None:",
        "    pass",
      ),
      errors: [
        {
          messageId: "unvalidatedPython",
          data: {
            route: '"update_post" (PUT /posts/{post_id})',
            inputs:
              'parameter "changes: Dict[str, Any]", parameter "meta: Any" and parameter "extra = Body(None)"',
          },
          line: 7,
          column: 1,
        },
      ],
    },
    // why: Annotated[dict, Body()] is still a dict
    {
      filename: pyRoutes,
      code: lines(
        header,
        '@router.post("/bulk")',
        "async def bulk(items: Annotated[list[dict], Body()]) -> int:",
        "    return len(items)",
      ),
      errors: [{ messageId: "unvalidatedPython", line: 7, column: 1 }],
    },
    // The raw request JSON handed on unchecked
    {
      filename: pyRoutes,
      code: lines(
        header,
        '@router.post("/import")',
        "async def import_post(request: Request, service=Depends(get_service)) -> None:",
        "    payload = await request.json()",
        "    await service.create(payload)",
      ),
      errors: [
        {
          messageId: "unvalidatedPython",
          data: {
            route: '"import_post" (POST /posts/import)',
            inputs: '"await request.json()"',
          },
          line: 7,
          column: 1,
        },
      ],
    },
  ],
});
