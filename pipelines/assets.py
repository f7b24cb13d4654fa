"""The Dagster assets of one dataset, made from its spec.

Per dataset (asset keys ``[opd, dataset, stage]``, group = the OPD):
``source`` (the officer's file, external), ``table`` (read, typed and checked; blocking checks),
``parquet`` (one file per period), ``portal`` (published through pipelines.publish).
No ``from __future__ import annotations`` here: Dagster reads the config and resource annotations.
"""

import hashlib
import re
from collections import Counter
from pathlib import Path

import dagster as dg
import pyarrow as pa

from pipelines.checked import CheckedTable
from pipelines.io_manager import StageIOManager
from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.spec import DatasetSpec
from pipelines.validate.report import Report

QUALITY = "quality"
WARNINGS = "warnings"


def asset_key(spec: DatasetSpec, stage: str) -> dg.AssetKey:
    """``[opd, dataset, "<dataset>.<stage>"]``. The Dagster UI labels a node with the last part of its key
    alone, so that part names the dataset too (``kejadian-bencana.table``, never a bare ``table``).
    Build keys only here."""
    return dg.AssetKey([spec.organization, spec.name, f"{spec.name}.{stage}"])


def group_name(opd: str) -> str:
    """The Dagster group of an OPD. Dagster allows only ``[A-Za-z0-9_]`` in a group name, an OPD slug
    may hold ``-`` too (``satpol-pp`` -> ``satpol_pp``)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", opd)


def group_names(opds) -> dict[str, str]:
    """One group per OPD: two OPDs whose names differ only in ``-``/``_`` get a short suffix each."""
    plain = {opd: group_name(opd) for opd in set(opds)}
    clash = Counter(plain.values())
    return {opd: g if clash[g] == 1 else f"{g}_{hashlib.sha1(opd.encode()).hexdigest()[:6]}"
            for opd, g in plain.items()}


class SourceFile(dg.Config):
    """Which file to read. Empty: the spec's sample file (the inbox passes the officer's file)."""

    path: str = ""
    handin: bool = False  # an officer's hand-in: keep it (landing/ or quarantine/) and answer it
    handin_path: str = ""  # a hand-in: the officer's file, answered (``path`` is the inbox's snapshot of it)
    sha256: str = ""  # a hand-in: the hash of ``path``'s bytes, taken when the inbox read them


def column_schema(schema: pa.Schema) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(f.name, str(f.type)) for f in schema])


def report_table(report: Report, limit: int = 20) -> dg.TableMetadataValue:
    """The first problems of a report, as a table in the Dagster UI (personal data masked)."""
    from pipelines.validate.render import safe_problems

    cols = ["row", "column", "code", "severity", "message_id", "message_en"]
    records = [dg.TableRecord({c: ("" if getattr(p, c) is None else getattr(p, c)) for c in cols})
               for p in safe_problems(report)[:limit]]
    schema = dg.TableSchema(columns=[dg.TableColumn(c, "int" if c == "row" else "string") for c in cols])
    return dg.MetadataValue.table(records=records, schema=schema)


def source_spec(spec: DatasetSpec, group: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=asset_key(spec, "source"),
        description=(f"{spec.title.id}: berkas dari {spec.organization} / file handed in: "
                     f"{', '.join(spec.source.match)}"),
        group_name=group,
        kinds={"xlsx", "csv"},
        metadata={"patterns": ", ".join(spec.source.match)},
    )


def table_asset(spec: DatasetSpec, group: str) -> dg.AssetsDefinition:
    key = asset_key(spec, "table")

    @dg.asset(
        key=key,
        deps=[asset_key(spec, "source")],
        group_name=group,
        kinds={"pyarrow", "great_expectations"},
        description=f"{spec.title.id} / {spec.title.en}: read, typed and checked.",
        check_specs=[
            dg.AssetCheckSpec(QUALITY, asset=key, blocking=True,
                              description="Blocking problems (schema, Great Expectations suite, rules, PII)"),
            dg.AssetCheckSpec(WARNINGS, asset=key, description="Problems that publish with a flag"),
        ],
        metadata={"spec": str(spec.path) if spec.path else spec.key},
    )
    def _table(context: dg.AssetExecutionContext, config: SourceFile, workspace: Workspace,
               io_manager: dg.ResourceParam[StageIOManager]):  # where an unchanged outcome is stored
        return checked_table(context, spec, config, workspace, io_manager)

    return _table


def checked_table(context: dg.AssetExecutionContext, spec: DatasetSpec, config: SourceFile,
                  workspace: Workspace, io_manager: StageIOManager):
    from pipelines.check import sha256_file
    from pipelines.fingerprint import check_inputs

    path = Path(config.path) if config.path else workspace.sample(spec.source.sample or "")
    digest = config.sha256 or sha256_file(path)
    key = asset_key(spec, "table")
    checked = None if config.handin else reused_table(context, spec, path, digest, workspace, io_manager)
    if checked is not None:
        schema = column_schema(io_manager.stored_schema(context.instance, key))
    else:
        from pipelines.check import check_file

        result = check_file(spec, path, data_dir=workspace.data, sha256=digest)
        if config.handin:
            from pipelines.inbox.process import keep_handin

            keep_handin(spec, result, workspace, Path(config.handin_path or path))
        report = result.report
        table = result.typed.table if result.typed else None
        checked = CheckedTable(table=table, file=str(path), sha256=result.sha256, report=report,
                               blocked=len(report.blocking),
                               inputs=check_inputs(spec, result.sha256, workspace.data, result.periods))
        schema = column_schema(table.schema) if table is not None else dg.TableSchema([])
    report = checked.report
    yield dg.Output(
        # stored by StageIOManager: as Parquet when it passed; a blocked table is never written
        checked,
        metadata={
            "dagster/row_count": report.rows,
            "dagster/column_schema": schema,
            "file": str(path),
            "sha256": checked.sha256,
            "validation": dg.MetadataValue.json(report.summary()),
            "reused": checked.reused,
        },
    )
    yield dg.AssetCheckResult(
        check_name=QUALITY, passed=report.valid, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"blocking": len(report.blocking), "problems": report_table(report)},
    )
    yield dg.AssetCheckResult(
        check_name=WARNINGS, passed=not report.warnings, severity=dg.AssetCheckSeverity.WARN,
        metadata={"warnings": len(report.warnings)},
    )


def reused_table(context: dg.AssetExecutionContext, spec: DatasetSpec, path: Path, digest: str,
                 workspace: Workspace, io_manager: StageIOManager) -> CheckedTable | None:
    """The stored outcome of this same file, spec and code (not read, not checked again), or None."""
    from pipelines.fingerprint import reusable

    stored = io_manager.stored_checked(context.instance, asset_key(spec, "table"))
    if not reusable(stored, spec, digest, workspace.data):
        return None
    report = Report.model_validate(stored["report"])
    report.file = str(path)
    return CheckedTable(table=None, file=str(path), sha256=digest, report=report, inputs=stored["inputs"],
                        reused=True)


def refuse_blocked(spec: DatasetSpec, checked: CheckedTable) -> None:
    """A blocked table never goes further, even when a later stage is run on its own (e.g. from the UI,
    after a blocked run left only its marker)."""
    if not checked.passed:
        raise dg.Failure(
            description=(f"{spec.key}: {checked.file} diblokir oleh pemeriksaan kualitas / blocked by its checks "
                         f"({checked.blocked} masalah / problems); lihat / see the 'quality' check."),
        )


def parquet_asset(spec: DatasetSpec, group: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=asset_key(spec, "parquet"),
        ins={"checked": dg.AssetIn(key=asset_key(spec, "table"))},
        group_name=group,
        kinds={"parquet"},
        description=f"{spec.title.id}: Parquet, satu berkas per periode / one file per period.",
    )
    def _parquet(context: dg.AssetExecutionContext, checked: CheckedTable, workspace: Workspace):
        return write_parquet(spec, checked, workspace)

    return _parquet


def write_parquet(spec: DatasetSpec, checked: CheckedTable, workspace: Workspace) -> dg.Output:
    from pipelines.parquet import write_periods

    refuse_blocked(spec, checked)
    files = write_periods(spec, checked.table, workspace.data)
    return dg.Output(
        {f.period: str(f.path) for f in files},
        metadata={
            "dagster/row_count": sum(f.rows for f in files),
            "periods": dg.MetadataValue.json({f.period: f.rows for f in files}),
            "folder": str(files[0].path.parent) if files else "",
        },
    )


def portal_asset(spec: DatasetSpec, group: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=asset_key(spec, "portal"),
        ins={"files": dg.AssetIn(key=asset_key(spec, "parquet")), "checked": dg.AssetIn(key=asset_key(spec, "table"))},
        group_name=group,
        kinds={"ckan"},
        description=f"{spec.title.id}: diterbitkan di portal / published on the portal.",
    )
    def _portal(context: dg.AssetExecutionContext, files: dict, checked: CheckedTable, workspace: Workspace,
                ckan: CkanResource):
        return publish(spec, checked, workspace, ckan)

    return _portal


def publish(spec: DatasetSpec, checked: CheckedTable, workspace: Workspace, ckan: CkanResource) -> dg.Output:
    """Every period on disk goes to the portal (the dataset holds them all); unchanged ones upload nothing."""
    from pipelines.parquet import published_periods
    from pipelines.publish import publish_dataset

    refuse_blocked(spec, checked)
    result = publish_dataset(ckan.portal(), spec, published_periods(spec, workspace.data), report=checked.report)
    return dg.Output(
        result.dataset_url,
        metadata={
            "url": dg.MetadataValue.url(result.dataset_url),
            "status": result.status,
            "uploaded": dg.MetadataValue.json(result.uploaded),
            "unchanged": len(result.unchanged),
            "dagster/row_count": result.rows,
            "datastore_loader": result.datastore_loader or "unchanged",
        },
    )


def dataset_assets(spec: DatasetSpec, group: str | None = None) -> list:
    """Everything Dagster knows about one dataset (in the group of its OPD unless ``group`` says)."""
    group = group or group_name(spec.organization)
    return [source_spec(spec, group), table_asset(spec, group), parquet_asset(spec, group), portal_asset(spec, group)]
