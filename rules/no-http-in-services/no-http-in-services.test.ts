import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-http-in-services.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "shop");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");
const lines = (...text: string[]) => `${text.join("\n")}\n`;

const service = file("app/services/order_service.py");
const repository = file("app/repositories/order_repository.py");

pythonRuleTester().run("no-http-in-services", rule, {
  valid: [
    // why: a function some module names in Depends() is a dependency provider, even in a service module
    {
      filename: file("app/services/session_service.py"),
      code: onDisk("app/services/session_service.py"),
    },
    // why: a module that declares routes is a route module, though its name (crud) says repository
    {
      filename: file("app/routes/users/crud.py"),
      code: onDisk("app/routes/users/crud.py"),
    },
    // The fixture project keeps HTTP in its routes (and in one dependency provider).
    {
      filename: service,
      code: onDisk("app/services/order_service.py"),
    },
    {
      filename: file("app/services/auth_service.py"),
      code: onDisk("app/services/auth_service.py"),
    },
    {
      filename: repository,
      code: onDisk("app/repositories/order_repository.py"),
    },
    // The guideline's Error Handling DO block: the service raises a domain exception.
    {
      filename: file("app/services/post_service.py"),
      code: lines(
        "from app.exceptions import NotFoundError",
        "",
        "",
        "class PostService:",
        "    async def get_post(self, post_id: int) -> PostResponse:",
        "        post = await self.repo.find_by_id(post_id)",
        "        if not post:",
        "            raise NotFoundError(f'Post {post_id} not found')",
        "        return PostResponse.from_orm(post)",
      ),
    },
    // why: routes are where HTTPException belongs
    {
      filename: file("app/routes/orders.py"),
      code: onDisk("app/routes/orders.py"),
    },
    // why: models are not checked unless `layers` says so
    {
      filename: file("app/models/order.py"),
      code: lines(
        "from fastapi import HTTPException",
        "",
        "",
        "def check(order: object) -> None:",
        "    raise HTTPException(status_code=409)",
      ),
    },
    // why: a domain exception that merely has HTTP in its name is not the framework's
    {
      filename: service,
      code: lines(
        "class HTTPError(Exception):",
        "    pass",
        "",
        "",
        "class PaymentService:",
        "    def charge(self, amount: int) -> None:",
        "        raise HTTPError(f'gateway refused {amount}')",
      ),
    },
    // why: HTTP client errors (requests, httpx) are how a service reports a failing upstream API
    {
      filename: service,
      code: lines(
        "import httpx",
        "import requests",
        "",
        "",
        "def fetch_rate(currency: str) -> float:",
        "    response = requests.get(f'https://rates.example/{currency}')",
        "    if response.status_code != 200:",
        "        raise requests.HTTPError(response.reason)",
        "    return float(response.text)",
        "",
        "",
        "async def fetch_stock(sku: str, resp: httpx.Response) -> int:",
        "    if resp.is_error:",
        "        raise httpx.HTTPStatusError('stock', request=resp.request, response=resp)",
        "    return int(resp.text)",
      ),
    },
    // why: a bare `raise` re-raises what came from below; it adds no HTTP concern
    {
      filename: service,
      code: lines(
        "import logging",
        "",
        "",
        "def load(path: str) -> str:",
        "    try:",
        "        return open(path).read()",
        "    except OSError:",
        "        logging.exception('cannot read %s', path)",
        "        raise",
      ),
    },
    // why: a class of the project's own that is called HTTPException is a domain exception
    {
      filename: service,
      code: lines(
        "class HTTPException(Exception):",
        "    pass",
        "",
        "",
        "def check(quantity: int) -> None:",
        "    if quantity < 0:",
        "        raise HTTPException('negative quantity')",
      ),
    },
    // why: a dependency provider (Annotated[..., Depends()]) owns its HTTP contract, imports included
    {
      filename: service,
      code: lines(
        "from typing import Annotated",
        "",
        "from fastapi import Depends, HTTPException, Request, status",
        "",
        "",
        "async def get_tenant(",
        "    request: Request,",
        "    settings: Annotated[dict[str, str], Depends(load_settings)],",
        ") -> str:",
        "    tenant = request.headers.get('x-tenant')",
        "    if tenant is None:",
        "        raise HTTPException(status.HTTP_400_BAD_REQUEST, 'missing tenant')",
        "    return tenant",
      ),
    },
    // why: `CurrentUser` is an alias of `Annotated[User, Depends(...)]`, so this is a provider too
    {
      filename: service,
      code: lines(
        "from typing import Annotated",
        "",
        "from fastapi import Depends, HTTPException",
        "",
        "CurrentUser = Annotated[User, Depends(get_current_user)]",
        "",
        "",
        "def require_admin(user: CurrentUser) -> User:",
        "    if not user.is_admin:",
        "        raise HTTPException(status_code=403)",
        "    return user",
      ),
    },
    // why: dependency markers, background tasks, uploads and encoders are not request objects
    {
      filename: service,
      code: lines(
        "from fastapi import BackgroundTasks, Depends, UploadFile",
        "from fastapi.concurrency import run_in_threadpool",
        "from fastapi.encoders import jsonable_encoder",
        "",
        "",
        "async def import_orders(file: UploadFile, tasks: BackgroundTasks) -> dict[str, object]:",
        "    rows = await run_in_threadpool(parse, await file.read())",
        "    tasks.add_task(notify, len(rows))",
        "    return jsonable_encoder({'rows': rows})",
      ),
    },
    // why: `import fastapi` used only for helpers that are not HTTP objects
    {
      filename: service,
      code: lines(
        "import fastapi.encoders",
        "",
        "",
        "def export(order: object) -> object:",
        "    return fastapi.encoders.jsonable_encoder(order)",
      ),
    },
    // why: a Request type that is not the framework's (a domain command) is fine
    {
      filename: service,
      code: lines(
        "from app.schemas.refunds import Request",
        "",
        "",
        "def refund(request: Request) -> None:",
        "    pass",
      ),
    },
    {
      filename: file("tests/test_orders.py"),
      code: lines(
        "from fastapi import HTTPException",
        "",
        "",
        "def test_missing() -> None:",
        "    raise HTTPException(404)",
      ),
    },
    // why: with strictImports, imports used only by a dependency provider are still exempt
    {
      filename: service,
      code: lines(
        "from fastapi import Depends, HTTPException",
        "",
        "",
        "def get_order_or_404(order_id: int, service: OrderService = Depends(get_service)) -> Order:",
        "    order = service.find(order_id)",
        "    if order is None:",
        "        raise HTTPException(404)",
        "    return order",
      ),
      options: [{ strictImports: true }],
    },
    // why: Security() marks a dependency provider just as Depends() does
    {
      filename: service,
      code: lines(
        "from fastapi import HTTPException, Security",
        "",
        "",
        "def require_scope(token: str = Security(oauth2_scheme, scopes=['orders'])) -> str:",
        "    if not token:",
        "        raise HTTPException(401)",
        "    return token",
      ),
    },
  ],
  invalid: [
    // why: two raises of one import are two findings, and the import is not a third
    {
      filename: service,
      code: lines(
        "from fastapi import HTTPException",
        "",
        "",
        "class OrderService:",
        "    async def get_order(self, order_id: int) -> Order:",
        "        order = await self.repo.find(order_id)",
        "        if order is None:",
        "            raise HTTPException(status_code=404, detail='Order not found')",
        "        if order.deleted:",
        "            raise HTTPException(status_code=410)",
        "        return order",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: { name: "OrderService.get_order", exception: "HTTPException", layer: "services" },
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 75,
        },
        { messageId: "raisesHttp", line: 10, column: 13 },
      ],
    },
    // why: a module-level helper two calls below the route is still the service layer
    {
      filename: service,
      code: lines(
        "from fastapi import HTTPException",
        "",
        "",
        "def _ensure_found(order: Order | None, order_id: int) -> Order:",
        "    if order is None:",
        "        raise HTTPException(404, f'Order {order_id} not found')",
        "    return order",
        "",
        "",
        "class OrderService:",
        "    async def get_order(self, order_id: int) -> Order:",
        "        return self._load(order_id)",
        "",
        "    def _load(self, order_id: int) -> Order:",
        "        return _ensure_found(self.repo.find(order_id), order_id)",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: { name: "_ensure_found", exception: "HTTPException", layer: "services" },
          line: 6,
          column: 9,
        },
      ],
    },
    // why: `raise ... from err` is still a raise of HTTPException; the bare class counts too
    {
      filename: service,
      code: lines(
        "from fastapi import HTTPException",
        "",
        "",
        "def parse_quantity(text: str) -> int:",
        "    try:",
        "        return int(text)",
        "    except ValueError as err:",
        "        raise HTTPException(422, 'quantity must be a number') from err",
        "",
        "",
        "def forbid() -> None:",
        "    raise HTTPException",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: { name: "parse_quantity", exception: "HTTPException", layer: "services" },
          line: 8,
          column: 9,
        },
        {
          messageId: "raisesHttp",
          data: { name: "forbid", exception: "HTTPException", layer: "services" },
          line: 12,
          column: 5,
        },
      ],
    },
    // why: an alias does not hide where the class comes from
    {
      filename: repository,
      code: lines(
        "from fastapi import HTTPException as HE",
        "",
        "",
        "class OrderRepository:",
        "    async def get(self, order_id: int) -> Order:",
        "        raise HE(404)",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: { name: "OrderRepository.get", exception: "HTTPException", layer: "repositories" },
          line: 6,
          column: 9,
        },
      ],
    },
    {
      filename: service,
      code: lines(
        "import fastapi",
        "from starlette.exceptions import HTTPException as StarletteHTTPException",
        "",
        "",
        "def a() -> None:",
        "    raise fastapi.HTTPException(status_code=fastapi.status.HTTP_404_NOT_FOUND)",
        "",
        "",
        "def b() -> None:",
        "    raise StarletteHTTPException(500)",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: { name: "a", exception: "HTTPException", layer: "services" },
          line: 6,
          column: 5,
        },
        {
          messageId: "raisesHttp",
          data: { name: "b", exception: "HTTPException", layer: "services" },
          line: 10,
          column: 5,
        },
      ],
    },
    // why: a local subclass (two levels deep) of HTTPException is one; its imports are part of the finding
    {
      filename: service,
      code: lines(
        "from fastapi import HTTPException, status",
        "",
        "",
        "class ShopError(HTTPException):",
        "    pass",
        "",
        "",
        "class OrderGone(ShopError):",
        "    def __init__(self) -> None:",
        "        super().__init__(status_code=status.HTTP_410_GONE)",
        "",
        "",
        "def cancel(order: Order) -> None:",
        "    if order.archived:",
        "        raise OrderGone()",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: {
            name: "cancel",
            exception: "OrderGone (a subclass of HTTPException)",
            layer: "services",
          },
          line: 15,
          column: 9,
        },
      ],
    },
    // why: an exception built first and raised later
    {
      filename: service,
      code: lines(
        "from fastapi import WebSocketException",
        "",
        "",
        "def close_room(room: str) -> None:",
        "    error = WebSocketException(code=1008, reason=room)",
        "    raise error",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: { name: "close_room", exception: "WebSocketException", layer: "services" },
          line: 6,
          column: 5,
        },
      ],
    },
    {
      filename: repository,
      code: lines(
        "from fastapi import Request",
        "",
        "",
        "class OrderRepository:",
        "    async def find(self, request: Request, order_id: int) -> Order | None:",
        "        return await request.state.db.get(Order, order_id)",
      ),
      errors: [
        {
          messageId: "takesHttpObject",
          data: {
            name: "OrderRepository.find",
            type: "Request",
            param: "request",
            layer: "repositories",
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 42,
        },
      ],
    },
    // why: wrappers (Optional, Annotated, | None) and submodules resolve to the same classes
    {
      filename: service,
      code: lines(
        "from typing import Annotated, Optional",
        "",
        "from fastapi.responses import JSONResponse",
        "from starlette import requests, websockets",
        "",
        "",
        "def export(",
        "    response: Optional[JSONResponse],",
        "    conn: Annotated[requests.HTTPConnection, 'the caller'],",
        "    socket: websockets.WebSocket | None = None,",
        ") -> None:",
        "    pass",
      ),
      errors: [
        {
          messageId: "takesHttpObject",
          data: { name: "export", type: "JSONResponse", param: "response", layer: "services" },
          line: 8,
          column: 5,
        },
        {
          messageId: "takesHttpObject",
          data: { name: "export", type: "HTTPConnection", param: "conn", layer: "services" },
          line: 9,
          column: 5,
        },
        {
          messageId: "takesHttpObject",
          data: { name: "export", type: "WebSocket", param: "socket", layer: "services" },
          line: 10,
          column: 5,
        },
      ],
    },
    // why: a string annotation of an import under TYPE_CHECKING names the same class
    {
      filename: service,
      code: lines(
        "from typing import TYPE_CHECKING",
        "",
        "if TYPE_CHECKING:",
        "    from starlette.requests import Request",
        "",
        "",
        "def client_ip(request: 'Request') -> str:",
        "    return request.client.host",
      ),
      errors: [
        {
          messageId: "takesHttpObject",
          data: { name: "client_ip", type: "Request", param: "request", layer: "services" },
          line: 7,
          column: 15,
        },
      ],
    },
    {
      filename: service,
      code: lines(
        "from fastapi import status",
        "",
        "",
        "class OrderService:",
        "    def create_status(self) -> int:",
        "        return status.HTTP_201_CREATED",
      ),
      errors: [
        {
          messageId: "importsHttp",
          data: {
            layer: "services",
            name: "status",
            module: "fastapi",
            reason: "HTTP status codes belong in routes",
          },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 27,
        },
      ],
    },
    // why: a service that builds responses is doing the route's work
    {
      filename: service,
      code: lines(
        "from fastapi.responses import JSONResponse",
        "",
        "",
        "def order_json(order: Order) -> JSONResponse:",
        "    return JSONResponse({'id': order.id})",
      ),
      errors: [
        {
          messageId: "importsHttp",
          data: {
            layer: "services",
            name: "JSONResponse",
            module: "fastapi.responses",
            reason: "responses belong in routes",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: `import fastapi` is judged by what it is used for
    {
      filename: service,
      code: lines(
        "import fastapi",
        "",
        "",
        "def code_for(missing: bool) -> int:",
        "    return fastapi.status.HTTP_404_NOT_FOUND if missing else fastapi.status.HTTP_200_OK",
      ),
      errors: [
        {
          messageId: "importsHttpModule",
          data: {
            layer: "services",
            module: "fastapi.status",
            reason: "HTTP status codes belong in routes",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: an unused import of an HTTP object still ties the service to HTTP; one finding per statement
    {
      filename: service,
      code: lines(
        "from fastapi import Request, Response",
        "",
        "",
        "def noop() -> None:",
        "    pass",
      ),
      errors: [
        {
          messageId: "importsHttp",
          data: {
            layer: "services",
            name: "Request",
            module: "fastapi",
            reason: "request objects belong in routes",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: catching HTTPException is an HTTP concern that no raise or parameter finding covers
    {
      filename: service,
      code: lines(
        "from fastapi import HTTPException",
        "",
        "",
        "def quiet_lookup(order_id: int) -> Order | None:",
        "    try:",
        "        return lookup(order_id)",
        "    except HTTPException:",
        "        return None",
        "",
        "",
        "def strict_lookup(order_id: int) -> Order:",
        "    raise HTTPException(404)",
      ),
      errors: [
        {
          messageId: "importsHttp",
          data: {
            layer: "services",
            name: "HTTPException",
            module: "fastapi",
            reason: "HTTP errors belong in routes and exception handlers",
          },
          line: 1,
          column: 1,
        },
        {
          messageId: "raisesHttp",
          data: { name: "strict_lookup", exception: "HTTPException", layer: "services" },
          line: 12,
          column: 5,
        },
      ],
    },
    // why: a provider is exempt, the plain function next to it is not
    {
      filename: service,
      code: lines(
        "from fastapi import Depends, HTTPException",
        "",
        "",
        "def get_order_or_404(order_id: int, service: OrderService = Depends(get_service)) -> Order:",
        "    order = service.find(order_id)",
        "    if order is None:",
        "        raise HTTPException(404)",
        "    return order",
        "",
        "",
        "def archive(order: Order) -> None:",
        "    raise HTTPException(409)",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: { name: "archive", exception: "HTTPException", layer: "services" },
          line: 12,
          column: 5,
        },
      ],
    },
    {
      filename: service,
      code: lines(
        "from fastapi import UploadFile",
        "",
        "",
        "async def save_invoice(file: UploadFile) -> bytes:",
        "    return await file.read()",
      ),
      options: [{ strictImports: true }],
      errors: [
        {
          messageId: "importsHttp",
          data: {
            layer: "services",
            name: "UploadFile",
            module: "fastapi",
            reason: "the web framework belongs in routes",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: file("app/models/order.py"),
      code: lines(
        "from fastapi import HTTPException",
        "",
        "",
        "def check() -> None:",
        "    raise HTTPException(409)",
      ),
      options: [{ layers: ["services", "repositories", "models"] }],
      errors: [
        {
          messageId: "raisesHttp",
          data: { name: "check", exception: "HTTPException", layer: "models" },
          line: 5,
          column: 5,
        },
      ],
    },
    // why: a raise outside any function is named by its module
    {
      filename: service,
      code: lines(
        "from fastapi import HTTPException",
        "",
        "if not SETTINGS.payments_enabled:",
        "    raise HTTPException(503)",
      ),
      errors: [
        {
          messageId: "raisesHttp",
          data: {
            name: "app.services.order_service",
            exception: "HTTPException",
            layer: "services",
          },
          line: 4,
          column: 5,
        },
      ],
    },
    // why: nested functions are named through their enclosing definitions
    {
      filename: service,
      code: lines(
        "from fastapi import Response",
        "",
        "",
        "class ReportService:",
        "    def render(self) -> None:",
        "        def write(response: Response) -> None:",
        "            pass",
      ),
      errors: [
        {
          messageId: "takesHttpObject",
          data: {
            name: "ReportService.render.write",
            type: "Response",
            param: "response",
            layer: "services",
          },
          line: 6,
          column: 19,
        },
      ],
    },
    {
      filename: service,
      code: lines(
        "import fastapi",
        "",
        "",
        "def export(order: object) -> object:",
        "    return fastapi.encoders.jsonable_encoder(order)",
      ),
      options: [{ strictImports: true }],
      errors: [
        {
          messageId: "importsHttpModule",
          data: {
            layer: "services",
            module: "fastapi",
            reason: "the web framework belongs in routes",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: file("app/events/handlers.py"),
      code: lines(
        "from fastapi import Request",
        "",
        "",
        "async def on_order_paid(request: Request) -> None:",
        "    pass",
      ),
      options: [{ layers: ["services", "events"] }],
      errors: [
        {
          messageId: "takesHttpObject",
          data: { name: "on_order_paid", type: "Request", param: "request", layer: "events" },
          line: 4,
          column: 25,
        },
      ],
    },
  ],
});

// TypeScript: NestJS, express, fastify, koa and hono, resolved through the file's imports.
const tsShop = (rel: string) => join(import.meta.dirname, "fixtures", "ts-shop", rel);
const tsOnDisk = (rel: string) => ({
  filename: tsShop(rel),
  code: readFileSync(tsShop(rel), "utf8"),
});
const tsService = tsShop("src/orders/orders.service.ts");
const tsRepository = tsShop("src/orders/orders.repository.ts");

typescriptRuleTester().run("no-http-in-services (TypeScript)", rule, {
  valid: [
    // The fixture project maps domain errors to HTTP in the controller and the router.
    tsOnDisk("src/orders/orders.controller.ts"),
    tsOnDisk("src/orders/orders.service.ts"),
    tsOnDisk("src/orders/orders.repository.ts"),
    tsOnDisk("src/users/users.routes.ts"),
    tsOnDisk("src/users/users.service.ts"),
    // why: a controller is not a checked layer
    {
      filename: tsShop("src/orders/orders.controller.ts"),
      code: lines(
        'import { HttpException } from "@nestjs/common";',
        "export function fail(): never {",
        '  throw new HttpException("Gone", 410);',
        "}",
      ),
    },
    // why: Injectable, Inject and Logger are NestJS's DI and logging, not HTTP
    {
      filename: tsService,
      code: lines(
        'import { Inject, Injectable, Logger } from "@nestjs/common";',
        "@Injectable()",
        "export class OrdersService {",
        "  private readonly logger = new Logger();",
        '  constructor(@Inject("CLOCK") private readonly clock: () => Date) {}',
        "}",
      ),
    },
    // why: a local class that happens to share the NestJS name is a domain error
    {
      filename: tsService,
      code: lines(
        "class NotFoundException extends Error {}",
        "export function find(id: number): never {",
        "  throw new NotFoundException(`order ${id}`);",
        "}",
      ),
    },
    // why: undici's Request is an outgoing HTTP call, not the route's request object
    {
      filename: tsService,
      code: lines(
        'import { Request } from "undici";',
        "export async function send(request: Request): Promise<void> {",
        "  await fetch(request);",
        "}",
      ),
    },
    // why: the global fetch Request is not imported from a web framework
    {
      filename: tsRepository,
      code: "export const body = async (request: Request): Promise<string> => request.text();\n",
    },
    // why: a service module that declares routes is a route module
    {
      filename: tsService,
      code: lines(
        'import { Router, type Request } from "express";',
        "export const router = Router();",
        'router.get("/orders", (req: Request) => req.query);',
      ),
    },
    // why: the rest of express (a helper type that is no request object) passes by default
    {
      filename: tsService,
      code: 'import express from "express";\nexport const parseJson = express.json();\n',
    },
    {
      filename: tsShop("src/orders/order.entity.ts"),
      code: 'import { HttpStatus } from "@nestjs/common";\nexport const gone = HttpStatus.GONE;\n',
    },
  ],
  invalid: [
    // why: a deep import of @nestjs/common is the same HttpException
    {
      filename: tsService,
      code: 'import { HttpException } from "@nestjs/common/exceptions/http.exception";\n\nexport function check(ok: boolean): void {\n  if (!ok) throw new HttpException("Nope", 400);\n}\n',
      errors: [{ messageId: "throwsHttp", line: 4, column: 12 }],
    },
    {
      filename: tsService,
      code: lines(
        'import { Injectable, NotFoundException } from "@nestjs/common";',
        "@Injectable()",
        "export class OrdersService {",
        "  find(id: number) {",
        "    throw new NotFoundException(`Order ${id} not found`);",
        "  }",
        "}",
      ),
      errors: [
        {
          messageId: "throwsHttp",
          data: { name: "OrdersService.find", exception: "NotFoundException", layer: "services" },
          line: 5,
          column: 5,
        },
      ],
    },
    // why: HttpStatus used only inside the reported throw is part of the same finding
    {
      filename: tsRepository,
      code: lines(
        'import { HttpException, HttpStatus } from "@nestjs/common";',
        "export const load = (id: number) => {",
        '  throw new HttpException("missing", HttpStatus.NOT_FOUND);',
        "};",
      ),
      errors: [
        {
          messageId: "throwsHttp",
          data: { name: "load", exception: "HttpException", layer: "repositories" },
          line: 3,
          column: 3,
        },
      ],
    },
    // why: a local subclass of a NestJS exception is still an HTTP exception
    {
      filename: tsService,
      code: lines(
        'import { ConflictException } from "@nestjs/common";',
        "class DuplicateOrder extends ConflictException {}",
        "export function create(): never {",
        "  throw new DuplicateOrder();",
        "}",
      ),
      errors: [
        {
          messageId: "throwsHttp",
          data: {
            name: "create",
            exception: "DuplicateOrder (a subclass of ConflictException)",
            layer: "services",
          },
          line: 4,
          column: 3,
        },
      ],
    },
    {
      filename: tsService,
      code: lines(
        'import * as common from "@nestjs/common";',
        "export function check(ok: boolean) {",
        "  if (!ok) throw new common.ForbiddenException();",
        "}",
      ),
      errors: [{ messageId: "throwsHttp", line: 3, column: 12 }],
    },
    {
      filename: tsService,
      code: lines(
        'import createError from "http-errors";',
        "export function find(id: number) {",
        '  throw createError(404, "Order not found");',
        "}",
      ),
      errors: [
        {
          messageId: "throwsHttp",
          data: {
            name: "find",
            exception: "an http-errors error (createError)",
            layer: "services",
          },
          line: 3,
          column: 3,
        },
      ],
    },
    // why: CommonJS services load http-errors with require()
    {
      filename: tsShop("src/orders/orders.service.js"),
      code: lines(
        'const createHttpError = require("http-errors");',
        "module.exports.find = function find() {",
        "  throw new createHttpError.NotFound();",
        "};",
      ),
      errors: [
        {
          messageId: "throwsHttp",
          data: {
            name: "find",
            exception: "an http-errors error (createHttpError.NotFound)",
            layer: "services",
          },
          line: 3,
          column: 3,
        },
      ],
    },
    {
      filename: tsService,
      code: lines(
        'import type { Request } from "express";',
        "export class OrdersService {",
        "  currentUser(req: Request): string {",
        "    return req.headers.authorization ?? '';",
        "  }",
        "}",
      ),
      errors: [
        {
          messageId: "takesHttpObject",
          data: {
            name: "OrdersService.currentUser",
            type: "Request",
            param: "req",
            layer: "services",
          },
          line: 3,
          column: 15,
        },
      ],
    },
    // why: names used only in reported parameters make no second finding at their import
    {
      filename: tsService,
      code: lines(
        'import { NextFunction, Request as Req, Response } from "express";',
        "export function audit(req: Req, res: Response, next: NextFunction): void {}",
      ),
      errors: [
        {
          messageId: "takesHttpObject",
          data: { name: "audit", type: "Request", param: "req", layer: "services" },
          line: 2,
          column: 23,
        },
        {
          messageId: "takesHttpObject",
          data: { name: "audit", type: "Response", param: "res", layer: "services" },
          line: 2,
          column: 33,
        },
        {
          messageId: "takesHttpObject",
          data: { name: "audit", type: "NextFunction", param: "next", layer: "services" },
          line: 2,
          column: 48,
        },
      ],
    },
    // why: a request-scoped provider that injects the request as a parameter property
    {
      filename: tsService,
      code: lines(
        'import type { FastifyRequest } from "fastify";',
        "export class AuditService {",
        "  constructor(private readonly request: FastifyRequest | undefined) {}",
        "}",
      ),
      errors: [{ messageId: "takesHttpObject", line: 3, column: 15 }],
    },
    {
      filename: tsRepository,
      code: lines(
        'import type Koa from "koa";',
        "export function tenantOf(ctx: Koa.Context): string {",
        "  return String(ctx.state.tenant);",
        "}",
      ),
      errors: [
        {
          messageId: "takesHttpObject",
          data: { name: "tenantOf", type: "Context", param: "ctx", layer: "repositories" },
          line: 2,
          column: 26,
        },
      ],
    },
    {
      filename: tsService,
      code: lines(
        'import type { Context } from "hono";',
        "export const userId = (c: Context, fallback = 0): number => Number(c.req.param('id') ?? fallback);",
      ),
      errors: [{ messageId: "takesHttpObject", line: 2, column: 24 }],
    },
    // why: an HTTP name used outside a throw or a parameter is reported at its import, once a statement
    {
      filename: tsService,
      code: lines(
        'import { Injectable, BadRequestException, HttpStatus } from "@nestjs/common";',
        'import { StatusCodes } from "http-status-codes";',
        "@Injectable()",
        "export class OrdersService {",
        '  invalid = () => new BadRequestException("bad sku");',
        "  code = StatusCodes.CONFLICT + HttpStatus.OK;",
        "}",
      ),
      errors: [
        {
          messageId: "importsHttp",
          data: {
            layer: "services",
            name: "BadRequestException",
            module: "@nestjs/common",
            reason: "HTTP errors belong in routes and exception handlers",
          },
          line: 1,
          column: 1,
        },
        {
          messageId: "importsHttp",
          data: {
            layer: "services",
            name: "StatusCodes",
            module: "http-status-codes",
            reason: "HTTP status codes belong in routes",
          },
          line: 2,
          column: 1,
        },
      ],
    },
    // why: express middleware style, `next(createError(...))`, is not a throw
    {
      filename: tsService,
      code: lines(
        'import createError from "http-errors";',
        "export const notFound = (next: (e: Error) => void) => next(createError(404));",
      ),
      errors: [
        {
          messageId: "importsHttpModule",
          data: {
            layer: "services",
            module: "http-errors",
            reason: "HTTP errors belong in routes and exception handlers",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: tsService,
      code: lines(
        'import express from "express";',
        "export type Handler = (req: express.Request) => void;",
      ),
      errors: [
        {
          messageId: "importsHttp",
          data: {
            layer: "services",
            name: "Request",
            module: "express",
            reason: "request and response objects belong in routes",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: tsService,
      code: 'import express from "express";\nexport const parseJson = express.json();\n',
      options: [{ layers: ["services"], strictImports: true }],
      errors: [{ messageId: "importsHttpModule", line: 1, column: 1 }],
    },
  ],
});
