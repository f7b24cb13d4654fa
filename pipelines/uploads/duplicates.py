"""Answers for hand-ins whose content was handed in before.

The inbox runs an OPD's content once (by its hash). A hand-in whose content the same OPD handed in
before (in ``landing/<opd>/`` or ``quarantine/<opd>/``) is not run again: it gets the earlier outcome
as its answer, with the earlier report and a notice."""

from __future__ import annotations

from pathlib import Path

from pipelines.inbox.archive import write_answer
from pipelines.inbox.handins import HandIn, shown_name
from pipelines.inbox.process import areas
from pipelines.resources import Workspace
from pipelines.validate.report import Problem, Report

DUPLICATE = "duplicate-handin"


def _archived(folder: Path, sha256: str) -> Path | None:
    if not folder.is_dir():
        return None
    if not any(folder.rglob(f"{sha256}.report.json")):
        return None  # kept, but not decided (its run failed): it runs again
    found = sorted(p for p in folder.rglob(f"{sha256}.*") if ".report." not in p.name)
    return found[0] if found else None


def _earlier_report(archived: Path, name: str) -> Report:
    report_file = archived.with_name(archived.name.split(".", 1)[0] + ".report.json")
    try:
        return Report.model_validate_json(report_file.read_text(encoding="utf-8")).model_copy(update={"file": name})
    except (OSError, ValueError):  # no report kept, or a damaged one: the notice alone
        return Report(file=name)


def _notice(handin: HandIn, where: str) -> Problem:
    name = shown_name(handin.path)
    return Problem(
        code=DUPLICATE, severity="warn",
        message_id=(f"Isi berkas '{name}' sama dengan berkas yang sudah diserahkan sebelumnya "
                    f"({where}); tidak diproses ulang."),
        message_en=(f"File '{name}' has the same content as a file handed in before ({where}); "
                    "it is not processed again."),
        hint_id="Tidak perlu tindakan bila ini memang berkas yang sama.",
        hint_en="Nothing to do if this is indeed the same file.",
        rule="inbox",
    )


def earlier_outcome(workspace: Workspace, handin: HandIn) -> tuple[str, Report, Path] | None:
    """(status, report, archived file) of the OPD's earlier hand-in with this content, or None."""
    landing, quarantine = areas(workspace, handin.opd)
    landed = _archived(landing, handin.sha256)
    if landed is not None:
        report = _earlier_report(landed, shown_name(handin.path))
        report.add(_notice(handin, "diterima / accepted"))
        return "diterima", report, landed
    kept = _archived(quarantine, handin.sha256)
    if kept is None:
        return None
    report = _earlier_report(kept, shown_name(handin.path))
    status = "tidak-dikenal" if set(report.by_code()) == {"unknown-dataset"} else "ditolak"
    report.add(_notice(handin, "ditolak / rejected" if status == "ditolak" else "tidak dikenal / unknown"))
    return status, report, kept


def answer_duplicate(workspace: Workspace, handin: HandIn, stat: dict | None = None) -> tuple[str, Path] | None:
    """Answer a hand-in whose content its OPD handed in before with the earlier outcome: (status,
    archived copy), or None when the content is new."""
    outcome = earlier_outcome(workspace, handin)
    if outcome is None:
        return None
    status, report, archived = outcome
    write_answer(handin.path, status, report, archived, handin.sha256, stat)
    return status, archived
