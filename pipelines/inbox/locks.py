"""One lock per OPD folder, held across processes (``flock``): the daemon's sensor, its runs and
``satudata inbox --once`` take an OPD's files in turn, so that each file is claimed exactly once."""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.inbox.files import PRIVATE_FILE, private_dir


@contextmanager
def opd_lock(incoming: Path, opd: str) -> Iterator[None]:
    """Hold ``<incoming>/.<opd>.lock`` (blocking) while the body runs; released when the process
    ends, however it ends."""
    private_dir(incoming, incoming)
    name = opd if len(os.fsencode(opd)) < 200 else hashlib.sha256(os.fsencode(opd)).hexdigest()
    fd = os.open(incoming / f".{name}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, PRIVATE_FILE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
