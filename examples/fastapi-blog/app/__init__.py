"""Blog API: FastAPI + SQLAlchemy 2.0 (async) + Kafka."""
