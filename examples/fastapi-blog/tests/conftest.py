"""Shared fixtures: an in-memory database, a fake producer and an HTTP client."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.dependencies import get_db, get_event_producer
from app.kafka.producer import EventProducer
from app.main import app
from app.models import comment, post, user  # noqa: F401  (registers the tables)
from app.models.base import Base


class RecordingProducer(EventProducer):
    """Keeps published events in memory instead of sending them to Kafka."""

    def __init__(self) -> None:
        self.published: list[tuple[str, BaseModel]] = []

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, topic: str, event: BaseModel, key: str | None = None) -> None:
        self.published.append((topic, event))


@pytest.fixture
async def db_session() -> AsyncIterator[AsyncSession]:
    engine = create_async_engine("sqlite+aiosqlite:///:memory:")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    session_factory = async_sessionmaker(engine, expire_on_commit=False)
    async with session_factory() as session:
        yield session
    await engine.dispose()


@pytest.fixture
def producer() -> RecordingProducer:
    return RecordingProducer()


@pytest.fixture
async def client(db_session: AsyncSession, producer: RecordingProducer) -> AsyncIterator[AsyncClient]:
    async def override_get_db() -> AsyncIterator[AsyncSession]:
        yield db_session

    app.dependency_overrides[get_db] = override_get_db
    app.dependency_overrides[get_event_producer] = lambda: producer
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
        yield ac
    app.dependency_overrides.clear()


@pytest.fixture
async def author(client: AsyncClient) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/users", json={"email": "ada@example.com", "display_name": "Ada"}
    )
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body
