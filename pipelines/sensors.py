"""The sensors: ``inbox`` (a run per new hand-in, by content hash within its OPD; one dataset's runs
one after another) and ``portal_uploads`` (fetches the portal's new uploads into the inbox, answers them there)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.inbox.handins import HandIn, printable, scan, shown_name
from pipelines.inbox.process import DATASET_TAG, FILE_TAG, HANDIN_TAG, fail_handin, run_request
from pipelines.inbox.take import ANSWERED, CLAIMED, Rules, take
from pipelines.publish import CkanResource
from pipelines.resources import Workspace, stages
from pipelines.spec_manifest import workspace_manifest
from pipelines.uploads import connect, fetch_uploads, post_answers
from pipelines.uploads.cycle import fetched_files

__all__ = ["inbox_sensor", "portal_uploads_sensor", "handin_failure_sensor"]

UNFINISHED = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTING,
              dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


@dg.sensor(
    name="inbox",
    target=dg.AssetSelection.all(),
    minimum_interval_seconds=15,
    default_status=dg.DefaultSensorStatus.RUNNING,  # on whenever the daemon runs (`satudata ui up`)
    description="Berkas baru di inbox/<opd>/ / new files handed in to inbox/<opd>/",
)
def inbox_sensor(context: dg.SensorEvaluationContext, workspace: Workspace):
    """Each entry is taken on its own (see pipelines.inbox.take): a file that cannot be read, a link, a
    damaged answer or a reader bug is that file's answer, and the other files are still taken.
    The specs come from the compiled index: only those of the OPDs with files in the inbox are loaded,
    none on a tick with an empty inbox."""
    entries = scan(workspace.inbox)
    if not entries:
        return
    specs = workspace_manifest(workspace).catalog(opds={f.opd for f in entries}).specs
    rules = Rules(by="sensor", complete=fetched_files(workspace), wait_retry=True)
    for found in entries:
        taken = take(workspace, specs, found, rules)
        if taken.state == CLAIMED:
            yield run_request(taken.spec, taken.handin, stages(workspace.publish))
        elif taken.state == ANSWERED:
            context.log.info(f"{printable(shown_name(found.path))}: {taken.status} {taken.kept}".rstrip())


def run_busy(instance: dg.DagsterInstance):
    """``busy(sha256)``: is a run for that hand-in still going?"""
    def busy(sha256: str) -> bool:
        return bool(instance.get_run_records(
            dg.RunsFilter(tags={HANDIN_TAG: sha256}, statuses=UNFINISHED), limit=1))
    return busy


@dg.sensor(
    name="portal_uploads",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Unggahan di dataset unggah-<opd> portal / uploads on the portal's unggah-<opd> datasets",
)
def portal_uploads_sensor(context: dg.SensorEvaluationContext, workspace: Workspace, ckan: CkanResource):
    """Fetch new uploads into the inbox (the ``inbox`` sensor runs them) and post the answers the
    finished runs wrote. Without a portal connection: skipped, with the reason."""
    if not workspace.publish:
        return dg.SkipReason("not publishing: portal uploads are not fetched")
    portal = connect(ckan, logger=context.log)
    if portal is None:
        return dg.SkipReason("no portal configured (SATUDATA_CKAN_URL/TOKEN or .portal/portal.json)")
    fetched = fetch_uploads(portal, workspace, workspace_manifest(workspace).summaries())
    posted = post_answers(portal, workspace, busy=run_busy(context.instance))
    for p in posted:
        context.log.info(f"answered upload {p.resource_id}: {p.status}")
    return dg.SkipReason(f"{len(fetched)} upload(s) fetched, {len(posted)} answer(s) posted")


@dg.run_failure_sensor(
    name="handin_failures",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Hand-in runs that failed after their checks: answered 'gagal', tried again later",
)
def handin_failure_sensor(context: dg.RunFailureSensorContext, workspace: Workspace):
    tags = context.dagster_run.tags
    if HANDIN_TAG not in tags or FILE_TAG not in tags:
        return
    spec = workspace_manifest(workspace).find(tags.get(DATASET_TAG, ""))
    if spec is None:
        return
    handin = HandIn(path=Path(tags[FILE_TAG]), opd=spec.organization, sha256=tags[HANDIN_TAG])
    fail_handin(workspace, spec, handin, context.failure_event.message or "run failed")  # ends its claim too
