"""Business logic for user accounts."""

from app.exceptions import ConflictError, NotFoundError
from app.repositories.user_repository import UserRepository
from app.schemas.user import UserCreate, UserResponse


def _normalize_email(email: str):
    """Emails are compared case-insensitively and without surrounding blanks."""
    return email.strip().lower()


class UserService:
    """Registers users and looks them up."""

    def __init__(self, repo: UserRepository) -> None:
        self.repo = repo

    async def create_user(self, data: UserCreate) -> UserResponse:
        """Register a user; an email can be registered only once."""
        email = _normalize_email(data.email)
        if await self.repo.get_by_email(email) is not None:
            raise ConflictError(f"{email} is already registered")
        user = await self.repo.create(data, email=email)
        await self.repo.commit()
        return UserResponse.model_validate(user)

    async def get_user(self, user_id: int) -> UserResponse:
        """One user, or NotFoundError."""
        user = await self.repo.get_by_id(user_id)
        if user is None:
            raise NotFoundError("user", user_id)
        return UserResponse.model_validate(user)

    async def list_users(self, limit: int, offset: int) -> list[UserResponse]:
        """Users in registration order."""
        users = await self.repo.list_users(limit, offset)
        return [UserResponse.model_validate(user) for user in users]
