"""`python -m benchmarks [NAME ...]`: run every benchmark module (or the named ones)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def names() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    chosen = argv or names()
    failed = []
    for name in chosen:
        print(f"\n=== benchmark: {name} ===", flush=True)
        start = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            module.main()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            failed.append(name)
            print(f"benchmark {name} failed: {exc!r}")
        print(f"({name}: {time.perf_counter() - start:.1f} s)")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
