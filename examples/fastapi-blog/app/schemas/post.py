"""Post request/response schemas."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.schemas.comment import CommentResponse


class PostCreate(BaseModel):
    """Payload for creating a draft post."""

    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1)
    user_id: int = Field(gt=0)

    @field_validator("title")
    @classmethod
    def title_not_blank(cls, value: str) -> str:
        stripped = value.strip()
        if not stripped:
            raise ValueError("title must not be blank")
        return stripped


class PostResponse(BaseModel):
    """A stored post without its comments."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    content: str
    published: bool
    user_id: int
    created_at: datetime
    updated_at: datetime | None


class PostDetail(PostResponse):
    """A post together with its comments."""

    comments: list[CommentResponse]
