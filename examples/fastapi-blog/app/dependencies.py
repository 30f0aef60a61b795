"""FastAPI dependency providers: sessions, the Kafka producer and the services."""

from collections.abc import AsyncIterator

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import async_session_factory
from app.kafka.producer import EventProducer
from app.repositories.comment_repository import CommentRepository
from app.repositories.post_repository import PostRepository
from app.repositories.user_repository import UserRepository
from app.services.comment_service import CommentService
from app.services.post_service import PostService
from app.services.user_service import UserService


async def get_db() -> AsyncIterator[AsyncSession]:
    """One session per request, closed afterwards."""
    async with async_session_factory() as session:
        yield session


def get_event_producer(request: Request) -> EventProducer:
    """The producer started in app.main's lifespan."""
    producer: EventProducer = request.app.state.event_producer
    return producer


def get_post_service(
    db: AsyncSession = Depends(get_db),
    producer: EventProducer = Depends(get_event_producer),
) -> PostService:
    return PostService(PostRepository(db), producer)


def get_comment_service(
    db: AsyncSession = Depends(get_db),
    producer: EventProducer = Depends(get_event_producer),
) -> CommentService:
    posts = PostService(PostRepository(db), producer)
    return CommentService(CommentRepository(db), posts, producer)


def get_comment_repository(db: AsyncSession = Depends(get_db)) -> CommentRepository:
    return CommentRepository(db)


def get_user_service(db: AsyncSession = Depends(get_db)) -> UserService:
    return UserService(UserRepository(db))
