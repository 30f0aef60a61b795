// Synthetic FastAPI projects for benchmarks: a layered app (routes, services,
// repositories, models, schemas, events) with the imports such apps have.
// Deterministic: the same arguments give byte-identical trees.
import { Buffer } from "node:buffer";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Files written per domain entity: route, service, repository, model, schema. */
const PER_ENTITY = 5;

function lcg(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pascal = (name) => name.replace(/(^|_)([a-z0-9])/g, (_, __, c) => c.toUpperCase());

function route(e, related) {
  const E = pascal(e);
  return `"""HTTP endpoints for ${e}."""
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status

from app.api.deps import get_${e}_service
from app.schemas.${e} import ${E}Create, ${E}Read, ${E}Update
from app.services import ${E}Service
${related.map((r) => `from app.schemas.${r} import ${pascal(r)}Read`).join("\n")}

router = APIRouter(prefix="/${e}s", tags=["${e}s"])

Service = Annotated[${E}Service, Depends(get_${e}_service)]


@router.get("/", response_model=list[${E}Read])
async def list_${e}s(service: Service, limit: int = 50, offset: int = 0) -> list[${E}Read]:
    """List ${e}s."""
    return await service.list(limit=limit, offset=offset)


@router.get("/{item_id}", response_model=${E}Read)
async def get_${e}(item_id: int, service: Service) -> ${E}Read:
    """Get one ${e}."""
    item = await service.get(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="${E} not found")
    return item


@router.post("/", response_model=${E}Read, status_code=status.HTTP_201_CREATED)
async def create_${e}(data: ${E}Create, service: Service) -> ${E}Read:
    """Create a ${e}."""
    return await service.create(data)


@router.patch("/{item_id}", response_model=${E}Read)
async def update_${e}(item_id: int, data: ${E}Update, service: Service) -> ${E}Read:
    """Update a ${e}."""
    return await service.update(item_id, data)


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_${e}(item_id: int, service: Service) -> None:
    """Delete a ${e}."""
    await service.delete(item_id)
`;
}

function service(e, related) {
  const E = pascal(e);
  return `"""Business logic for ${e}."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.core.exceptions import NotFoundError, ConflictError
from app.events.producer import publish
from app.repositories.${e}_repository import ${E}Repository
from app.schemas.${e} import ${E}Create, ${E}Read, ${E}Update
${related.map((r) => `from app.services.${r}_service import ${pascal(r)}Service`).join("\n")}

if TYPE_CHECKING:
    from app.models.${e} import ${E}

logger = logging.getLogger(__name__)


class ${E}Service:
    """Use cases for ${e}s."""

    def __init__(self, repository: ${E}Repository) -> None:
        self.repository = repository

    async def list(self, limit: int, offset: int) -> list[${E}Read]:
        """List ${e}s, newest first."""
        rows = await self.repository.list(limit=limit, offset=offset)
        return [${E}Read.model_validate(row) for row in rows]

    async def get(self, item_id: int) -> ${E}Read | None:
        """Get one ${e}."""
        row = await self.repository.get(item_id)
        return ${E}Read.model_validate(row) if row else None

    async def create(self, data: ${E}Create) -> ${E}Read:
        """Create a ${e} and announce it."""
        if await self.repository.exists(name=data.name):
            raise ConflictError(f"${E} {data.name!r} exists")
        row = await self.repository.add(**data.model_dump())
        await publish("${e}.created", {"id": row.id})
        logger.info("created ${e} %s", row.id)
        return ${E}Read.model_validate(row)

    async def update(self, item_id: int, data: ${E}Update) -> ${E}Read:
        """Update a ${e}."""
        row = await self.repository.get(item_id)
        if row is None:
            raise NotFoundError(f"${E} {item_id} not found")
        for key, value in data.model_dump(exclude_unset=True).items():
            setattr(row, key, value)
        await self.repository.save(row)
        return ${E}Read.model_validate(row)

    async def delete(self, item_id: int) -> None:
        """Delete a ${e}."""
        await self.repository.delete(item_id)
`;
}

function repository(e) {
  const E = pascal(e);
  return `"""Data access for ${e}."""
from collections.abc import Sequence

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ${E}


class ${E}Repository:
    """Queries on the ${e}s table."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, limit: int, offset: int) -> Sequence[${E}]:
        stmt = select(${E}).order_by(${E}.id.desc()).limit(limit).offset(offset)
        return (await self.session.scalars(stmt)).all()

    async def get(self, item_id: int) -> ${E} | None:
        return await self.session.get(${E}, item_id)

    async def exists(self, name: str) -> bool:
        return bool(await self.session.scalar(select(exists().where(${E}.name == name))))

    async def add(self, **values: object) -> ${E}:
        row = ${E}(**values)
        self.session.add(row)
        await self.session.flush()
        return row

    async def save(self, row: ${E}) -> None:
        await self.session.flush()

    async def delete(self, item_id: int) -> None:
        await self.session.execute(delete(${E}).where(${E}.id == item_id))
`;
}

function model(e, related) {
  const E = pascal(e);
  const fk = related[0];
  return `"""The ${e}s table."""
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
${fk ? `\nif TYPE_CHECKING:\n    from app.models.${fk} import ${pascal(fk)}\n` : ""}

class ${E}(Base):
    """A ${e}."""

    __tablename__ = "${e}s"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    description: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
${
  fk
    ? `    ${fk}_id: Mapped[int] = mapped_column(ForeignKey("${fk}s.id"), index=True)
    ${fk}: Mapped["${pascal(fk)}"] = relationship(lazy="selectin")
`
    : ""
}
    def __repr__(self) -> str:
        return f"<${E} {self.id} {self.name!r}>"
`;
}

function schema(e) {
  const E = pascal(e);
  return `"""API contracts for ${e}."""
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ${E}Base(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None


class ${E}Create(${E}Base):
    pass


class ${E}Update(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None


class ${E}Read(${E}Base):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime
`;
}

/**
 * Writes a FastAPI project of about `nModules` Python files into `dir`
 * (which should be empty). Returns the number of files and bytes written.
 */
export function generateFastapiProject(dir, nModules = 1000) {
  const entities = Math.max(1, Math.round((nModules - 16) / PER_ENTITY));
  const names = Array.from({ length: entities }, (_, i) => `entity${String(i).padStart(4, "0")}`);
  const random = lcg(42);
  const pick = (i, count) => {
    const out = new Set();
    for (let k = 0; k < count && i > 0; k++) out.add(names[Math.floor(random() * i)]);
    return [...out].sort();
  };
  const files = new Map();
  const add = (path, text) => files.set(path, text);

  add("pyproject.toml", '[project]\nname = "bench-app"\nversion = "0.1.0"\n');
  add("app/__init__.py", "");
  add("app/api/__init__.py", "");
  add("app/api/routes/__init__.py", "");
  add("app/repositories/__init__.py", "");
  add("app/schemas/__init__.py", "");
  add("app/core/__init__.py", "");
  add("app/events/__init__.py", "");
  add("app/db/__init__.py", "");
  add(
    "app/core/config.py",
    'from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    database_url: str = "sqlite+aiosqlite://"\n    kafka_url: str = "localhost:9092"\n\n\nsettings = Settings()\n',
  );
  add(
    "app/core/exceptions.py",
    "class AppError(Exception):\n    pass\n\n\nclass NotFoundError(AppError):\n    pass\n\n\nclass ConflictError(AppError):\n    pass\n",
  );
  add(
    "app/db/session.py",
    "from collections.abc import AsyncIterator\n\nfrom sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine\n\nfrom app.core.config import settings\n\nengine = create_async_engine(settings.database_url)\nSessionLocal = async_sessionmaker(engine, expire_on_commit=False)\n\n\nasync def get_db() -> AsyncIterator[AsyncSession]:\n    async with SessionLocal() as session:\n        yield session\n",
  );
  add(
    "app/models/base.py",
    "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
  );
  add(
    "app/events/producer.py",
    "import json\n\nfrom aiokafka import AIOKafkaProducer\n\nfrom app.core.config import settings\n\n_producer: AIOKafkaProducer | None = None\n\n\nasync def publish(topic: str, payload: dict) -> None:\n    global _producer\n    if _producer is None:\n        _producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_url)\n        await _producer.start()\n    await _producer.send_and_wait(topic, json.dumps(payload).encode())\n",
  );
  add(
    "app/models/__init__.py",
    `from app.models.base import Base\n${names.map((e) => `from app.models.${e} import ${pascal(e)}`).join("\n")}\n`,
  );
  add(
    "app/services/__init__.py",
    `${names.map((e) => `from .${e}_service import ${pascal(e)}Service`).join("\n")}\n`,
  );
  add(
    "app/api/deps.py",
    `from typing import Annotated\n\nfrom fastapi import Depends\nfrom sqlalchemy.ext.asyncio import AsyncSession\n\nfrom app.db.session import get_db\nfrom app import services, repositories\n${names
      .map(
        (e) =>
          `from app.repositories.${e}_repository import ${pascal(e)}Repository\n\n\ndef get_${e}_service(db: Annotated[AsyncSession, Depends(get_db)]) -> services.${pascal(e)}Service:\n    return services.${pascal(e)}Service(${pascal(e)}Repository(db))\n`,
      )
      .join("\n\n")}`,
  );
  add(
    "app/main.py",
    `from fastapi import FastAPI\n\nfrom app.api.routes import ${names.join(", ")}\n\napp = FastAPI(title="bench")\n${names
      .map((e) => `app.include_router(${e}.router)`)
      .join("\n")}\n`,
  );

  names.forEach((e, i) => {
    add(`app/api/routes/${e}.py`, route(e, pick(i, 2)));
    add(`app/services/${e}_service.py`, service(e, pick(i, 2)));
    add(`app/repositories/${e}_repository.py`, repository(e));
    add(`app/models/${e}.py`, model(e, pick(i, 1)));
    add(`app/schemas/${e}.py`, schema(e));
  });

  let bytes = 0;
  let count = 0;
  for (const [path, text] of files) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
    if (path.endsWith(".py")) count++;
  }
  return { files: count, bytes };
}
