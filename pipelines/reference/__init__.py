"""Official region codes (kode wilayah) of Indonesia, Kemendagri and BPS, and the bridging between them.

    >>> from pipelines.reference import codes, lookup, crosswalk
    >>> codes("kemendagri.kecamatan", within="64.09")["64.09.04"]
    'Sepaku'
    >>> crosswalk("64.09.04", to="bps")
    ['6409040']

The tables are shipped in ``wilayah/`` (see ``wilayah/README.md`` for their source and edition). A
deployment that validates against another edition replaces those files, or builds its own
:class:`ReferenceTables` over another directory.
"""

from __future__ import annotations

from functools import cache

from pipelines.reference.tables import (
    LEVELS,
    SYSTEMS,
    ReferenceError,
    ReferenceTables,
    Unit,
    normalize_code,
    parse_reference,
)

EDITION = (
    "kemendagri: Kepmendagri 300.2.2-2430/2025 (mirror cahyadsn/wilayah @b7ad440a); "
    "bps: BPS bridging service, data dated 2025-10-06 (mirror ghifar1/database-wilayah-indonesia @43a55ab4)"
)

__all__ = [
    "EDITION",
    "LEVELS",
    "SYSTEMS",
    "ReferenceError",
    "ReferenceTables",
    "Unit",
    "codes",
    "crosswalk",
    "default_tables",
    "lookup",
    "normalize_code",
    "parse_reference",
]


@cache
def default_tables() -> ReferenceTables:
    """The shipped edition, read once per process on first use."""
    return ReferenceTables()


def codes(reference: str, within: str | None = None) -> dict[str, str]:
    """``{code: official name}`` of one level (``"kemendagri.kecamatan"``, ``"bps.desa"`` ...),
    optionally only inside the parent ``within`` (``"64.09"``; the other system's code is mapped
    through the crosswalk). Raises :class:`ReferenceError` for an unknown reference or parent."""
    return default_tables().codes(reference, within)


def lookup(code: object, system: str = "kemendagri") -> Unit | None:
    """The unit a code names (code, official name, level, parent), or ``None``. The code is
    normalised first: ``"32. 04. 05"`` finds ``32.04.05``; ``"6409"`` finds Kemendagri ``64.09``."""
    if system not in SYSTEMS:
        raise ReferenceError(f"unknown system {system!r}: use one of {SYSTEMS}")
    return default_tables().unit(system, normalize_code(code, system))


def crosswalk(code: object, to: str) -> list[str]:
    """The codes of the same unit in the other system, from the bridging table (never derived):
    ``crosswalk("64.09.01", to="bps") == ["6409030"]``. Empty when the bridging has no match;
    occasionally more than one (a unit split or merged between the editions)."""
    if to not in SYSTEMS:
        raise ReferenceError(f"unknown system {to!r}: use one of {SYSTEMS}")
    return default_tables().translate(code, to)
