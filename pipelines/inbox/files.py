"""Writing files safely: private copies (0600 files in 0700 folders) and atomic answers.

Nothing here follows a link an officer may have planted: temporary files are created new
(``O_EXCL | O_NOFOLLOW``) and moved over their target with ``os.replace``, which replaces a link
at the target instead of writing through it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
KEPT_FILE = 0o400  # an archived hand-in: private and never rewritten
NAME_MAX = 255  # bytes in one file name (ext4, xfs, btrfs)


def private_dir(path: Path, root: Path) -> Path:
    """``path`` (under ``root``) and every missing folder between them, created 0700; ``root`` too is
    made 0700 (a folder left world-readable by an older version is closed)."""
    root.mkdir(parents=True, exist_ok=True)
    st = root.stat()
    if st.st_mode & 0o077 and st.st_uid == os.geteuid():
        root.chmod(PRIVATE_DIR)
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        try:
            current.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            pass
    return path


def _tmp_name(target: Path) -> Path:
    return target.with_name(f".satudata-{secrets.token_hex(8)}.tmp")  # hidden: the inbox scan skips it


def write_atomic(target: Path, data: bytes, mode: int = 0o666) -> Path:
    """``data`` at ``target``, whole or not at all. ``mode`` 0o666 leaves the folder's usual
    permissions (the umask applies); pass PRIVATE_FILE for private files."""
    tmp = _tmp_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def keep_copy(src: Path, dest: Path, root: Path) -> Path:
    """Copy ``src`` (a private snapshot) to ``dest`` once: atomic, read-only and private, never
    replacing what is there (content-addressed: what is there holds the same bytes)."""
    if dest.exists():
        return dest
    private_dir(dest.parent, root)
    tmp = _tmp_name(dest)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as fh:
            while block := fh.read(1 << 20):
                out.write(block)
        os.chmod(tmp, KEPT_FILE)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
