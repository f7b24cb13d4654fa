"""The specs of a datasets folder, each file loaded on its own: a broken spec is reported (file, field,
message) and skipped, and every other spec still loads. One OPD's typo never stops every dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipelines.spec import DatasetSpec, SpecError, load_spec, spec_files


@dataclass
class Catalog:
    specs: list[DatasetSpec] = field(default_factory=list)
    broken: list[SpecError] = field(default_factory=list)

    def skip(self, spec: DatasetSpec, field_name: str, message: str) -> None:
        """Take a loaded spec out again (e.g. Dagster cannot name it) and report why."""
        self.specs.remove(spec)
        self.broken.append(SpecError(spec.path or spec.key, field_name, message))


def load_file(path: Path) -> DatasetSpec | SpecError:
    """The spec in ``path``, or the error that says why it does not load."""
    try:
        return load_spec(path)
    except SpecError as err:
        return err
    except (OSError, UnicodeDecodeError, RecursionError) as err:  # unreadable, not UTF-8, absurdly nested
        return SpecError(path, "(file)", f"{type(err).__name__}: {err}")


def load_catalog(root: str | Path) -> Catalog:
    """Every spec below ``root`` that loads; the others in ``broken``. Of two specs with one name the
    first (in file order) is kept and the second reported."""
    catalog = Catalog()
    seen: dict[str, Path] = {}
    for path in spec_files(root):
        spec = load_file(path)
        if isinstance(spec, SpecError):
            catalog.broken.append(spec)
            continue
        if spec.name in seen:
            catalog.broken.append(SpecError(path, "name", f"{spec.name!r} is used by {seen[spec.name]} too"))
            continue
        seen[spec.name] = path
        catalog.specs.append(spec)
    return catalog


def describe(err: SpecError, root: Path | None = None) -> str:
    """One line for an officer or a log: the file (relative to ``root`` when inside it), field, message."""
    file = Path(err.file)
    if root is not None and file.is_relative_to(root):
        file = file.relative_to(root)
    return f"{file}: {err.field}: {err.message}"
