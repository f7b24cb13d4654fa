"""The compiled index of a datasets folder: one line per spec file, kept in a JSON file and rebuilt only
for the specs whose file changed (key: path, mtime, size).

Listing the datasets, matching a hand-in to its OPD's specs or finding one dataset's spec then reads
the index and stats the files, instead of parsing and validating every spec (issue 16: at 5,000 specs a
full load takes tens of seconds). A full spec is still loaded from its YAML when it is needed, and only
the ones that are: :meth:`SpecManifest.catalog` with ``opds`` or ``names``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.catalog import Catalog, load_file
from pipelines.spec import DatasetSpec, SpecError, project_root, spec_files

if TYPE_CHECKING:
    from pipelines.resources import Workspace

VERSION = 1


@dataclass
class SpecSummary:
    """What the index knows of one spec file: its stamp, and either the summary or the error."""

    stamp: list[int]  # [mtime_ns, size]
    name: str = ""
    organization: str = ""
    title_id: str = ""
    title_en: str = ""
    frequency: str = ""
    walidata: str = ""
    match: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    error: list[str] | None = None  # [field, message] of a spec that does not load

    @classmethod
    def of(cls, stamp: list[int], spec: DatasetSpec) -> SpecSummary:
        return cls(stamp=stamp, name=spec.name, organization=spec.organization, title_id=spec.title.id,
                   title_en=spec.title.en, frequency=spec.period.frequency, walidata=spec.portal.walidata or "",
                   match=list(spec.source.match), columns=[c.name for c in spec.schema.columns])

    @property
    def key(self) -> str:
        return f"{self.organization}/{self.name}"


def stamp_of(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_mtime_ns, st.st_size]


def default_store(root: Path, home: Path | None = None) -> Path:
    """``<home>/specs/<hash of the folder>.json`` (home: the checkout's ``.dagster/``): one index per
    datasets folder."""
    digest = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16]
    return (home or project_root() / ".dagster") / "specs" / f"{digest}.json"


def workspace_manifest(workspace: Workspace) -> SpecManifest:
    """The index of the workspace's specs, kept in its ``.dagster/`` (under its root)."""
    return SpecManifest(workspace.datasets, default_store(workspace.datasets, workspace.path(".dagster")))


class SpecManifest:
    """The index of ``root`` (a datasets folder), brought up to date on creation. ``store``: the JSON
    file it is kept in (default :func:`default_store`); ``None`` entries are never written when the
    folder cannot be written (the index is then only in memory)."""

    def __init__(self, root: str | Path, store: str | Path | None = None):
        self.root = Path(root)
        self.store = Path(store) if store else default_store(self.root)
        self.entries: dict[str, SpecSummary] = {}
        self.rebuilt = 0  # how many spec files were parsed by this refresh
        self._refresh()

    def _read(self) -> dict[str, SpecSummary]:
        try:
            data = json.loads(self.store.read_text(encoding="utf-8"))
            if data.get("version") != VERSION or data.get("root") != str(self.root.resolve()):
                return {}
            return {file: SpecSummary(**e) for file, e in data["entries"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):  # none yet, or damaged: rebuilt
            return {}

    def _write(self) -> None:
        body = {"version": VERSION, "root": str(self.root.resolve()),
                "entries": {f: asdict(e) for f, e in self.entries.items()}}
        try:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.store.parent, prefix=".manifest-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(body, out, ensure_ascii=False)
            os.replace(tmp, self.store)  # readers in other processes see the old index or the new one
        except OSError:
            pass  # a read-only checkout: the index lives in memory for this process

    def _refresh(self) -> None:
        known = self._read()
        fresh: dict[str, SpecSummary] = {}
        for path in spec_files(self.root):
            rel = path.relative_to(self.root).as_posix()
            try:
                stamp = stamp_of(path)
            except OSError:
                continue  # removed while listed
            entry = known.get(rel)
            if entry is None or entry.stamp != stamp:
                entry = self._compile(path, stamp)
                self.rebuilt += 1
            fresh[rel] = entry
        changed = self.rebuilt or set(fresh) != set(known)
        self.entries = fresh
        if changed:
            self._write()

    @staticmethod
    def _compile(path: Path, stamp: list[int]) -> SpecSummary:
        spec = load_file(path)
        if isinstance(spec, SpecError):
            return SpecSummary(stamp=stamp, error=[spec.field, spec.message])
        return SpecSummary.of(stamp, spec)

    def kept(self) -> dict[str, SpecSummary]:
        """The specs that load, by file, less a second spec with a name already used (in file order)."""
        seen: set[str] = set()
        out = {}
        for file, entry in self.entries.items():
            if entry.error is None and entry.name not in seen:
                seen.add(entry.name)
                out[file] = entry
        return out

    def summaries(self) -> list[SpecSummary]:
        """The index lines of the specs that load (see :meth:`kept`), in file order."""
        return list(self.kept().values())

    def broken(self) -> list[SpecError]:
        """The files that do not load, and the second of two specs with one name."""
        first: dict[str, str] = {}
        errors = []
        for file, entry in self.entries.items():
            if entry.error is not None:
                errors.append(SpecError(self.root / file, *entry.error))
            elif entry.name in first:
                errors.append(SpecError(self.root / file, "name",
                                        f"{entry.name!r} is used by {self.root / first[entry.name]} too"))
            else:
                first[entry.name] = file
        return errors

    def catalog(self, *, opds: set[str] | None = None, keys: set[str] | None = None) -> Catalog:
        """The full specs of the OPDs in ``opds`` / the datasets in ``keys`` (``opd/name``), or of all
        when neither is given, loaded from their files. A file changed since the index was refreshed and
        now broken is reported in ``broken``, like a broken one."""
        catalog = Catalog(broken=[] if (opds or keys) else self.broken())
        for file, entry in self.kept().items():
            if opds is not None and entry.organization not in opds:
                continue
            if keys is not None and entry.key not in keys:
                continue
            spec = load_file(self.root / file)
            if isinstance(spec, SpecError):
                catalog.broken.append(spec)
            elif spec.name == entry.name:
                catalog.specs.append(spec)
        return catalog

    def find(self, key: str) -> DatasetSpec | None:
        """The spec of dataset ``key`` (``opd/name``), loaded alone; None when there is none."""
        specs = self.catalog(keys={key}).specs
        return specs[0] if specs else None
