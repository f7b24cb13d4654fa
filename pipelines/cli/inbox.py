"""`satudata inbox --once`: process the inbox once, with the sensor's own code (for cron, or a try)."""

from __future__ import annotations

import json
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("inbox", help="process files handed in to inbox/<opd>/ / proses berkas masuk")
    p.add_argument("--once", action="store_true", required=True, help="process what is there now, then stop")
    p.add_argument("--inbox", type=Path, help="inbox folder (default: inbox/ in the checkout)")
    p.add_argument("--no-publish", action="store_true", help="stop at Parquet; do not publish")
    p.set_defaults(func=run)


def run(args) -> int:
    from pipelines.definitions import build_definitions
    from pipelines.inbox.process import answer_unknown, pending, run_config, run_tags
    from pipelines.resources import Workspace
    from pipelines.runner import materialize_datasets, outcomes
    from pipelines.sensors import stages
    from pipelines.spec import load_specs

    workspace = Workspace(inbox_dir=str(args.inbox) if args.inbox else "inbox", publish=not args.no_publish)
    defs = build_definitions(workspace=workspace)
    specs = load_specs(workspace.datasets)
    answers = []
    for item in pending(workspace, specs):  # one after another: never two runs of one dataset at once
        handin = item.handin
        if item.spec is None:
            dest = answer_unknown(workspace, handin, specs)
            answers.append({"file": str(handin.path), "status": "tidak-dikenal", "kept": str(dest)})
            continue
        result = materialize_datasets(defs, [item.spec], stages(workspace.publish),
                                      run_config=run_config(item.spec, handin), tags=run_tags(item.spec, handin))
        outcome = outcomes(result, [item.spec])[0]
        answer = json.loads(handin.path.with_name(handin.path.name + ".laporan.json").read_text("utf-8"))
        answers.append({"file": str(handin.path), "dataset": item.spec.key, "status": answer["status"],
                        "run": outcome.status, "kept": answer["archived"]})
    for a in answers:
        print(f"{a['status']:<14} {a['file']}  ->  {a.get('kept')}")
    if not answers:
        print("Tidak ada berkas baru / no new files.")
    return 0
