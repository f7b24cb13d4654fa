"""One pass over everything handed in: fetch the portal's uploads, process the inbox, answer.

``satudata inbox --once`` calls :func:`inbox_once`; the Dagster sensors run the same steps on their
ticks (fetch and answer in ``portal_uploads``, the runs in ``inbox``)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import dagster as dg

from pipelines.inbox.archive import current_answer
from pipelines.inbox.process import answer_unknown, fail_handin, new_handins, run_config, run_tags, seen_by
from pipelines.publish import CkanResource
from pipelines.resources import Workspace, stages
from pipelines.spec import load_specs
from pipelines.uploads.answer import Posted, post_answers
from pipelines.uploads.connect import connect
from pipelines.uploads.duplicates import answer_seen
from pipelines.uploads.fetch import Upload, fetch_uploads

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


def process_inbox(workspace: Workspace, defs: dg.Definitions | None = None,
                  instance: dg.DagsterInstance | None = None, ckan: CkanResource | None = None) -> list[Outcome]:
    """Run every new hand-in, one after another (never two runs of one dataset at once); a content
    its OPD handed in before is not run again, even when two copies arrive together."""
    from pipelines.definitions import build_definitions
    from pipelines.runner import materialize_datasets, outcomes

    defs = defs or build_definitions(workspace=workspace, ckan=ckan)
    specs = load_specs(workspace.datasets)
    done = []
    for item in new_handins(workspace, specs):
        handin = item.handin
        if seen_by(workspace, handin):
            continue  # a copy of a file run earlier in this pass: answered by answer_seen
        if item.spec is None:
            dest = answer_unknown(workspace, handin, specs)
            done.append(Outcome(str(handin.path), "tidak-dikenal", kept=str(dest)))
            continue
        result = materialize_datasets(defs, [item.spec], stages(workspace.publish), instance=instance,
                                      run_config=run_config(item.spec, handin), tags=run_tags(item.spec, handin))
        outcome = outcomes(result, [item.spec], stages(workspace.publish))[0]
        if outcome.status == "failed":
            fail_handin(workspace, item.spec, handin, outcome.error or "run failed")
        answer = current_answer(handin.path, handin.sha256) or {"status": "gagal", "archived": None}
        done.append(Outcome(str(handin.path), answer["status"], item.spec.key, outcome.status,
                            answer["archived"] or ""))
    return done


def inbox_once(workspace: Workspace, *, ckan: CkanResource | None = None,
               instance: dg.DagsterInstance | None = None) -> Pass:
    """Fetch the portal's new uploads (when publishing and a portal is configured), process the
    inbox, answer copies of earlier files, and post the answers of uploads on the portal."""
    portal = connect(ckan) if workspace.publish else None
    if not workspace.publish:
        log.info("portal uploads skipped: not publishing")
    fetched = fetch_uploads(portal, workspace, load_specs(workspace.datasets)) if portal else []
    done = process_inbox(workspace, instance=instance, ckan=ckan)
    for path in answer_seen(workspace):
        done.append(Outcome(str(path).removesuffix(".laporan.json"),
                            json.loads(path.read_text("utf-8"))["status"], run="", kept="(duplikat / duplicate)"))
    posted = post_answers(portal, workspace) if portal else []
    return Pass(fetched, done, posted, portal is not None)
