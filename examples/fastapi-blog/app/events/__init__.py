"""Handlers for domain events consumed from Kafka."""
