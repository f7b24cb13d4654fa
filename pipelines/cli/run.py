"""`satudata run`: materialise datasets through Dagster, in this process."""

from __future__ import annotations

from pathlib import Path

from pipelines.spec import load_specs, project_root


def register(sub) -> None:
    p = sub.add_parser("run", help="run the pipeline for datasets / jalankan pipeline")
    p.add_argument("--dataset", action="append", default=[], metavar="NAME",
                   help="dataset name (repeatable; default: every dataset)")
    p.add_argument("--file", help="the officer's file to read (default: the spec's sample file)")
    p.add_argument("--publish", action="store_true", help="also publish to the portal (satudata portal up)")
    p.set_defaults(func=run)


def run(args) -> int:
    from pipelines.definitions import build_definitions
    from pipelines.inbox.process import table_config
    from pipelines.resources import stages as stages_of
    from pipelines.runner import materialize_datasets, outcomes, summary_table

    specs = load_specs(project_root() / "datasets")
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
    defs = build_definitions()
    result = materialize_datasets(defs, specs, stages, run_config=run_config)
    items = outcomes(result, specs, stages)
    print(summary_table(items))
    for o in items:
        if o.error:
            print(f"\n{o.dataset}: {o.error}")
    return 0 if all(o.status in ("ok", "warn") for o in items) else 1
