"""Data access for users."""

from collections.abc import Sequence

from sqlalchemy import select

from app.models.user import User
from app.repositories.base_repository import BaseRepository
from app.schemas.user import UserCreate
from app.services.post_service import MAX_PAGE_SIZE


class UserRepository(BaseRepository[User]):
    """Queries and writes on the users table."""

    model = User

    async def get_by_email(self, email: str) -> User | None:
        """Look a user up by (already normalised) email."""
        return await self.db.scalar(select(User).where(User.email == email))

    async def list_users(self, limit: int, offset: int) -> Sequence[User]:
        """Users in registration order, capped at the API-wide page size."""
        result = await self.db.scalars(
            select(User).order_by(User.id).limit(min(limit, MAX_PAGE_SIZE)).offset(offset)
        )
        return result.all()

    async def create(self, data: UserCreate, email: str) -> User:
        """Insert a user with the normalised email."""
        return await self.add(User(email=email, display_name=data.display_name))
