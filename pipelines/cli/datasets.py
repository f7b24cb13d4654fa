"""`satudata datasets`: the dataset specs this checkout knows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipelines.catalog import describe, load_catalog
from pipelines.spec import project_root


def register(sub) -> None:
    p = sub.add_parser("datasets", help="list the dataset specs / daftar spesifikasi dataset")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--root", default=None, help="datasets folder (default: the checkout's datasets/)")
    p.set_defaults(func=run)


def run(args) -> int:
    """Lists every spec that loads; each broken one is named on stderr (file, field, message) and makes
    the exit code 1, without hiding the others."""
    root = Path(args.root) if args.root else project_root() / "datasets"
    catalog = load_catalog(root)
    specs = catalog.specs
    rows = [
        {
            "name": s.name,
            "organization": s.organization,
            "title_id": s.title.id,
            "title_en": s.title.en,
            "frequency": s.period.frequency,
            "match": s.source.match,
            "columns": [c.name for c in s.schema.columns],
            "spec": str(s.path.relative_to(project_root())) if s.path and s.path.is_relative_to(project_root())
            else str(s.path),
        }
        for s in specs
    ]
    for err in catalog.broken:
        print(f"Spesifikasi tidak valid, dilewati / invalid spec, skipped: {describe(err, root)}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 1 if catalog.broken else 0
    width = max((len(r["organization"]) + len(r["name"]) + 1 for r in rows), default=10)
    for r in rows:
        print(f"{r['organization'] + '/' + r['name']:<{width}}  {r['frequency']:<11}  {r['title_id']}")
    print(f"\n{len(rows)} dataset" + (f", {len(catalog.broken)} spesifikasi tidak valid / invalid spec(s)"
                                       if catalog.broken else ""))
    return 1 if catalog.broken else 0
