"""Domain exceptions; app.main maps each of them to an HTTP response."""


class AppError(Exception):
    """Base class for errors raised by services and repositories."""


class NotFoundError(AppError):
    """Raised when a requested resource does not exist."""

    def __init__(self, resource: str, resource_id: int) -> None:
        super().__init__(f"{resource} {resource_id} not found")
        self.resource = resource
        self.resource_id = resource_id


class ConflictError(AppError):
    """Raised when a write would violate a uniqueness rule."""
