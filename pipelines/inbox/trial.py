"""Trying files on the inbox: one pass over a folder of files, handed in by one OPD in a throwaway
workspace, without a portal; the answers it wrote. For tests and for corpora of hostile files:

    from pipelines.inbox.trial import try_inbox
    result = try_inbox(Path("tests/fixtures/hostile"), workdir=tmp_path)
    assert all(a is not None for a in result.answers.values())
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pipelines.inbox.archive import read_answer
from pipelines.inbox.handins import scan
from pipelines.resources import Workspace
from pipelines.spec import project_root


@dataclass
class Trial:
    workspace: Workspace
    outcomes: list  # pipelines.uploads.cycle.Outcome, one per file answered in the pass
    answers: dict[Path, dict | None]  # every entry of the inbox -> its answer (None: none written)


def place(source: Path, inbox: Path, opd: str = "dinkes") -> Path:
    """Copy ``source``'s files (or the file itself) into ``<inbox>/<opd>/``, dated a minute ago (settled)."""
    folder = inbox / opd
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in source.iterdir() if p.is_file()) if source.is_dir() else [source]
    old = time.time() - 60
    for path in files:
        dest = folder / path.name
        shutil.copyfile(path, dest)
        os.utime(dest, (old, old))
    return folder


def answers(inbox: Path) -> dict[Path, dict | None]:
    return {found.path: read_answer(found.path) for found in scan(inbox)}


def try_inbox(source: Path | None, workdir: Path, opd: str = "dinkes", instance=None) -> Trial:
    """Hand in ``source`` (a folder of files, or one file; None: what is in ``workdir/inbox`` already)
    as ``opd``, run one ``satudata inbox --once --no-publish`` pass in ``workdir``, and read the
    answers. ``instance``: a Dagster instance (default: an ephemeral one)."""
    import dagster as dg

    from pipelines.uploads.cycle import inbox_once

    ws = Workspace(root=str(workdir), datasets_dir=str(project_root() / "datasets"), publish=False)
    if source is not None:
        place(source, ws.inbox, opd)
    result = inbox_once(ws, instance=instance or dg.DagsterInstance.ephemeral())
    return Trial(ws, result.outcomes, answers(ws.inbox))
