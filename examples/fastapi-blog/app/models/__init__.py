"""SQLAlchemy ORM models, one module per table."""
