"""Application settings, read from the environment."""

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    """Runtime configuration for the blog service."""

    database_url: str
    kafka_bootstrap_servers: str
    sql_echo: bool = False


@lru_cache
def get_settings() -> Settings:
    """Build the settings once, with defaults suitable for local development."""
    return Settings(
        database_url=os.environ.get(
            "DATABASE_URL", "postgresql+asyncpg://blog:blog@localhost:5432/blog"
        ),
        kafka_bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        sql_echo=os.environ.get("SQL_ECHO", "0") == "1",
    )
