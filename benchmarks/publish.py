"""From a 1M-row CSV to a queryable DataStore table: satudata's path against ckanext-xloader 2.6.0.

Both load the same generated CSV into the same throwaway portal (``pipelines.portal.up`` in a
temporary folder, with its own CKAN virtualenv under ``.bench/publish-venv`` that also holds
ckanext-xloader, installed in a separate pip call).

- satudata: ``check_file`` (read, PII guard, typing by the spec, Great Expectations, quality rules),
  the Parquet period file, then ``publish_dataset`` (Parquet + CSV + dictionary uploads, the
  DataStore table loaded server-side by ``satudata_datastore_load`` with declared types), until
  ``datastore_search`` counts every row.
- xloader: upload the CSV as a resource; xloader's job (in the portal's jobs worker) COPYs it into
  the DataStore (every column text); timed until ``xloader_status`` is complete and every row counts.

Prints both times and the ratio (goal: satudata at least 3x faster). Not a test.
``python -m benchmarks publish`` (``BENCH_PUBLISH_ROWS`` changes the row count).
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_PUBLISH_ROWS", "1000000"))
GOAL = 3.0
XLOADER = "ckanext-xloader==2.6.0"
KECAMATAN = ["Babulu", "Long Kali", "Penajam", "Sepaku", "Waru"]


def bench_spec():
    from pipelines.spec import parse_spec

    columns = [
        {"name": "tahun", "type": "integer", "required": True, "min": 2000, "max": 2100, "headers": ["Tahun"]},
        {"name": "id_data", "type": "integer", "required": True, "min": 1, "headers": ["ID Data"]},
        {"name": "kode_wilayah", "type": "string", "required": True, "headers": ["Kode Wilayah"],
         "description": {"id": "Kode wilayah", "en": "Area code"}},
        {"name": "kecamatan", "type": "string", "required": True, "headers": ["Kecamatan"]},
        {"name": "laki_laki", "type": "integer", "min": 0, "unit": "jiwa", "headers": ["Laki-laki"]},
        {"name": "perempuan", "type": "integer", "min": 0, "unit": "jiwa", "headers": ["Perempuan"]},
        {"name": "jumlah", "type": "integer", "min": 0, "unit": "jiwa", "headers": ["Jumlah"]},
        {"name": "rasio", "type": "number", "min": 0, "headers": ["Rasio"]},
    ]
    return parse_spec({
        "name": "bench-penduduk", "organization": "disdukcapil",
        "title": {"id": "Penduduk (benchmark)", "en": "Population (benchmark)"},
        "description": {"id": "Data bangkitan untuk benchmark.", "en": "Generated data for the benchmark."},
        "source": {"match": "bench-penduduk*.csv"},
        "period": {"column": "tahun", "frequency": "tahunan"},
        "schema": {"key": ["tahun", "id_data"], "columns": columns},
        "rules": [{"check": "laki_laki + perempuan == jumlah", "severity": "block"}],
        "portal": {"tags": ["kependudukan"], "sektor": "kependudukan"},
    }, "datasets/disdukcapil/bench-penduduk.yaml")


def generate_csv(path: Path, rows: int) -> Path:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = random.Random(6409)
    laki = [rng.randint(0, 5000) for _ in range(rows)]
    perempuan = [rng.randint(0, 5000) for _ in range(rows)]
    table = pa.table({
        "Tahun": pa.array([2024] * rows, pa.int64()),
        "ID Data": pa.array(range(1, rows + 1), pa.int64()),
        "Kode Wilayah": pa.array([f"64.09.{(i % 5) + 1:02d}.{2001 + i % 30}" for i in range(rows)]),
        "Kecamatan": pa.array([KECAMATAN[i % 5] for i in range(rows)]),
        "Laki-laki": pa.array(laki, pa.int64()),
        "Perempuan": pa.array(perempuan, pa.int64()),
        "Jumlah": pa.array([a + b for a, b in zip(laki, perempuan, strict=True)], pa.int64()),
        "Rasio": pa.array([round(a / (b + 1), 4) for a, b in zip(laki, perempuan, strict=True)], pa.float64()),
    })
    pacsv.write_csv(table, path)
    return path


def ours(client, spec, csv: Path, work: Path) -> tuple[float, int, dict]:
    from pipelines.check import check_file
    from pipelines.parquet import write_periods
    from pipelines.publish import publish_dataset

    calls = _CallTimes()
    logging.getLogger("pipelines.publish.calls").addHandler(calls)
    logging.getLogger("pipelines.publish.calls").setLevel(logging.DEBUG)
    started = time.perf_counter()
    checked = check_file(spec, csv, data_dir=work)  # the pipeline's own check, as `satudata run` does
    if not checked.report.valid:
        raise RuntimeError(f"check_file rejects the generated file: {checked.report.summary()}")
    files = write_periods(spec, checked.typed.table, work)
    checked_at = time.perf_counter()
    result = publish_dataset(client, spec, {f.period: f.path for f in files}, report=checked.report)
    resources = client.action.package_show(id=spec.name)["resources"]
    table_id = next(r["id"] for r in resources if r.get("peran") == "datastore")
    found = client.action.datastore_search(resource_id=table_id, limit=0)
    elapsed = time.perf_counter() - started
    logging.getLogger("pipelines.publish.calls").removeHandler(calls)
    return elapsed, found["total"], {"check": checked_at - started, "loader": result.datastore_loader,
                                     "types": {f["id"]: f["type"] for f in found["fields"]},
                                     "calls": calls.slowest()}


class _CallTimes(logging.Handler):
    """Collects the per-call times that pipelines.publish.calls logs at DEBUG."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.times: list[tuple[float, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        action, seconds = record.args if isinstance(record.args, tuple) and len(record.args) == 2 else (None, 0)
        if action:
            self.times.append((float(seconds), str(action)))

    def slowest(self, n: int = 4) -> str:
        return ", ".join(f"{a} {t:.1f} s" for t, a in sorted(self.times, reverse=True)[:n])


