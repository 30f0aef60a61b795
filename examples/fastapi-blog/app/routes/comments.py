"""HTTP endpoints for comments."""

from fastapi import APIRouter, Depends, HTTPException, status

from app.dependencies import get_comment_repository, get_comment_service
from app.repositories.comment_repository import CommentRepository
from app.schemas.comment import CommentCreate, CommentResponse
from app.services.comment_service import CommentService

router = APIRouter()


@router.post("", response_model=CommentResponse, status_code=status.HTTP_201_CREATED)
async def create_comment(
    data: CommentCreate,
    service: CommentService = Depends(get_comment_service),
) -> CommentResponse:
    """Comment on a post."""
    return await service.add_comment(data)


@router.get("/{comment_id}", response_model=CommentResponse)
async def get_comment(
    comment_id: int,
    repo: CommentRepository = Depends(get_comment_repository),
) -> CommentResponse:
    """Get one comment."""
    comment = await repo.get_by_id(comment_id)
    if comment is None:
        raise HTTPException(
            status_code=status.HTTP_404_NOT_FOUND,
            detail=f"comment {comment_id} not found",
        )
    return CommentResponse.model_validate(comment)
