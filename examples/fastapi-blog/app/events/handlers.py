"""Reactions to the blog's own domain events (wired to the consumer by topic)."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from app.schemas.events import CommentCreatedEvent, PostPublishedEvent
from app.services.user_service import UserService

logger = logging.getLogger(__name__)


async def handle_post_published(event: PostPublishedEvent, user_service: UserService) -> None:
    """Tell the author that their post is live."""
    author = await user_service.get_user(event.user_id)
    logger.info("post %s (%r) published; notifying %s", event.post_id, event.title, author.email)


async def handle_comment_created(event: CommentCreatedEvent, user_service: UserService):
    """Record who commented on which post, for the activity feed."""
    commenter = await user_service.get_user(event.author_id)
    logger.info(
        "comment %s on post %s by %s", event.comment_id, event.post_id, commenter.display_name
    )


EVENT_HANDLERS: dict[str, Callable[[Any, UserService], Awaitable[None]]] = {
    "post.published": handle_post_published,
    "comment.created": handle_comment_created,
}
