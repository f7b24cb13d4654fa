"""`satudata check FILE`: the offline preview of what the walidata will decide about a file.

Exit codes: 0 the file may be published (warnings allowed), 1 it is blocked (also: it fits no
dataset but holds personal data), 2 it cannot be read, or no dataset fits it and the PII guard found
nothing."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.catalog import load_catalog
from pipelines.spec import SpecError, load_spec, project_root


def register(sub) -> None:
    p = sub.add_parser("check", help="check a file without publishing / periksa berkas tanpa menerbitkan")
    p.add_argument("file", type=Path)
    p.add_argument("--dataset", help="dataset name (default: found from the file name or its columns)")
    p.add_argument("--spec", type=Path, help="check against this spec file (e.g. a proposal not yet in datasets/)")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.add_argument("--html", type=Path, help="also write the report as one HTML page to this path")
    p.add_argument("--lang", choices=("both", "id", "en"), default="both", help="language of the report")
    p.add_argument("--annotate", type=Path, metavar="OUT.xlsx",
                   help="also write a copy of the file with each problem cell highlighted and commented")
    p.set_defaults(func=run)


def run(args) -> int:
    from pipelines.check import check_file
    from pipelines.match import find_spec

    if not args.file.is_file():
        print(f"Berkas tidak ditemukan / file not found: {args.file}")
        return 2
    if args.spec:
        try:
            spec = load_spec(args.spec, in_tree=False)
        except SpecError as err:
            print(f"Spesifikasi tidak sah / invalid spec: {err}")
            return 2
    elif args.dataset:
        specs = load_catalog(project_root() / "datasets").specs
        spec = next((s for s in specs if args.dataset in (s.name, s.key)), None)
        if spec is None:
            print(f"Dataset '{args.dataset}' tidak dikenal / unknown dataset. Lihat / see: satudata datasets")
            return 2
    else:
        spec = find_spec(args.file, load_catalog(project_root() / "datasets").specs)
        if spec is None:
            from pipelines.cli.unmatched import check_unmatched

            return check_unmatched(args.file, as_json=args.json, lang=args.lang)
    data = project_root() / "data"  # earlier periods, for history rules: the same decision as the pipeline
    result = check_file(spec, args.file, data_dir=data if data.is_dir() else None)
    _show(result.report, args)
    if args.annotate and result.source is not None:
        _annotate(result, args.annotate)
    if not result.readable:
        return 2
    return 0 if result.report.valid else 1


def _annotate(result, out: Path) -> None:
    from pipelines.annotate import annotated_copy
    from pipelines.validate.render import safe_problems

    data = annotated_copy(result.file, result.report, sheet=result.source.sheet,
                          header_rows=result.source.header_rows, problems=safe_problems(result.report))
    if data is None:
        print("Salinan bertanda tidak dibuat (format atau ukuran berkas) / "
              "no annotated copy (file format or size)")
        return
    out.write_bytes(data)
    print(f"Salinan bertanda / annotated copy: {out}")


def _show(report, args) -> None:
    from pipelines.validate.render import render_html, render_json, render_text

    if args.html:
        args.html.write_text(render_html(report, lang="en" if args.lang == "en" else "id"), encoding="utf-8")
    if args.json:
        print(json.dumps(json.loads(render_json(report)), ensure_ascii=False, indent=2))
    else:
        print(render_text(report, lang=args.lang))
