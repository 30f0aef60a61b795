"""Application entry point: routers, exception handlers and the Kafka producer."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from app.config import get_settings
from app.db import engine
from app.exceptions import ConflictError, NotFoundError
from app.kafka.producer import EventProducer
from app.routes import comments, posts, users


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the Kafka producer with the app; release everything on shutdown."""
    producer = EventProducer(get_settings().kafka_bootstrap_servers)
    await producer.start()
    app.state.event_producer = producer
    try:
        yield
    finally:
        await producer.stop()
        await engine.dispose()


app = FastAPI(title="Blog API", version="0.1.0", lifespan=lifespan)

app.include_router(posts.router, prefix="/api/v1/posts", tags=["posts"])
app.include_router(users.router, prefix="/api/v1/users", tags=["users"])
app.include_router(comments.router, prefix="/api/v1/comments", tags=["comments"])


@app.exception_handler(NotFoundError)
async def not_found_handler(request: Request, exc: NotFoundError) -> JSONResponse:
    """Unknown resources become 404 responses."""
    return JSONResponse(status_code=status.HTTP_404_NOT_FOUND, content={"detail": str(exc)})


@app.exception_handler(ConflictError)
async def conflict_handler(request: Request, exc: ConflictError) -> JSONResponse:
    """Uniqueness violations become 409 responses."""
    return JSONResponse(status_code=status.HTTP_409_CONFLICT, content={"detail": str(exc)})
