"""Data access for posts."""

from collections.abc import Sequence

from sqlalchemy import exists, select

from app.models.post import Post
from app.repositories.base_repository import BaseRepository
from app.schemas.post import PostCreate


class PostRepository(BaseRepository[Post]):
    """Queries and writes on the posts table."""

    model = Post

    async def exists_by_title(self, title: str) -> bool:
        """Whether a post with exactly this title exists."""
        found = await self.db.scalar(select(exists().where(Post.title == title)))
        return bool(found)

    async def list_recent(self, limit: int, offset: int) -> Sequence[Post]:
        """Newest posts first."""
        result = await self.db.scalars(
            select(Post).order_by(Post.created_at.desc(), Post.id.desc()).limit(limit).offset(offset)
        )
        return result.all()

    async def create(self, data: PostCreate) -> Post:
        """Insert a draft post."""
        return await self.add(Post(**data.model_dump()))
