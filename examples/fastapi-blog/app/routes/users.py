"""HTTP endpoints for users."""

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import column, func, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from app.dependencies import get_db, get_user_service
from app.schemas.user import UserCreate, UserPostCount, UserResponse
from app.services.user_service import UserService

router = APIRouter()


@router.post("", response_model=UserResponse, status_code=status.HTTP_201_CREATED)
async def create_user(
    data: UserCreate,
    service: UserService = Depends(get_user_service),
) -> UserResponse:
    """Register a user."""
    return await service.create_user(data)


@router.get("", response_model=list[UserResponse])
async def list_users(
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
    service: UserService = Depends(get_user_service),
) -> list[UserResponse]:
    """List users in registration order."""
    return await service.list_users(limit, offset)


@router.get("/{user_id}", response_model=UserResponse)
async def get_user(
    user_id: int,
    service: UserService = Depends(get_user_service),
) -> UserResponse:
    """Get one user."""
    return await service.get_user(user_id)


@router.get("/{user_id}/post-count", response_model=UserPostCount)
async def count_user_posts(user_id: int, db: AsyncSession = Depends(get_db)) -> UserPostCount:
    """How many posts a user has written (used by the profile page)."""
    result = await db.execute(
        select(func.count()).select_from(table("posts")).where(column("user_id") == user_id)
    )
    return UserPostCount(user_id=user_id, post_count=result.scalar_one())
