"""The dataset spec: one YAML file per dataset under ``datasets/<opd>/<name>.yaml``.

The spec is the single source of truth. The Great Expectations suite, the Parquet schema and the
portal's data dictionary are all derived from it. A bad spec raises :class:`SpecError`, which names
the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

ColumnType = Literal["string", "integer", "number", "boolean", "date"]
Frequency = Literal["tahunan", "semesteran", "triwulanan", "bulanan", "harian", "tidak_tentu"]
Severity = Literal["block", "warn"]
Level = Literal["kabupaten", "kecamatan", "desa_kelurahan"]

# The Satu Data sectors (urusan) the portal offers as a facet. Kept here so that the spec, the
# portal schema (portal/ckanext-satudata/.../schemas) and the tests agree on one list.
SEKTOR = (
    "kependudukan",
    "kesehatan",
    "pendidikan",
    "keuangan",
    "kebencanaan",
    "sosial",
    "ekonomi",
    "pertanian",
    "infrastruktur",
    "lingkungan_hidup",
    "pemerintahan",
    "ketenagakerjaan",
)


class SpecError(ValueError):
    """A spec that cannot be used. ``file`` and ``field`` say where the problem is."""

    def __init__(self, file: str | Path, field: str, message: str):
        self.file = str(file)
        self.field = field
        self.message = message
        super().__init__(f"{self.file}: {field}: {message}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in Indonesian and English."""

    id: str
    en: str


class Column(_Model):
    name: str
    type: ColumnType = "string"
    description: Text | None = None
    unit: str | None = None
    headers: list[str] = Field(default_factory=list, description="header spellings seen in officers' files")
    required: bool = False
    min: float | None = None
    max: float | None = None
    allowed: list[str] | None = None
    pattern: str | None = None
    reference: str | None = Field(None, description="kode referensi, e.g. kemendagri.kecamatan")
    within: str | None = Field(None, description="parent code the reference codes must lie in")
    public_contact: bool = Field(False, description="public office contact data; never for a NIK")
    scale: int | None = Field(None, ge=0, le=6,
                              description="number columns: an exact decimal with this many digits after the point "
                                          "(money: 2); published as numeric / decimal128, never as a float")

    @field_validator("name")
    @classmethod
    def _snake(cls, v: str) -> str:
        if not SNAKE.match(v):
            raise ValueError(f"column name {v!r} must be snake_case (a-z, 0-9, _)")
        return v

    @model_validator(mode="after")
    def _scale_on_numbers(self) -> Column:
        if self.scale is not None and self.type != "number":
            raise ValueError(f"column {self.name!r}: scale is for type number, not {self.type}")
        return self


class Melt(_Model):
    """Wide to long: columns whose headers match ``columns`` (a regex) become rows."""

    columns: str
    into: str = Field(description="name of the column that receives the melted headers, e.g. tahun")
    value: str = Field(description="name of the column that receives the cell values")


