"""Kafka producer wrapper used by the services to publish domain events."""

import json

from aiokafka import AIOKafkaProducer
from pydantic import BaseModel

POSTS_TOPIC = "blog.posts"
COMMENTS_TOPIC = "blog.comments"


def _serialize(value) -> bytes:
    """Encode an event (or a plain JSON-able payload) for the wire."""
    if isinstance(value, BaseModel):
        return value.model_dump_json().encode("utf-8")
    return json.dumps(value).encode("utf-8")


class EventProducer:
    """Publishes event schemas to Kafka topics; started and stopped by app.main."""

    def __init__(self, bootstrap_servers: str) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            value_serializer=_serialize,
            acks="all",
        )

    async def start(self) -> None:
        """Connect to the cluster."""
        await self._producer.start()

    async def stop(self) -> None:
        """Flush pending messages and disconnect."""
        await self._producer.stop()

    async def publish(self, topic: str, event: BaseModel, key: str | None = None) -> None:
        """Send one event and wait for the broker's acknowledgement."""
        await self._producer.send_and_wait(
            topic,
            event,
            key=key.encode("utf-8") if key is not None else None,
        )
