"""Data access for comments."""

from collections.abc import Sequence

from sqlalchemy import select

from app.models.comment import Comment
from app.repositories.base_repository import BaseRepository
from app.schemas.comment import CommentCreate


class CommentRepository(BaseRepository[Comment]):
    """Queries and writes on the comments table."""

    model = Comment

    async def list_for_post(self, post_id: int) -> Sequence[Comment]:
        """A post's comments, oldest first."""
        result = await self.db.scalars(
            select(Comment).where(Comment.post_id == post_id).order_by(Comment.created_at, Comment.id)
        )
        return result.all()

    async def create(self, data: CommentCreate) -> Comment:
        """Insert a comment."""
        return await self.add(Comment(**data.model_dump()))