def xloader(client, spec, csv: Path, timeout: float = 1800.0) -> tuple[float, int, dict]:
    from pipelines.publish.metadata import dataset_fields, organization_dict

    if not client.action.organization_list(organizations=[spec.organization]):
        client.action.organization_create(**organization_dict(spec.organization, {}))
    dataset = client.action.package_create(**{**dataset_fields(spec, ["2024"]), "name": "bench-xloader"})
    started = time.perf_counter()
    with open(csv, "rb") as fh:
        resource = client.action.resource_create(package_id=dataset["id"], name="xloader", format="CSV",
                                                 upload=(csv.name, fh))
    status = {}
    while time.perf_counter() - started < timeout:
        status = client.action.xloader_status(resource_id=resource["id"])
        if status.get("status") in ("complete", "error"):
            break
        time.sleep(0.2)
    if status.get("status") != "complete":
        raise RuntimeError(f"xloader did not finish: {status.get('status')} {status.get('error')}")
    found = client.action.datastore_search(resource_id=resource["id"], limit=0)
    elapsed = time.perf_counter() - started
    return elapsed, found["total"], {"types": {f["id"]: f["type"] for f in found["fields"]}}


def portal_with_xloader(state: Path, venv: Path):
    """A throwaway portal whose plugins include xloader; its connection."""
    from pipelines.portal import lifecycle, processes
    from pipelines.portal.install import _pip, ensure_ckan

    ensure_ckan(venv, log=print)
    python = venv / "bin" / "python"
    if subprocess.run([str(python), "-c", "import ckanext.xloader"], capture_output=True).returncode != 0:
        _pip(python, [XLOADER], log=print)  # a separate install: it does not resolve together with CKAN's pins
    settings = {"ckanext.xloader.jobs_db.uri": f"sqlite:///{state}/xloader.db"}
    first = lifecycle.up(state, processes.free_port(), venv=venv, log=print, extra_plugins=["xloader"],
                         extra_settings=settings, durable=False)  # a throwaway portal, as the tests'
    # xloader calls the portal back with a token: restart with it in the settings
    return lifecycle.up(state, None, venv=venv, log=print,
                        extra_settings={**settings, "ckanext.xloader.api_token": first.token})


def main() -> None:
    from ckanapi import RemoteCKAN

    from pipelines.portal import down
    from pipelines.spec import project_root

    venv = project_root() / ".bench" / "publish-venv"
    state = Path(tempfile.mkdtemp(prefix="satudata-bench-publish-"))
    try:
        connection = portal_with_xloader(state, venv)
        client = RemoteCKAN(connection.url, apikey=connection.token)
        spec = bench_spec()
        csv = generate_csv(state / "bench-penduduk-2024.csv", ROWS)
        print(f"{ROWS:,} rows, {csv.stat().st_size / 1e6:.1f} MB CSV")
        x_time, x_rows, x_info = xloader(client, spec, csv)
        o_time, o_rows, o_info = ours(client, spec, csv, state / "data")
        print(f"{'path':<10} {'seconds':>8} {'rows':>10}  column types")
        print(f"{'satudata':<10} {o_time:>8.1f} {o_rows:>10,}  {_types(o_info['types'])}")
        print(f"{'':<10} (check_file + Parquet {o_info['check']:.1f} s, loader {o_info['loader']}; "
              f"slowest calls: {o_info['calls']})")
        print(f"{'xloader':<10} {x_time:>8.1f} {x_rows:>10,}  {_types(x_info['types'])}")
        for line in (state / "log" / "ckan.log").read_text(errors="replace").splitlines():
            if "satudata_load " in line and " rows" in line:
                print(f"{'':<10} (portal: {line.split('] ', 1)[-1]})")
        ratio = x_time / o_time
        print(f"ratio xloader/satudata: {ratio:.2f}x (goal >= {GOAL:.0f}x: {'met' if ratio >= GOAL else 'NOT met'})")
    finally:
        down(state, log=lambda m: None)
        shutil.rmtree(state, ignore_errors=True)


def _types(types: dict) -> str:
    return ", ".join(f"{k}:{v}" for k, v in types.items() if k != "_id")


if __name__ == "__main__":
    main()
