"""Installing a Debian package the portal needs (Redis, PostgreSQL) when the machine lacks it."""

from __future__ import annotations

import shutil
import subprocess

APT_ENV = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}


class AptError(RuntimeError):
    """The package could not be installed (no apt-get, or apt-get failed)."""


def apt_install(package: str) -> None:
    """``apt-get install`` the package, after an ``apt-get update`` when the first try fails."""
    if not shutil.which("apt-get"):
        raise AptError(f"there is no apt-get to install {package}")
    argv = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    if subprocess.run(argv, capture_output=True, env=APT_ENV).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=APT_ENV)
        proc = subprocess.run(argv, capture_output=True, text=True, env=APT_ENV)
        if proc.returncode != 0:
            raise AptError(f"apt-get install {package} failed: {proc.stderr.strip()[-500:]}")
