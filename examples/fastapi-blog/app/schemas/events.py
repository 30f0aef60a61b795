"""Event payloads published to Kafka."""

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class DomainEvent(BaseModel):
    """Common envelope fields of every event."""

    model_config = ConfigDict(frozen=True)

    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class PostPublishedEvent(DomainEvent):
    """A draft post became visible."""

    event_type: Literal["post.published"] = "post.published"
    post_id: int
    user_id: int
    title: str


class CommentCreatedEvent(DomainEvent):
    """Someone commented on a post."""

    event_type: Literal["comment.created"] = "comment.created"
    comment_id: int
    post_id: int
    author_id: int
