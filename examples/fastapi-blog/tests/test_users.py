"""User endpoints."""

from typing import Any

from httpx import AsyncClient


async def test_create_user_normalises_email(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/users", json={"email": " Grace@Example.COM ", "display_name": "Grace"}
    )
    assert response.status_code == 201
    assert response.json()["email"] == "grace@example.com"


async def test_duplicate_email_conflicts(client: AsyncClient, author: dict[str, Any]) -> None:
    response = await client.post(
        "/api/v1/users", json={"email": "ADA@example.com", "display_name": "Ada again"}
    )
    assert response.status_code == 409


async def test_list_users(client: AsyncClient, author: dict[str, Any]) -> None:
    response = await client.get("/api/v1/users")
    assert response.status_code == 200
    assert [user["id"] for user in response.json()] == [author["id"]]


async def test_get_user(client: AsyncClient, author: dict[str, Any]) -> None:
    response = await client.get(f"/api/v1/users/{author['id']}")
    assert response.status_code == 200
    assert response.json()["display_name"] == "Ada"


async def test_get_user_not_found(client: AsyncClient) -> None:
    response = await client.get("/api/v1/users/999")
    assert response.status_code == 404


async def test_count_user_posts(client: AsyncClient, author: dict[str, Any]) -> None:
    await client.post(
        "/api/v1/posts", json={"title": "Counted", "content": "x", "user_id": author["id"]}
    )
    response = await client.get(f"/api/v1/users/{author['id']}/post-count")
    assert response.status_code == 200
    assert response.json() == {"user_id": author["id"], "post_count": 1}

