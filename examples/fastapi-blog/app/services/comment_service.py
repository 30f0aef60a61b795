"""Business logic for comments."""

from app.kafka.producer import COMMENTS_TOPIC, EventProducer
from app.repositories.comment_repository import CommentRepository
from app.schemas.comment import CommentCreate, CommentResponse
from app.schemas.events import CommentCreatedEvent
from app.services.post_service import PostService


class CommentService:
    """Adds comments to posts and lists them."""

    def __init__(
        self,
        repo: CommentRepository,
        posts: PostService,
        producer: EventProducer,
    ) -> None:
        self.repo = repo
        self.posts = posts
        self.producer = producer

    async def add_comment(self, data: CommentCreate) -> CommentResponse:
        """Attach a comment to an existing post and announce it."""
        await self.posts.get_post(data.post_id)  # NotFoundError for unknown posts
        comment = await self.repo.create(data)
        await self.repo.commit()
        event = CommentCreatedEvent(
            comment_id=comment.id,
            post_id=comment.post_id,
            author_id=comment.author_id,
        )
        await self.producer.publish(COMMENTS_TOPIC, event, key=str(comment.post_id))
        return CommentResponse.model_validate(comment)

    async def list_for_post(self, post_id: int) -> list[CommentResponse]:
        """A post's comments, oldest first."""
        comments = await self.repo.list_for_post(post_id)
        return [CommentResponse.model_validate(comment) for comment in comments]