class Source(_Model):
    match: list[str] = Field(description="filename patterns (glob, case-insensitive) of officers' files")
    sheet: str | int | None = None
    header_rows: list[int] | None = Field(None, description="0-based row indices of the header block")
    skip_rows: list[int] = Field(default_factory=list, description="0-based row indices to drop")
    drop_patterns: list[str] = Field(default_factory=list, description="regex: rows whose text matches")
    melt: Melt | None = None
    sample: str | None = Field(None, description="sample file shipped with the project (path from repo root)")

    @field_validator("match", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


DUE_PATTERN = r"^\s*\d{1,3}\s*(hari|day|days|bulan|month|months)\s*$"


class Period(_Model):
    column: str | list[str]
    frequency: Frequency = "tahunan"
    due: str | None = Field(
        None, pattern=DUE_PATTERN,
        description='how long after a period ends its data is due ("3 bulan", "10 hari"); '
                    "default per frequency (pipelines/walidata.py)")

    @property
    def columns(self) -> list[str]:
        return [self.column] if isinstance(self.column, str) else list(self.column)


class Schema(_Model):
    key: list[str] = Field(default_factory=list)
    columns: list[Column]

    @model_validator(mode="after")
    def _consistent(self) -> Schema:
        names = [c.name for c in self.columns]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate column names: {', '.join(dupes)}")
        missing = [k for k in self.key if k not in names]
        if missing:
            raise ValueError(f"key names unknown columns: {', '.join(missing)}")
        return self

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


class Rule(BaseModel):
    """A quality rule. ``check`` is an expression (``a + b == c``) or a rule kind
    (``year_on_year``, ``row_count``, ``totals``, ``completeness``, ``reference_name`` ...).
    Rule kinds take their own parameters as extra keys."""

    model_config = ConfigDict(extra="allow", frozen=True)

    check: str
    severity: Severity = "block"
    column: str | None = None
    tolerance: float = 0.0

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Portal(_Model):
    """Satu Data metadata, published as the portal's dataset fields."""

    license: str = "cc-by"
    tags: list[str] = Field(default_factory=list)
    sektor: Literal[SEKTOR] = "pemerintahan"  # type: ignore[valid-type]
    walidata: str = "Diskominfo Kabupaten Penajam Paser Utara"
    produsen_data: str | None = None
    satuan: str | None = None
    tingkat_penyajian: Level = "kabupaten"
    cakupan_wilayah: str = "64.09"
    status_data: Literal["sementara", "tetap"] = "tetap"
    klasifikasi_akses: Literal["terbuka", "terbatas", "tertutup"] = "terbuka"


class DatasetSpec(_Model):
    name: str
    organization: str
    title: Text
    description: Text
    source: Source
    period: Period
    schema_: Schema = Field(alias="schema")
    rules: list[Rule] = Field(default_factory=list)
    portal: Portal = Field(default_factory=Portal)
    path: Path | None = Field(None, exclude=True, description="the file this spec was read from")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("name", "organization")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(f"{v!r} must be a lowercase slug (a-z, 0-9, - and _)")
        return v

    @model_validator(mode="after")
    def _names_exist(self) -> DatasetSpec:
        names = {c.name for c in self.schema_.columns}
        for col in self.period.columns:
            if col not in names:
                raise ValueError(f"period column {col!r} is not a schema column")
        for i, rule in enumerate(self.rules):
            if rule.column and rule.column not in names:
                raise ValueError(f"rules[{i}].column {rule.column!r} is not a schema column")
        return self

    @property
    def schema(self) -> Schema:  # type: ignore[override]
        return self.schema_

    @property
    def key(self) -> str:
        """``opd/name``: unique across the project."""
        return f"{self.organization}/{self.name}"


def _field_path(loc: tuple[Any, ...], data: Any) -> str:
    """Turn pydantic's location into ``schema.columns[2].type``, with the column's name when known."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node) and isinstance(node[item], dict):
                name = node[item].get("name")
                if name:
                    label = f"[{item}:{name}]"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(item))
        node = node[item] if isinstance(node, (dict, list)) and _has(node, item) else None
    return "".join(parts) or "(root)"


def _has(node: Any, item: Any) -> bool:
    if isinstance(node, dict):
        return item in node
    return isinstance(item, int) and item < len(node)


def parse_spec(data: Any, file: str | Path) -> DatasetSpec:
    if not isinstance(data, dict):
        raise SpecError(file, "(root)", "a dataset spec must be a YAML mapping")
    try:
        return DatasetSpec.model_validate({**data, "path": Path(file)})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise SpecError(file, _field_path(tuple(err["loc"]), data), err["msg"]) from None


# libyaml's safe loader parses a spec about ten times faster than the pure-Python one (issue 16).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_spec(path: str | Path, *, in_tree: bool = True) -> DatasetSpec:
    """The spec in ``path``. ``in_tree``: it lives in ``datasets/<opd>/`` and its organization must be
    that folder's name (a proposal checked with ``satudata check --spec`` may lie anywhere)."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(yaml)"
        raise SpecError(path, where, f"not valid YAML: {exc}") from None
    spec = parse_spec(data, path)
    if in_tree and path.parent.name != spec.organization:
        raise SpecError(path, "organization", f"must equal its folder name {path.parent.name!r}")
    return spec


def spec_files(root: str | Path) -> list[Path]:
    """Every dataset spec below ``root`` (``datasets/<opd>/<name>.yaml``), in a stable order."""
    root = Path(root)
    return sorted(p for p in root.glob("*/*.yaml") if not p.name.startswith("_"))


def load_specs(root: str | Path) -> list[DatasetSpec]:
    specs = [load_spec(p) for p in spec_files(root)]
    seen: dict[str, Path] = {}
    for spec in specs:
        if spec.name in seen:
            raise SpecError(spec.path or "", "name", f"{spec.name!r} is used by {seen[spec.name]} too")
        seen[spec.name] = spec.path or Path()
    return specs


def project_root() -> Path:
    """The checkout this package runs from (pipelines/ sits in it)."""
    return Path(__file__).resolve().parent.parent
