"""`satudata datasets`: the dataset specs this checkout knows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipelines.catalog import describe
from pipelines.spec import project_root
from pipelines.spec_manifest import SpecManifest


def register(sub) -> None:
    p = sub.add_parser("datasets", help="list the dataset specs / daftar spesifikasi dataset")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--root", default=None, help="datasets folder (default: the checkout's datasets/)")
    p.set_defaults(func=run)


def run(args) -> int:
    """Lists every spec that loads; each broken one is named on stderr (file, field, message) and makes
    the exit code 1, without hiding the others. Read from the spec index (pipelines.spec_manifest):
    only the specs changed since the last listing are parsed again."""
    root = Path(args.root) if args.root else project_root() / "datasets"
    manifest = SpecManifest(root)
    rows = [
        {
            "name": e.name,
            "organization": e.organization,
            "title_id": e.title_id,
            "title_en": e.title_en,
            "frequency": e.frequency,
            "match": e.match,
            "columns": e.columns,
            "spec": shown(root / file),
        }
        for file, e in manifest.kept().items()
    ]
    broken = manifest.broken()
    for err in broken:
        print(f"Spesifikasi tidak valid, dilewati / invalid spec, skipped: {describe(err, root)}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 1 if broken else 0
    width = max((len(r["organization"]) + len(r["name"]) + 1 for r in rows), default=10)
    for r in rows:
        print(f"{r['organization'] + '/' + r['name']:<{width}}  {r['frequency']:<11}  {r['title_id']}")
    print(f"\n{len(rows)} dataset" + (f", {len(broken)} spesifikasi tidak valid / invalid spec(s)"
                                       if broken else ""))
    return 1 if broken else 0


def shown(path: Path) -> str:
    return str(path.relative_to(project_root())) if path.is_relative_to(project_root()) else str(path)
