"""`satudata run`: materialise datasets through Dagster, in this process."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("run", help="run the pipeline for datasets / jalankan pipeline")
    p.add_argument("--dataset", action="append", default=[], metavar="NAME",
                   help="dataset name (repeatable; default: every dataset)")
    p.add_argument("--file", help="the officer's file to read (default: the spec's sample file)")
    p.add_argument("--publish", action="store_true", help="also publish to the portal (satudata portal up)")
    p.set_defaults(func=run)


def run(args) -> int:
    from pipelines.catalog import describe
    from pipelines.definitions import build_definitions, dagster_catalog
    from pipelines.inbox.process import table_config
    from pipelines.resources import Workspace
    from pipelines.resources import stages as stages_of
    from pipelines.runner import materialize_datasets, outcomes, summary_table

    workspace = Workspace()
    catalog = dagster_catalog(workspace)  # a broken spec is named and skipped; the others run
    for err in catalog.broken:
        print(f"Spesifikasi tidak valid, dilewati / invalid spec, skipped: {describe(err, workspace.datasets)}",
              file=sys.stderr)
    specs = catalog.specs
    if args.dataset:
        unknown = [d for d in args.dataset if not any(d in (s.name, s.key) for s in specs)]
        if unknown:
            print(f"Dataset tidak dikenal / unknown dataset: {', '.join(unknown)}")
            return 2
        specs = [s for s in specs if s.name in args.dataset or s.key in args.dataset]
    if args.file and len(specs) != 1:
        print("--file butuh tepat satu --dataset / --file needs exactly one --dataset")
        return 2
    stages = stages_of(args.publish)
    run_config = table_config(specs[0], Path(args.file).resolve()) if args.file else {}
    if not specs:
        print("Tidak ada dataset untuk dijalankan / no dataset to run")
        return 1
    defs = build_definitions(workspace)
    result = materialize_datasets(defs, specs, stages, run_config=run_config)
    items = outcomes(result, specs, stages)
    print(summary_table(items))
    for o in items:
        if o.error:
            print(f"\n{o.dataset}: {o.error}")
    everything = not args.dataset  # a run of every dataset also fails for the specs it had to skip
    return 0 if all(o.status in ("ok", "warn") for o in items) and not (everything and catalog.broken) else 1
