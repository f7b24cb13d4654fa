"""`satudata check FILE`: the offline preview of what the walidata will decide about a file.

Exit codes: 0 the file may be published (warnings allowed), 1 it is blocked, 2 it cannot be read
(or no dataset fits it)."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.spec import load_specs, project_root


def register(sub) -> None:
    p = sub.add_parser("check", help="check a file without publishing / periksa berkas tanpa menerbitkan")
    p.add_argument("file", type=Path)
    p.add_argument("--dataset", help="dataset name (default: found from the file name or its columns)")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.add_argument("--html", type=Path, help="also write the report as one HTML page to this path")
    p.add_argument("--lang", choices=("both", "id", "en"), default="both", help="language of the report")
    p.set_defaults(func=run)


def run(args) -> int:
    from pipelines.check import check_file
    from pipelines.match import find_spec
    from pipelines.validate.render import render_html, render_json, render_text

    if not args.file.is_file():
        print(f"Berkas tidak ditemukan / file not found: {args.file}")
        return 2
    specs = load_specs(project_root() / "datasets")
    if args.dataset:
        spec = next((s for s in specs if args.dataset in (s.name, s.key)), None)
        if spec is None:
            print(f"Dataset '{args.dataset}' tidak dikenal / unknown dataset. Lihat / see: satudata datasets")
            return 2
    else:
        spec = find_spec(args.file, specs)
        if spec is None:
            print(f"{args.file}: tidak cocok dengan dataset mana pun; pilih dengan --dataset.\n"
                  f"{args.file}: matches no dataset; choose one with --dataset. (satudata datasets)")
            return 2
    data = project_root() / "data"  # earlier periods, for history rules: the same decision as the pipeline
    result = check_file(spec, args.file, data_dir=data if data.is_dir() else None)
    if args.html:
        args.html.write_text(render_html(result.report, lang="en" if args.lang == "en" else "id"), encoding="utf-8")
    if args.json:
        print(json.dumps(json.loads(render_json(result.report)), ensure_ascii=False, indent=2))
    else:
        print(render_text(result.report, lang=args.lang))
    if not result.readable:
        return 2
    return 0 if result.report.valid else 1
