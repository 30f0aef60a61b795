"""User request/response schemas."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator


class UserCreate(BaseModel):
    """Payload for registering a user."""

    email: str = Field(min_length=3, max_length=320)
    display_name: str = Field(min_length=1, max_length=100)

    @field_validator("email")
    @classmethod
    def email_has_at_sign(cls, value: str) -> str:
        if "@" not in value:
            raise ValueError("email must contain '@'")
        return value


class UserResponse(BaseModel):
    """A registered user."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    created_at: datetime


class UserPostCount(BaseModel):
    """How many posts a user has written."""

    user_id: int
    post_count: int
