"""What a failed publish raises: :class:`PublishError`, never carrying the API token."""

from __future__ import annotations

from typing import Any

REDACTED = "[token]"


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` (the API token) replaced."""
    if secret and len(secret) >= 8:
        text = text.replace(secret, REDACTED)
    return text


def rejected_field(errors: Any, prefix: str = "") -> str | None:
    """The first field CKAN rejected in a validation error dict: ``sektor`` or ``resources[1].url``."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key.startswith("__") or key == "message" or not value:
                continue
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(value, list) and value and isinstance(value[0], str):
                return path
            inner = rejected_field(value, path)
            return inner or path
    if isinstance(errors, list):
        for i, item in enumerate(errors):
            if item:
                inner = rejected_field(item, f"{prefix}[{i}]")
                if inner:
                    return inner
    return None


def first_message(errors: Any) -> str | None:
    """The first message text in a (nested) CKAN error dict."""
    if isinstance(errors, str):
        return errors
    if isinstance(errors, dict):
        errors = [v for k, v in errors.items() if not k.startswith("__")]
    if isinstance(errors, list):
        for item in errors:
            found = first_message(item)
            if found:
                return found
    return None


class PublishError(RuntimeError):
    """Publishing failed. ``action`` is the CKAN action that failed, ``status`` its HTTP status (None
    when the portal could not be reached), ``field`` the field CKAN rejected (4xx validation errors).
    The message never contains the API token."""

    def __init__(
        self,
        message: str,
        *,
        action: str | None = None,
        status: int | None = None,
        field: str | None = None,
        dataset: str | None = None,
    ):
        self.action = action
        self.status = status
        self.field = field
        self.dataset = dataset
        super().__init__(message)
