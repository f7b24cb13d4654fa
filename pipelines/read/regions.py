"""Region names of the shipped BPS table, for rows naming the parent of the other rows' regions.

``INDONESIA`` under (or over) a table of provinces, ``KALIMANTAN TIMUR`` closing a table of its
regencies, ``PENAJAM PASER UTARA`` over its districts: the row names the region that contains the
regions the other rows name, so it is their total, whatever its numbers (a rate is an average, not
a sum). Names are compared without their level word (``Kab.``, ``Kota``, ``Provinsi``...).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from pipelines.reference.tables import DATA_DIR

COUNTRY = re.compile(r"^(indonesia|nasional|national)$")
LEVEL_WORD = re.compile(
    r"^(provinsi|propinsi|prov|kabupaten|kab|kota|kecamatan|kec|distrik|kelurahan|kel|desa)\b\.?\s*"
)
SHARE = 0.6  # of the other rows' labels that must be regions inside the named one


def normal(name: str) -> str:
    """``Kab. Penajam Paser Utara`` -> ``penajam paser utara``; ``KEP, RIAU`` -> ``kepulauan riau``."""
    text = " ".join(str(name).lower().replace(",", ".").split())
    text = LEVEL_WORD.sub("", text)
    text = re.sub(r"^kep\.?\s*", "kepulauan ", text)
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text).split())


@lru_cache(maxsize=1)
def codes_by_name() -> dict[str, tuple[str, ...]]:
    """Normalised name -> the BPS codes of every unit so named (kabupaten and kota may share one)."""
    out: dict[str, list[str]] = {}
    with (DATA_DIR / "bps.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(normal(row["nama"]), []).append(row["kode"])
    return {name: tuple(codes) for name, codes in out.items()}


def names_parent(label: str | None, others) -> bool:
    """``label`` names the country, or a region containing most of the regions ``others`` (a callable
    giving the other rows' distinct labels, asked only when ``label`` names a region) name."""
    if not label:
        return False
    table = codes_by_name()
    mine = normal(label)
    country = bool(COUNTRY.match(mine))
    parents = table.get(mine, ())
    if not (country or parents):
        return False
    names = [normal(o) for o in others() if o]
    if len(names) < 2:
        return False
    if country:
        return sum(1 for n in names if n in table) >= SHARE * len(names)
    inside = sum(1 for n in names if any(c.startswith(p) and c != p for c in table.get(n, ()) for p in parents))
    return inside >= SHARE * len(names)


def inside(codes: tuple[str, ...], parents: tuple[str, ...]) -> bool:
    """A unit of ``codes`` lies inside a unit of ``parents`` (strictly)."""
    return any(c != p and c.startswith(p) for c in codes for p in parents)


def row_codes(cells) -> tuple[list[tuple[str, ...]], set[int]]:
    """Per row of ``cells`` (an arrow string array), the BPS codes of the region its label names
    (empty when none); and the rows whose label names a region containing the region of another
    row (the only possible parents). Worked out on the distinct labels: nothing per row when no
    label contains another."""
    import numpy as np
    import pyarrow.compute as pc

    table = codes_by_name()
    values = pc.drop_null(pc.unique(cells)).to_pylist()
    distinct = {v: table.get(normal(v), ()) for v in values}
    parents = {v for v, mine in distinct.items() if mine and any(inside(o, mine) for o in distinct.values() if o)}
    if not parents:
        return [], set()
    index = pc.fill_null(pc.index_in(cells, value_set=pc.unique(cells)), -1).to_numpy(zero_copy_only=False)
    uniq = pc.unique(cells).to_pylist()
    per_value = [distinct.get(v, ()) if v else () for v in uniq]
    named = [per_value[k] if k >= 0 else () for k in index.tolist()]
    is_parent = np.array([v in parents for v in uniq] + [False])
    return named, set(np.flatnonzero(is_parent[index]).tolist())
