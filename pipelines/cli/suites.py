"""`satudata suites [--check]`: regenerate the Great Expectations suites from the dataset specs.

Every ``datasets/<opd>/<name>.yaml`` gets ``validations/<opd>/<name>.json``; hand-written
expectations in those files are kept. ``--check`` writes nothing: it names the suites that are out
of date (or that no spec owns) and exits 1, so CI can tell.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.spec import SpecError, load_specs, project_root


def register(sub) -> None:
    p = sub.add_parser(
        "suites",
        help="regenerate GX suites from the specs / buat ulang suite GX dari spesifikasi",
    )
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when a suite is out of date / hanya periksa")
    p.add_argument("--root", default=None, help="project folder holding datasets/ and validations/")
    p.set_defaults(func=run)


def orphans(root: Path, owned: set[Path]) -> list[Path]:
    """Suite files no spec generates (a spec renamed or removed)."""
    return sorted(p for p in (root / "validations").glob("*/*.json") if p not in owned)


def run(args) -> int:
    from pipelines.validate.suite import SuiteFileError, is_stale, suite_path, write_suite

    root = Path(args.root) if args.root else project_root()
    try:
        specs = load_specs(root / "datasets")
        stale = [s for s in specs if is_stale(s, root)]
    except (SpecError, SuiteFileError) as err:
        print(f"Tidak dapat membuat suite / cannot build suites: {err}")
        return 2
    owned = {suite_path(s, root) for s in specs}
    extra = orphans(root, owned)

    def rel(path: Path) -> str:
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    if args.check:
        for spec in stale:
            print(f"kedaluwarsa / out of date: {rel(suite_path(spec, root))}")
        for path in extra:
            print(f"tanpa spesifikasi / no spec: {rel(path)}")
        if stale or extra:
            print("Jalankan / run: satudata suites")
            return 1
        print(f"{len(specs)} suite mutakhir / up to date")
        return 0
    for spec in stale:
        print(f"ditulis / written: {rel(write_suite(spec, root))}")
    for path in extra:
        print(f"tanpa spesifikasi, hapus bila tidak dipakai / no spec, delete if unused: {rel(path)}")
    print(f"{len(specs)} suite, {len(stale)} diperbarui / updated")
    return 0
