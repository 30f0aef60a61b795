"""Generic async repository with the operations every aggregate needs."""

from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.base import Base

ModelT = TypeVar("ModelT", bound=Base)


class BaseRepository(Generic[ModelT]):
    """CRUD helpers shared by the concrete repositories."""

    model: type[ModelT]

    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def get_by_id(self, entity_id: int) -> ModelT | None:
        """Load one row by primary key."""
        return await self.db.get(self.model, entity_id)

    async def add(self, instance: ModelT) -> ModelT:
        """Insert a new row and load its server-side defaults."""
        self.db.add(instance)
        await self.db.flush()
        await self.db.refresh(instance)
        return instance

    async def update(self, instance: ModelT, **kwargs) -> ModelT:
        """Set the given attributes and flush them."""
        for field_name, value in kwargs.items():
            setattr(instance, field_name, value)
        await self.db.flush()
        await self.db.refresh(instance)
        return instance

    async def commit(self) -> None:
        """Commit the unit of work (called by the services)."""
        await self.db.commit()
