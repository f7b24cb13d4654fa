"""One pass over everything handed in: fetch the portal's uploads, process the inbox, answer.

``satudata inbox --once`` calls :func:`inbox_once`; the Dagster sensors run the same steps on their
ticks (fetch and answer in ``portal_uploads``, the runs in ``inbox``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.catalog import Catalog
from pipelines.inbox.archive import current_answer
from pipelines.inbox.handins import scan, shown_name
from pipelines.inbox.intake import SETTLE_SECONDS, release
from pipelines.inbox.process import fail_handin, incoming_dir, run_config, run_tags
from pipelines.inbox.take import ANSWERED, CLAIMED, Rules, Taken, take
from pipelines.publish import CkanResource
from pipelines.resources import Workspace, stages
from pipelines.spec_manifest import workspace_manifest
from pipelines.uploads.answer import Posted, post_answers
from pipelines.uploads.connect import connect
from pipelines.uploads.fetch import Upload, fetch_uploads
from pipelines.uploads.ledger import Ledger

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What became of one hand-in."""

    file: str
    status: str  # diterima | ditolak | tidak-dikenal | gagal (the run failed before answering)
    dataset: str = ""
    run: str = ""  # the run's outcome (ok | warn | blocked | failed), "" when nothing ran
    kept: str = ""


@dataclass
class Pass:
    fetched: list[Upload]
    outcomes: list[Outcome]
    posted: list[Posted]
    portal: bool  # were portal uploads part of this pass?


def fetched_files(workspace: Workspace) -> frozenset[Path]:
    """The portal uploads the pipeline fetched itself: written whole (renamed into place), so they need
    not wait to settle."""
    return frozenset(workspace.inbox / e.path for e in Ledger(workspace.inbox).entries.values())


def run_claimed(workspace: Workspace, defs: dg.Definitions | None, instance: dg.DagsterInstance | None,
                taken: Taken, ckan: CkanResource | None = None) -> Outcome:
    """Run one claimed hand-in in this process; a run that fails is answered `gagal` (tried again).
    Without ``defs`` the run's Definitions hold its own dataset alone."""
    from pipelines.definitions import build_definitions
    from pipelines.runner import materialize_datasets, outcomes

    spec, handin = taken.spec, taken.handin
    try:
        if defs is None:
            defs = build_definitions(workspace=workspace, ckan=ckan, catalog=Catalog(specs=[spec]))
        result = materialize_datasets(defs, [spec], stages(workspace.publish), instance=instance,
                                      run_config=run_config(spec, handin), tags=run_tags(spec, handin))
        outcome = outcomes(result, [spec], stages(workspace.publish))[0]
        run, error = outcome.status, outcome.error
    except Exception as exc:
        log.exception("%s: the run failed", shown_name(handin.path))
        run, error = "failed", type(exc).__name__
    if run == "failed":
        fail_handin(workspace, spec, handin, error or "run failed")
    release(incoming_dir(workspace), handin.opd, handin.sha256)  # whatever happened, the claim ends
    answer = current_answer(handin.path, handin.sha256) or {"status": "gagal", "archived": None}
    return Outcome(str(handin.path), answer.get("status", "gagal"), spec.key, run, answer.get("archived") or "")


def process_inbox(workspace: Workspace, defs: dg.Definitions | None = None,
                  instance: dg.DagsterInstance | None = None, ckan: CkanResource | None = None,
                  settle: float = SETTLE_SECONDS) -> list[Outcome]:
    """Take every entry of the inbox and run each new hand-in at once, one after another (never two
    runs of one dataset at once); a content its OPD handed in before is answered, not run again. No
    file stops the pass: each gets its answer and the next one is taken. Only the specs of the OPDs
    with files in the inbox are loaded (from the spec index), and each run holds its own dataset alone."""
    entries = scan(workspace.inbox)
    specs = workspace_manifest(workspace).catalog(opds={f.opd for f in entries}).specs if entries else []
    rules = Rules(by="once", settle=settle, complete=fetched_files(workspace))
    done = []
    for found in entries:
        taken = take(workspace, specs, found, rules)
        if taken.state == ANSWERED:
            done.append(Outcome(str(found.path), taken.status, taken.spec.key if taken.spec else "",
                                kept=taken.kept))
        elif taken.state == CLAIMED:
            done.append(run_claimed(workspace, defs, instance, taken, ckan))
    return done


def inbox_once(workspace: Workspace, *, ckan: CkanResource | None = None,
               instance: dg.DagsterInstance | None = None, settle: float = SETTLE_SECONDS) -> Pass:
    """Fetch the portal's new uploads (when publishing and a portal is configured), process the
    inbox (answering copies of earlier files), and post the answers of uploads on the portal."""
    portal = connect(ckan) if workspace.publish else None
    if not workspace.publish:
        log.info("portal uploads skipped: not publishing")
    fetched = fetch_uploads(portal, workspace, workspace_manifest(workspace).summaries()) if portal else []
    done = process_inbox(workspace, instance=instance, ckan=ckan, settle=settle)
    posted = post_answers(portal, workspace) if portal else []
    return Pass(fetched, done, posted, portal is not None)
