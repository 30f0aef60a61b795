"""HTTP endpoints for posts."""

from fastapi import APIRouter, Depends, Query, status

from app.dependencies import get_post_service
from app.schemas.post import PostCreate, PostDetail, PostResponse
from app.services.post_service import PostService

router = APIRouter()


@router.post("", response_model=PostResponse, status_code=status.HTTP_201_CREATED)
async def create_post(
    data: PostCreate,
    service: PostService = Depends(get_post_service),
) -> PostResponse:
    """Create a draft post."""
    return await service.create_post(data)


@router.get("", response_model=list[PostResponse])
async def list_posts(
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
    service: PostService = Depends(get_post_service),
) -> list[PostResponse]:
    """List posts, newest first."""
    return await service.list_posts(limit, offset)


@router.get("/{post_id}", response_model=PostDetail)
async def get_post(
    post_id: int,
    service: PostService = Depends(get_post_service),
) -> PostDetail:
    """Get a post with its comments."""
    return await service.get_post_detail(post_id)


@router.post("/{post_id}/publish", response_model=PostResponse, status_code=status.HTTP_200_OK)
async def publish_post(
    post_id: int,
    service: PostService = Depends(get_post_service),
) -> PostResponse:
    """Publish a draft post."""
    return await service.publish_post(post_id)
