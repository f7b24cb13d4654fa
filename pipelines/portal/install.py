"""CKAN 2.12 in its own virtualenv, installed once and reused (a stamp file records what is in it).

Two pip calls, as the pinned CKAN set and the extensions do not resolve together in one. The
portal's extension goes in editable, so its code changes need no reinstall; a change of its
pyproject (entry points, dependencies) reinstalls the extensions only."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pipelines.portal.layout import extension_dir

CKAN_REQUIREMENT = "ckan[requirements]==2.12.0"
# ckanext-charts: the chart view of periodic datasets (without its `pyarrow` extra, which pins
# pyarrow < 17 beside the extension's pyarrow >= 20). ckanext-harvest, with factory-boy and pytest that
# its synchronous `ckan harvester run-test` imports (from ckanext.harvest.tests): the national-catalogue
# portal of tests/integration/test_harvest_national.py. The portal itself does not load the harvest plugins.
EXTENSION_REQUIREMENTS = ("ckanext-scheming==3.1.0", "ckanext-dcat==2.4.4", "ckanext-charts==1.13.5",
                          "ckanext-harvest==1.6.3", "factory-boy==3.3.3", "pytest>=8,<9")
STAMP = ".satudata-installed.json"


class InstallError(RuntimeError):
    pass


def wanted(extension: Path | None = None) -> dict:
    """What the virtualenv must hold; compared with the stamp."""
    extension = extension or extension_dir()
    pyproject = (extension / "pyproject.toml").read_bytes()
    return {
        "ckan": CKAN_REQUIREMENT,
        "extensions": list(EXTENSION_REQUIREMENTS),
        "satudata_extension": str(extension),
        "satudata_extension_pyproject": hashlib.sha256(pyproject).hexdigest(),
    }


def installed(venv: Path) -> dict:
    try:
        return json.loads((venv / STAMP).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def ensure_ckan(venv: Path, log=print) -> bool:
    """Make ``venv`` hold CKAN and the extensions; False when it already did. Safe to call from
    several processes at once (a file lock serialises the installs)."""
    target = wanted()
    if installed(venv) == target:
        return False
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f".{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        have = installed(venv)
        if have == target:
            return False
        python = venv / "bin" / "python"
        if not python.exists():
            log(f"creating the CKAN virtualenv {venv}")
            uv = _uv()
            _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)] if uv
                 else [sys.executable, "-m", "venv", str(venv)])
        if have.get("ckan") != target["ckan"] or not (venv / "bin" / "ckan").exists():
            _pip(python, [CKAN_REQUIREMENT], log)
        _pip(python, [*EXTENSION_REQUIREMENTS, "-e", target["satudata_extension"]], log)
        (venv / STAMP).write_text(json.dumps(target, indent=2) + "\n")
    return True


def _uv() -> str | None:
    """uv (a project dependency) beside this interpreter or on PATH: it installs CKAN's ~100
    packages in parallel, several times faster than pip."""
    beside = Path(sys.executable).parent / "uv"
    return str(beside) if beside.exists() else shutil.which("uv")


def _pip(python: Path, args: list[str], log) -> None:
    started = time.monotonic()
    uv = _uv()
    log(f"{'uv pip' if uv else 'pip'} install {' '.join(args)}")
    if uv:
        _run([uv, "pip", "install", "--quiet", "--python", str(python), *args])
    else:
        _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args])
    log(f"  done in {time.monotonic() - started:.0f} s")


def _run(argv: list[str]) -> None:
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-20:])
        raise InstallError(f"{' '.join(argv[:4])} ... failed ({proc.returncode}):\n{tail}")
