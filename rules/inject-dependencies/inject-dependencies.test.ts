import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./inject-dependencies.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "blog");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");
const route = file("app/routes/posts.py");

pythonRuleTester().run("inject-dependencies", rule, {
  valid: [
    // The fixture injects everything: providers build services, the db module makes the engine.
    ...[
      "app/routes/posts.py",
      "app/dependencies.py",
      "app/db.py",
      "app/services/post_service.py",
    ].map((rel) => ({ filename: file(rel), code: onDisk(rel) })),
    // why: a provider function in a routes module may build the service it provides
    {
      filename: route,
      code: `from fastapi import Depends

from app.dependencies import get_db
from app.services.post_service import PostService


def get_service(db=Depends(get_db)) -> PostService:
    return PostService(db)
`,
    },
    // why: schemas, models and library objects built in a handler are values, not collaborators
    {
      filename: route,
      code: `from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse

router = APIRouter()


@router.get("/now")
async def now() -> JSONResponse:
    return JSONResponse({"at": datetime.now().isoformat()})
`,
    },
    // why: a class named like a service from a library is not the project's collaborator
    {
      filename: route,
      code: `from fastapi import APIRouter
from google.cloud.storage import StorageService

router = APIRouter()


@router.get("/files")
async def files() -> list[str]:
    return StorageService().list()
`,
    },
    // why: an exception or data class that lives in a service module is not a collaborator
    {
      filename: route,
      code: `from fastapi import APIRouter

from app.services.post_service import PostNotPublished, PublishContext

router = APIRouter()


@router.post("/{post_id}/check")
async def check(post_id: int) -> None:
    if post_id < 0:
        raise PostNotPublished(post_id)
    PublishContext(post_id=post_id)
`,
    },
    // why: a module-level engine in a test or a script is not a layer's business
    {
      filename: file("tests/conftest.py"),
      code: 'from sqlalchemy.ext.asyncio import create_async_engine\n\nengine = create_async_engine("sqlite+aiosqlite://")\n',
    },
  ],
  invalid: [
    // why: the service and its repository are both built in the handler: two fixes, two findings
    {
      filename: route,
      code: `from fastapi import APIRouter, Depends

from app.dependencies import get_db
from app.repositories.post_repository import PostRepository
from app.services.post_service import PostService

router = APIRouter()


@router.post("/{post_id}/publish")
async def publish(post_id: int, db=Depends(get_db)) -> None:
    await PostService(PostRepository(db)).publish(post_id)
`,
      errors: [
        {
          messageId: "constructsInRoute",
          data: { handler: "publish", what: "service", call: "PostService(...)" },
          line: 12,
          column: 11,
        },
        {
          messageId: "constructsInRoute",
          data: { handler: "publish", what: "repository", call: "PostRepository(...)" },
          line: 12,
          column: 23,
        },
      ],
    },
    // why: engines and sessions made inside a handler, through the project's own factory too
    {
      filename: route,
      code: `from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from app.db import async_session_maker

router = APIRouter()


@router.get("/count")
async def count() -> int:
    engine = create_async_engine("postgresql+asyncpg://localhost/blog")
    async with AsyncSession(engine) as session:
        async with async_session_maker() as other:
            return 0
`,
      errors: [
        {
          messageId: "sessionInRoute",
          data: {
            handler: "count",
            what: "engine or session factory",
            call: "create_async_engine(...)",
          },
          line: 11,
          column: 14,
        },
        {
          messageId: "sessionInRoute",
          data: { handler: "count", what: "session", call: "AsyncSession(...)" },
          line: 12,
          column: 16,
        },
        {
          messageId: "sessionInRoute",
          data: { handler: "count", what: "session", call: "async_session_maker(...)" },
          line: 13,
          column: 20,
        },
      ],
    },
    // why: a service class defined in the routes module itself, found by its name
    {
      filename: route,
      code: `from fastapi import APIRouter

router = APIRouter()


class AuditService:
    def record(self) -> None:
        pass


@router.delete("/{post_id}")
def delete(post_id: int) -> None:
    AuditService().record()
`,
      errors: [
        {
          messageId: "constructsInRoute",
          data: { handler: "delete", what: "service", call: "AuditService(...)" },
          line: 13,
          column: 5,
        },
      ],
    },
    // why: a module-level session in a repository is shared by every request
    {
      filename: file("app/repositories/post_repository.py"),
      code: `from sqlalchemy.orm import sessionmaker

from app.db import engine

SessionLocal = sessionmaker(bind=engine)
session = SessionLocal()
`,
      errors: [
        {
          messageId: "moduleLevelClient",
          data: {
            what: "engine or session factory",
            call: "sessionmaker(...)",
            layer: "repositories",
          },
          line: 5,
          column: 16,
        },
        {
          messageId: "moduleLevelClient",
          data: { what: "session or client", call: "SessionLocal(...)", layer: "repositories" },
          line: 6,
          column: 11,
        },
      ],
    },
    {
      filename: file("app/services/post_service.py"),
      code: 'from pymongo import MongoClient\n\nclient = MongoClient("mongodb://localhost")\n',
      errors: [
        {
          messageId: "moduleLevelClient",
          data: { what: "session or client", call: "MongoClient(...)", layer: "services" },
          line: 3,
          column: 10,
        },
      ],
    },
    {
      filename: route,
      code: `from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def index() -> None:
    PostManager().run()
`,
      options: [{ collaboratorSuffixes: ["Manager"] }],
      errors: [
        {
          messageId: "constructsInRoute",
          data: { handler: "index", what: "manager", call: "PostManager(...)" },
          line: 8,
          column: 5,
        },
      ],
    },
  ],
});
