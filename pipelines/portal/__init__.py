"""The portal's lifecycle: install CKAN into its own virtualenv, run a private PostgreSQL cluster,
Redis, CKAN and its jobs worker, and write the connection file the pipeline reads.

Public entry points: :func:`up`, :func:`down`, :func:`status` (lifecycle), :class:`Layout`
(where the state lives) and :func:`read_connection` (the pipeline's view: url and token)."""

from pipelines.portal.connection import Connection, read_connection
from pipelines.portal.layout import Layout, default_state_dir, venv_dir
from pipelines.portal.lifecycle import PortalError, down, status, up

__all__ = [
    "Connection",
    "Layout",
    "PortalError",
    "default_state_dir",
    "down",
    "read_connection",
    "status",
    "up",
    "venv_dir",
]
