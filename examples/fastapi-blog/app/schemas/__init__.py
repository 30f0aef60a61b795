"""Pydantic v2 request, response and event schemas."""
