"""Business logic for blog posts."""

from app.exceptions import ConflictError, NotFoundError
from app.kafka.producer import POSTS_TOPIC, EventProducer
from app.repositories.comment_repository import CommentRepository
from app.repositories.post_repository import PostRepository
from app.schemas.events import PostPublishedEvent
from app.schemas.post import PostCreate, PostDetail, PostResponse
from app.services.comment_service import CommentService

MAX_PAGE_SIZE = 100


class PostService:
    """Creates, lists and publishes posts."""

    def __init__(self, repo: PostRepository, producer: EventProducer) -> None:
        self.repo = repo
        self.producer = producer

    async def create_post(self, data: PostCreate) -> PostResponse:
        """Create a draft post; titles must be unique."""
        if await self.repo.exists_by_title(data.title):
            raise ConflictError(f"a post titled {data.title!r} already exists")
        post = await self.repo.create(data)
        await self.repo.commit()
        return PostResponse.model_validate(post)

    async def list_posts(self, limit: int, offset: int) -> list[PostResponse]:
        """Newest posts first, at most MAX_PAGE_SIZE per page."""
        posts = await self.repo.list_recent(min(limit, MAX_PAGE_SIZE), offset)
        return [PostResponse.model_validate(post) for post in posts]

    async def get_post(self, post_id: int) -> PostResponse:
        """One post, or NotFoundError."""
        post = await self.repo.get_by_id(post_id)
        if post is None:
            raise NotFoundError("post", post_id)
        return PostResponse.model_validate(post)

    async def get_post_detail(self, post_id: int) -> PostDetail:
        """A post together with its comments."""
        post = await self.get_post(post_id)
        comments = await self._comment_service().list_for_post(post_id)
        return PostDetail(**post.model_dump(), comments=comments)

    async def publish_post(self, post_id: int) -> PostResponse:
        """Make a draft visible and announce it on Kafka."""
        post = await self.repo.get_by_id(post_id)
        if post is None:
            raise NotFoundError("post", post_id)
        post = await self.repo.update(post, published=True)
        await self.repo.commit()
        event = PostPublishedEvent(post_id=post.id, user_id=post.user_id, title=post.title)
        await self.producer.publish(POSTS_TOPIC, event, key=str(post.id))
        return PostResponse.model_validate(post)

    def _comment_service(self) -> CommentService:
        """A comment service sharing this service's session and producer."""
        return CommentService(CommentRepository(self.repo.db), self, self.producer)
