import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-db-in-routes.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "blog-api");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");
const route = file("app/routes/posts.py");

pythonRuleTester().run("no-db-in-routes", rule, {
  valid: [
    // The fixture's routes reach data through an injected service.
    { filename: route, code: onDisk("app/routes/posts.py") },
    {
      filename: route,
      code: `from fastapi import APIRouter, Depends

from app.dependencies import get_post_service
from app.services.post_service import PostService

router = APIRouter()


@router.get("/{post_id}")
async def get_post(post_id: int, service: PostService = Depends(get_post_service)) -> object:
    return await service.get_post(post_id)
`,
    },
    // why: a dependency provider in a routes module is not a route handler
    {
      filename: route,
      code: `from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.dependencies import get_db
from app.repositories.post_repository import PostRepository


def get_repo(db: AsyncSession = Depends(get_db)) -> PostRepository:
    return PostRepository(db)
`,
    },
    // why: a parameter named "session" that is not a database session
    {
      filename: route,
      code: `from fastapi import APIRouter

router = APIRouter()


@router.get("/me")
async def me(session: dict[str, str]) -> str:
    return session.get("user", "")
`,
    },
    // why: \`select\` from another library is not SQLAlchemy's
    {
      filename: route,
      code: `from fastapi import APIRouter
from app.utils.choices import select

router = APIRouter()


@router.get("/pick")
async def pick(options: list[str]) -> str:
    return select(options)
`,
    },
    // why: a dependency that itself uses the database (auth) is not data access in the route
    {
      filename: route,
      code: `from fastapi import APIRouter, Depends

from app.dependencies import get_current_user

router = APIRouter(dependencies=[Depends(get_current_user)])


@router.get("/", dependencies=[Depends(get_current_user)])
async def index(user: object = Depends(get_current_user)) -> object:
    return user
`,
    },
    // why: a decorator with a non-path string is not a route (a cache's get)
    {
      filename: route,
      code: `from sqlalchemy.ext.asyncio import AsyncSession


@cache.get("posts")
async def cached(db: AsyncSession) -> object:
    return await db.execute(query)
`,
    },
    // why: services that take the session per call; the handler only hands it on
    {
      filename: route,
      code: `from fastapi import APIRouter

from app.dependencies import SessionDep
from app.services import post_service

router = APIRouter()


@router.get("/")
async def index(db: SessionDep) -> list[str]:
    return await post_service.titles(db)
`,
      options: [{ allowSessionParameters: true }],
    },
  ],
  invalid: [
    // why: Tortoise ORM connections are the database too
    {
      filename: route,
      code: `from fastapi import APIRouter
from tortoise.transactions import in_transaction

router = APIRouter()


@router.post("/archive")
async def archive() -> None:
    async with in_transaction() as conn:
        await conn.execute_query("UPDATE posts SET archived = true")
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "archive",
            route: " (POST /archive)",
            what: '"in_transaction()", "conn.execute_query()"',
          },
          line: 7,
          column: 1,
        },
      ],
    },
    // why: allowSessionParameters still reports the handler's own queries
    {
      filename: route,
      code: `from fastapi import APIRouter

from app.dependencies import SessionDep

router = APIRouter()


@router.post("/")
async def create(db: SessionDep) -> None:
    await db.commit()
`,
      options: [{ allowSessionParameters: true }],
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "create",
            route: " (POST /)",
            what: 'parameter "db: SessionDep", "db.commit()"',
          },
          line: 8,
          column: 1,
        },
      ],
    },
    // The guideline's anti-pattern "All logic in route handler", as written (no imports).
    {
      filename: route,
      code: `@router.post("/posts")
async def create_post(data: PostCreate, db: Session = Depends(get_db)):
    existing = db.query(Post).filter_by(title=data.title).first()
    if existing:
        raise HTTPException(status_code=400, detail="Exists")
    post = Post(**data.dict())
    db.add(post)
    db.commit()
    return post
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "create_post",
            route: " (POST /posts)",
            what: 'parameter "db: Session", "db.query()", "db.add()", "db.commit()"',
          },
          line: 1,
          column: 1,
          endLine: 9,
        },
      ],
    },
    // why: the session hides in an Annotated alias defined in another module
    {
      filename: route,
      code: `from fastapi import APIRouter

from app.dependencies import SessionDep

router = APIRouter(prefix="/posts")


@router.delete("/{post_id}", status_code=204)
async def delete_post(post_id: int, db: SessionDep) -> None:
    await db.delete(await db.get(Post, post_id))
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "delete_post",
            route: " (DELETE /posts/{post_id})",
            what: 'parameter "db: SessionDep", "db.delete()", "db.get()"',
          },
          line: 8,
          column: 1,
        },
      ],
    },
    // why: a provider without a return annotation is recognised by what it yields
    {
      filename: route,
      code: `from fastapi import APIRouter, Depends

from app.dependencies import get_session

router = APIRouter()


@router.get("/count")
def count(s=Depends(get_session)) -> int:
    return 0
`,
      errors: [
        {
          messageId: "sessionParameter",
          data: {
            handler: "count",
            route: " (GET /count)",
            what: 'parameter "s = Depends(get_session)"',
          },
          line: 8,
          column: 1,
        },
      ],
    },
    // why: DB access through a helper variable and a session made from the project's factory
    {
      filename: route,
      code: `import sqlalchemy as sa
from fastapi import APIRouter

from app.db import async_session_maker
from app.services.post_service import PostService

router = APIRouter()


@router.get("/titles")
async def titles(service: PostService) -> list[str]:
    stmt = sa.select(Post.title)
    async with async_session_maker() as session:
        s = session
        rows = await s.scalars(stmt)
    return list(rows)
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "titles",
            route: " (GET /titles)",
            what: '"sa.select()", "async_session_maker()", "s.scalars()"',
          },
          line: 10,
          column: 1,
        },
      ],
    },
    // why: the project's module-level engine, used directly
    {
      filename: route,
      code: `from fastapi import APIRouter
from sqlalchemy import text

from app.db import engine

router = APIRouter()


@router.get("/health")
async def health() -> dict[str, str]:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    return {"status": "ok"}
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "health",
            route: " (GET /health)",
            what: '"engine.connect()", "conn.execute()", "text()"',
          },
          line: 9,
          column: 1,
        },
      ],
    },
    // why: a handler registered by add_api_route in another module (app/api/router.py)
    {
      filename: file("app/api/views.py"),
      code: onDisk("app/api/views.py"),
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "list_titles",
            route: " (GET /v1/api/titles)",
            what: 'parameter "db: SessionDep", "db.scalars()", "select()"',
          },
          line: 7,
          column: 1,
        },
      ],
    },
    // why: add_api_route in the same file; asyncpg connections are the database too
    {
      filename: route,
      code: `import asyncpg
from fastapi import APIRouter

router = APIRouter()


async def stats(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT count(*) FROM posts")


router.add_api_route("/stats", stats, methods=["GET"])
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "stats",
            route: " (GET /stats)",
            what: 'parameter "conn: asyncpg.Connection", "conn.fetchval()"',
          },
          line: 7,
          column: 1,
        },
      ],
    },
    {
      filename: route,
      code: `from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def index(uow: UnitOfWork) -> None:
    return None
`,
      options: [{ sessionTypes: ["UnitOfWork"] }],
      errors: [
        {
          messageId: "sessionParameter",
          data: { handler: "index", route: " (GET /)", what: 'parameter "uow: UnitOfWork"' },
          line: 6,
          column: 1,
        },
      ],
    },
  ],
});
