"""What a check's outcome depends on, as hashes, so that an unchanged run reuses the stored outcome.

A checked table is reused (not read, not checked again) only when all of these are what they were when
it was checked: the file's bytes (sha256), the spec and its GX suite, the code (package version and
every file under ``pipelines/``), and the earlier periods the history rules compared it with. A blocked
outcome is never reused: its report is not stored (nothing of a refused file is kept), so it is
checked again and answered in full.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.spec import DatasetSpec

PACKAGE = "satudata"
CODE_DIR = Path(__file__).resolve().parent
SKIPPED = ("__pycache__",)


@cache
def code_version() -> str:
    """The package version and a hash of every file under pipelines/ (source, templates, reference
    tables), computed once per process."""
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    digest = hashlib.sha256()
    for path in sorted(p for p in CODE_DIR.rglob("*") if p.is_file()):
        rel = path.relative_to(CODE_DIR)
        if any(part in SKIPPED for part in rel.parts) or path.suffix == ".pyc":
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{version}+{digest.hexdigest()[:16]}"


def spec_digest(spec: DatasetSpec) -> str:
    """The spec as loaded (every field the check reads) and the bytes of the stored GX suite the check
    merges in (its hand-written expectations)."""
    from pipelines.validate.suite import suite_path

    digest = hashlib.sha256(spec.model_dump_json(by_alias=True).encode())
    suite = suite_path(spec)  # the one validate_table loads
    digest.update(b"\0" + (suite.read_bytes() if suite.is_file() else b""))
    return digest.hexdigest()


def history_digest(spec: DatasetSpec, data_dir: Path | None, periods: list[str]) -> str:
    """The earlier periods a check compared the file with (history rules): each published period's
    content hash, leaving out the file's own periods (as ``read_history`` does)."""
    from pipelines.parquet import META_CONTENT, published_periods

    if data_dir is None:
        return ""
    own = set(periods)
    parts = []
    for period, path in published_periods(spec, data_dir).items():
        if period in own:
            continue
        try:
            content = (pq.read_metadata(path).metadata or {}).get(META_CONTENT, b"")
        except (OSError, pa.ArrowInvalid):
            content = b"unreadable"
        parts.append([period, content.decode("ascii", "replace")])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def check_inputs(spec: DatasetSpec, sha256: str, data_dir: Path | None, periods: list[str]) -> dict[str, str]:
    """The hashes a checked table is stored with."""
    return {"sha256": sha256, "spec": spec_digest(spec), "code": code_version(),
            "history": history_digest(spec, data_dir, periods)}


def reusable(stored: dict | None, spec: DatasetSpec, sha256: str, data_dir: Path | None) -> bool:
    """Whether a stored checked table (the IO manager's marker) is the outcome this run would reach."""
    if not stored or stored.get("blocked") or "report" not in stored or "inputs" not in stored:
        return False
    periods = list((stored["report"].get("stats") or {}).get("periods") or [])
    return stored["inputs"] == check_inputs(spec, sha256, data_dir, periods)
