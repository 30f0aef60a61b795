"""Comment request/response schemas."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator


class CommentCreate(BaseModel):
    """Payload for commenting on a post."""

    post_id: int = Field(gt=0)
    author_id: int = Field(gt=0)
    body: str = Field(min_length=1, max_length=5000)

    @field_validator("body")
    @classmethod
    def body_not_blank(cls, value: str) -> str:
        stripped = value.strip()
        if not stripped:
            raise ValueError("comment body must not be blank")
        return stripped


class CommentResponse(BaseModel):
    """A stored comment."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    post_id: int
    author_id: int
    body: str
    created_at: datetime
