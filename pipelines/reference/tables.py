"""The region code tables shipped in ``pipelines/reference/wilayah/`` and their lookups.

Codes are always text. Kemendagri codes are dotted (``64.09.01.2001``); BPS codes are plain digits
(``6409030001``). The two systems number units differently, so one is never derived from the other:
they are matched through the bridging table (crosswalk) only.
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "wilayah"

SYSTEMS = ("kemendagri", "bps")
LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")

# Spellings accepted after the dot of a reference name ("kemendagri.kabupaten_kota" ...).
_LEVEL_ALIASES = {
    "provinsi": "provinsi",
    "prov": "provinsi",
    "kabupaten": "kabupaten",
    "kabupaten_kota": "kabupaten",
    "kab_kota": "kabupaten",
    "kota": "kabupaten",
    "kecamatan": "kecamatan",
    "kec": "kecamatan",
    "desa": "desa",
    "kelurahan": "desa",
    "desa_kelurahan": "desa",
}
# The level names used inside the shipped files.
_FILE_LEVEL = {
    "provinsi": "provinsi",
    "kabupaten_kota": "kabupaten",
    "kecamatan": "kecamatan",
    "desa_kelurahan": "desa",
}
# Digits per level: Kemendagri 2.2.2.4, BPS 2+2+3+3.
_KEMENDAGRI_SEGMENTS = (2, 2, 2, 4)
_BPS_LENGTHS = {2: "provinsi", 4: "kabupaten", 7: "kecamatan", 10: "desa"}
_SPACES = re.compile(r"\s+")


class ReferenceError(ValueError):
    """An unknown reference name (``kemendagri.kecamatan`` is known, ``bps.rt`` is not)."""


def parse_reference(reference: str) -> tuple[str, str]:
    """``"kemendagri.kecamatan"`` -> ``("kemendagri", "kecamatan")``."""
    system, _, level = reference.strip().lower().partition(".")
    if system not in SYSTEMS or level not in _LEVEL_ALIASES:
        raise ReferenceError(
            f"unknown reference {reference!r}: use <system>.<level> with system in {SYSTEMS} "
            f"and level in {LEVELS}"
        )
    return system, _LEVEL_ALIASES[level]


def _dotted(digits: str) -> str | None:
    parts, pos = [], 0
    for size in _KEMENDAGRI_SEGMENTS:
        if pos == len(digits):
            break
        parts.append(digits[pos : pos + size])
        pos += size
    if pos != len(digits) or len(parts[-1]) != _KEMENDAGRI_SEGMENTS[len(parts) - 1]:
        return None
    return ".".join(parts)


def normalize_code(value: object, system: str) -> str:
    """The code as the system writes it: ``"32. 04. 05"`` -> ``"32.04.05"`` (kemendagri);
    ``"3204050"`` stays; a Kemendagri code written without dots (``"6409"``) gets its dots.
    Values that cannot be a code come back trimmed, unchanged otherwise."""
    text = _SPACES.sub("", str(value)).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a code that went through a float
        text = text[:-2]
    if system == "kemendagri":
        if text.isdigit():
            return _dotted(text) or text
        return text
    return text


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str | None


def _parent(code: str, system: str, level: str) -> str | None:
    if level == "provinsi":
        return None
    if system == "kemendagri":
        return code.rsplit(".", 1)[0]
    return code[: {"kabupaten": 2, "kecamatan": 4, "desa": 7}[level]]


def _rows(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        return list(rows)


def _group(level: str) -> str:
    """Desa/kelurahan codes (~84k per system) live in their own compressed file, read only when asked."""
    return "_desa" if level == "desa" else ""


@dataclass
class ReferenceTables:
    """One edition of the region code tables, read lazily from ``directory``."""

    directory: Path = DATA_DIR
    _units: dict[tuple[str, str], dict[str, tuple[str, str]]] = field(default_factory=dict, repr=False)
    _cross: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict, repr=False)

    def _table(self, system: str, group: str) -> dict[str, tuple[str, str]]:
        if (system, group) not in self._units:
            rows = _rows(self.directory / (f"{system}{group}.csv" + (".gz" if group else "")))
            self._units[(system, group)] = {code: (name, _FILE_LEVEL[lvl]) for code, name, lvl in rows}
        return self._units[(system, group)]

    def unit(self, system: str, code: str) -> Unit | None:
        """The unit of an already normalised code."""
        group = "_desa" if _code_level(code, system) == "desa" else ""
        found = self._table(system, group).get(code)
        if found is None:
            return None
        name, level = found
        return Unit(code, name, level, _parent(code, system, level))

    def crosswalk_map(self, to: str, level: str) -> dict[str, list[str]]:
        """``{code in the other system: [codes in system `to`]}`` for one level."""
        group = _group(level)
        if group not in self._cross:
            name = f"crosswalk{group}.csv" + (".gz" if group else "")
            to_bps: dict[str, list[str]] = {}
            to_kemendagri: dict[str, list[str]] = {}
            for _level, bps, kemendagri in _rows(self.directory / name):
                to_bps.setdefault(kemendagri, []).append(bps)
                to_kemendagri.setdefault(bps, []).append(kemendagri)
            self._cross[group] = {"bps": to_bps, "kemendagri": to_kemendagri}
        return self._cross[group][to]

    def translate(self, code: object, to: str) -> list[str]:
        """The same unit's codes in system ``to``, through the bridging table."""
        source = "kemendagri" if to == "bps" else "bps"
        normal = normalize_code(code, source)
        level = _code_level(normal, source)
        if level is None:
            return []
        return list(self.crosswalk_map(to, level).get(normal, []))

    def parent_in(self, system: str, within: str | None) -> str | None:
        """The parent code written as ``system`` writes it; a code of the other system is mapped
        through the crosswalk (``"64.09.01"`` within a BPS reference -> ``"6409030"``)."""
        if within is None:
            return None
        code = normalize_code(within, system)
        if self.unit(system, code) is not None:
            return code
        other = "bps" if system == "kemendagri" else "kemendagri"
        mapped = self.translate(within, system)
        if len(mapped) == 1 and self.unit(system, mapped[0]) is not None:
            return mapped[0]
        raise ReferenceError(f"parent code {within!r} is neither a {system} nor a {other} region code")

    def codes(self, reference: str, within: str | None = None) -> dict[str, str]:
        system, level = parse_reference(reference)
        parent = self.parent_in(system, within)
        prefix = "" if parent is None else parent + ("." if system == "kemendagri" else "")
        return {
            code: name
            for code, (name, lvl) in self._table(system, _group(level)).items()
            if lvl == level and code.startswith(prefix)
        }


def _code_level(code: str, system: str) -> str | None:
    """The level a well-formed code belongs to, from its shape alone (``None`` if no shape fits)."""
    if system == "kemendagri":
        parts = code.split(".")
        sizes = tuple(len(p) for p in parts)
        if all(p.isdigit() for p in parts) and sizes == _KEMENDAGRI_SEGMENTS[: len(parts)]:
            return LEVELS[len(parts) - 1]
        return None
    return _BPS_LENGTHS.get(len(code)) if code.isdigit() else None
