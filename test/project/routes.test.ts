import { describe, expect, it } from "vitest";
import { parsePython } from "../../src/languages/python/parser.js";
import type { PyModule } from "../../src/languages/python/nodes.js";
import { extractRoutes } from "../../src/project/python/routes.js";

function routesOf(text: string) {
  const parsed = parsePython(text);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  const { routers, routes, mounts, added } = extractRoutes(parsed.ast as PyModule, text);
  return {
    routers,
    mounts: mounts.map(({ start: _start, ...m }) => m),
    added: added.map(({ start: _start, ...a }) => a),
    routes: routes.map(({ node, ...rest }) => ({ ...rest, start: node.start })),
  };
}

const POSTS = `from fastapi import APIRouter, FastAPI, status

router = APIRouter(prefix="/posts", tags=["posts"])
app = FastAPI()


@router.get("/", response_model=list[PostOut])
async def list_posts(service: PostService = Depends(get_service)) -> list[PostOut]:
    return await service.list()


@router.post("/", status_code=status.HTTP_201_CREATED, response_model=PostOut, tags=["write"])
async def create_post(data: PostIn) -> PostOut:
    return await service.create(data)


@router.api_route("/{post_id}", methods=["put", "PATCH"], dependencies=[Depends(auth)])
def replace_post(post_id: int) -> None:
    ...


@app.websocket("/ws")
async def feed(ws: WebSocket) -> None:
    ...


if DEBUG:
    @router.delete(f"/{PREFIX}/all")
    def wipe() -> None:
        ...
`;

describe("extractRoutes", () => {
  it("finds routers with their literal prefix and tags", () => {
    expect(routesOf(POSTS).routers).toEqual([
      { name: "app", kind: "FastAPI", prefix: null, tags: [] },
      { name: "router", kind: "APIRouter", prefix: "/posts", tags: ["posts"] },
    ]);
  });

  it("finds every route handler with its methods, path and contract", () => {
    const { routes } = routesOf(POSTS);
    expect(routes.map(({ start: _start, ...r }) => r)).toEqual([
      {
        handler: "list_posts",
        router: "router",
        methods: ["GET"],
        path: "/",
        responseModel: true,
        responseClass: false,
        inSchema: true,
        statusCode: null,
        tags: [],
        dependencies: false,
        isAsync: true,
      },
      {
        handler: "create_post",
        router: "router",
        methods: ["POST"],
        path: "/",
        responseModel: true,
        responseClass: false,
        inSchema: true,
        statusCode: "status.HTTP_201_CREATED",
        tags: ["write"],
        dependencies: false,
        isAsync: true,
      },
      {
        handler: "replace_post",
        router: "router",
        methods: ["PUT", "PATCH"],
        path: "/{post_id}",
        responseModel: false,
        responseClass: false,
        inSchema: true,
        statusCode: null,
        tags: [],
        dependencies: true,
        isAsync: false,
      },
      {
        handler: "feed",
        router: "app",
        methods: ["WEBSOCKET"],
        path: "/ws",
        responseModel: false,
        responseClass: false,
        inSchema: true,
        statusCode: null,
        tags: [],
        dependencies: false,
        isAsync: true,
      },
      // why: an f-string path is still a route; its path is unknown
      {
        handler: "wipe",
        router: "router",
        methods: ["DELETE"],
        path: null,
        responseModel: false,
        responseClass: false,
        inSchema: true,
        statusCode: null,
        tags: [],
        dependencies: false,
        isAsync: false,
      },
    ]);
    // The handler node starts at its first decorator.
    expect(routes[0].start).toBe(POSTS.indexOf('@router.get("/"'));
  });

  it("reads response_class, include_in_schema and tags that are not literals", () => {
    const text = [
      "from fastapi import APIRouter",
      "from fastapi.responses import HTMLResponse",
      "router = APIRouter()",
      "",
      '@router.get("/page", response_class=HTMLResponse, include_in_schema=False, tags=[Tags.admin])',
      "def page() -> str: ...",
    ].join("\n");
    const [route] = routesOf(text).routes;
    expect([route.responseClass, route.inSchema, route.tags]).toEqual([true, false, ["{?}"]]);
  });

  it("ignores decorators that only look like routes", () => {
    const text = [
      "@celery_app.task(name='send')",
      "def send() -> None: ...",
      "@cache.get('user-key')",
      "def cached() -> None: ...",
      "@functools.lru_cache",
      "def memo() -> None: ...",
      "@router.get",
      "def bare() -> None: ...",
      "",
    ].join("\n");
    expect(routesOf(text)).toEqual({ routers: [], routes: [], mounts: [], added: [] });
  });

  it("finds include_router mounts and add_api_route calls, also inside an app factory", () => {
    const text = [
      "from fastapi import FastAPI",
      "from app.api import views",
      "from app.routes import posts",
      "",
      "def create_app() -> FastAPI:",
      "    app = FastAPI()",
      '    app.include_router(posts.router, prefix="/v1", tags=["posts"])',
      "    app.include_router(router=admin_router, prefix=settings.ADMIN_PREFIX)",
      '    app.add_api_route("/titles", views.list_titles, methods=["get"], status_code=200)',
      "    return app",
      "",
    ].join("\n");
    const { mounts, added, routers } = routesOf(text);
    expect(routers).toEqual([{ name: "app", kind: "FastAPI", prefix: null, tags: [] }]);
    expect(mounts).toEqual([
      { parent: "app", child: "posts.router", prefix: "/v1", tags: ["posts"] },
      // why: a prefix that is not a literal is kept as its source, in braces
      { parent: "app", child: "admin_router", prefix: "{settings.ADMIN_PREFIX}", tags: [] },
    ]);
    expect(added).toEqual([
      {
        router: "app",
        endpoint: "views.list_titles",
        methods: ["GET"],
        path: "/titles",
        responseModel: false,
        responseClass: false,
        inSchema: true,
        statusCode: "200",
        tags: [],
        dependencies: false,
      },
    ]);
  });
});
