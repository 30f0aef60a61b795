"""Post and comment endpoints."""

from typing import Any

from httpx import AsyncClient

from tests.conftest import RecordingProducer


async def create_post(client: AsyncClient, user_id: int, title: str = "Hello") -> dict[str, Any]:
    response = await client.post(
        "/api/v1/posts", json={"title": title, "content": "First post", "user_id": user_id}
    )
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


async def test_create_post(client: AsyncClient, author: dict[str, Any]) -> None:
    post = await create_post(client, author["id"], title="  Hello  ")
    assert post["title"] == "Hello"
    assert post["published"] is False


async def test_create_post_with_duplicate_title_conflicts(
    client: AsyncClient, author: dict[str, Any]
) -> None:
    await create_post(client, author["id"])
    response = await client.post(
        "/api/v1/posts", json={"title": "Hello", "content": "Again", "user_id": author["id"]}
    )
    assert response.status_code == 409


async def test_list_posts(client: AsyncClient, author: dict[str, Any]) -> None:
    await create_post(client, author["id"], title="One")
    await create_post(client, author["id"], title="Two")
    response = await client.get("/api/v1/posts", params={"limit": 10})
    assert response.status_code == 200
    assert {post["title"] for post in response.json()} == {"One", "Two"}


async def test_get_post_with_comments(client: AsyncClient, author: dict[str, Any]) -> None:
    post = await create_post(client, author["id"])
    created = await client.post(
        "/api/v1/comments",
        json={"post_id": post["id"], "author_id": author["id"], "body": "Nice!"},
    )
    assert created.status_code == 201
    comment_id = created.json()["id"]

    response = await client.get(f"/api/v1/posts/{post['id']}")
    assert response.status_code == 200
    assert [c["body"] for c in response.json()["comments"]] == ["Nice!"]

    response = await client.get(f"/api/v1/comments/{comment_id}")
    assert response.status_code == 200
    assert response.json()["post_id"] == post["id"]


async def test_get_post_not_found(client: AsyncClient) -> None:
    response = await client.get("/api/v1/posts/999")
    assert response.status_code == 404


async def test_publish_post_emits_event(
    client: AsyncClient, author: dict[str, Any], producer: RecordingProducer
) -> None:
    post = await create_post(client, author["id"])
    response = await client.post(f"/api/v1/posts/{post['id']}/publish")
    assert response.status_code == 200
    assert response.json()["published"] is True
    assert [topic for topic, _ in producer.published] == ["blog.posts"]
