"""Keeping every hand-in: accepted files under ``landing/``, rejected ones under ``quarantine/``.

Both are content-addressed (``<sha256>.<ext>``), written once from the snapshot the inbox read and
never overwritten, so nothing an officer hands in is ever lost, and a file seen before is known by its
hash alone. Copies and reports are private (0400/0600 files in 0700 folders); the answers beside the
officer's file keep that folder's usual permissions.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pipelines.inbox.files import PRIVATE_FILE, keep_copy, write_atomic
from pipelines.inbox.handins import answer_path, shown_name
from pipelines.validate.report import Report

log = logging.getLogger(__name__)

FINAL = ("diterima", "ditolak", "tidak-dikenal")  # answers that stand; `gagal` is tried again


def _write_report(report: Report, base: Path) -> None:
    from pipelines.validate.render import render_html, render_json

    write_atomic(base.with_suffix(".report.json"), render_json(report).encode(), PRIVATE_FILE)
    write_atomic(base.with_suffix(".report.html"), render_html(report).encode(), PRIVATE_FILE)


def period_folder(periods: list[str]) -> str:
    if not periods:
        return "tanpa-periode"
    return periods[0] if len(periods) == 1 else f"{periods[0]}..{periods[-1]}"


def archive_accepted(landing: Path, dataset: str, periods: list[str], src: Path, sha256: str, ext: str,
                     report: Report) -> Path:
    dest = keep_copy(src, landing / dataset / period_folder(periods) / f"{sha256}.{ext}", landing)
    _write_report(report, dest.with_suffix(""))
    return dest


def archive_rejected(quarantine: Path, opd: str, src: Path, sha256: str, ext: str, report: Report) -> Path:
    dest = keep_copy(src, quarantine / opd / f"{sha256}.{ext}", quarantine)
    _write_report(report, dest.with_suffix(""))
    return dest


def is_seen(sha256: str, *areas: Path) -> bool:
    """Was this content handed in and decided before (accepted or rejected)? Decided means its report
    was kept beside it: a file whose run failed after it was kept is not decided, and runs again."""
    for folder in areas:
        if folder.is_dir() and any(folder.rglob(f"{sha256}.report.json")):
            return True
    return False


def undecide(landing: Path, sha256: str) -> None:
    """Forget the decision on an accepted file whose later stages failed (its copy stays kept)."""
    if landing.is_dir():
        for report in landing.rglob(f"{sha256}.report.*"):
            report.unlink()


def write_answer(handin_path: Path, status: str, report: Report, archived: Path | None,
                 sha256: str, stat: dict | None = None, **extra) -> Path:
    """The answer beside the officer's file: ``<file>.laporan.json`` and ``.laporan.html``, each
    written whole or not at all. ``sha256`` names the content answered (an answer is current only for
    it); ``stat`` the file's size, mtime and inode when it was read (a file unchanged since is not
    read again)."""
    from pipelines.validate.render import render_html, report_dict

    earlier = current_answer(handin_path, sha256) or {}
    if "attempt" in earlier:  # failed runs of this content so far (the sensor's retry count)
        extra = {"attempt": earlier["attempt"], **extra}
    answer = {
        "status": status,  # diterima | ditolak | tidak-dikenal | gagal
        "file": shown_name(handin_path),
        "sha256": sha256,
        "stat": stat,
        "archived": str(archived) if archived else None,
        "report": report_dict(report),  # personal data masked
        **extra,
    }
    out = answer_path(handin_path)
    body = json.dumps(answer, ensure_ascii=False, indent=2, default=str)
    write_atomic(answer_path(handin_path, "html"), render_html(report).encode())
    write_atomic(out, body.encode("utf-8", "replace"))
    return out


def read_answer(handin_path: Path) -> dict | None:
    """The answer beside a hand-in, whatever content it answers; None when there is none or it cannot
    be read (a damaged answer is written again, never a reason to stop)."""
    path = answer_path(handin_path)
    try:
        answer = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable answer, answered again: %s", shown_name(path), exc)
        return None
    return answer if isinstance(answer, dict) else None


def current_answer(handin_path: Path, sha256: str) -> dict | None:
    """The answer beside a hand-in, if it answers this content (not an older file of the same name)."""
    answer = read_answer(handin_path)
    return answer if answer is not None and answer.get("sha256") == sha256 else None
