"""Dataset search with 10,000 datasets (``BENCH_SEARCH_DATASETS=100000`` for a national catalogue's
size): package_search latency (median, p95) on a throwaway portal.

How the datasets are made: a throwaway portal (``pipelines.portal.up`` in a temporary folder) gets
8 organisations and ``SEED`` datasets through ``package_create`` (each one indexed by CKAN itself);
the rest are written straight into the search index (the satudata_search table) as variants of
those CKAN-built documents (new id, name, title, tags, Satu Data fields, dates; one in ten private),
because ``package_create`` costs ~0.1 s each here. Then a mix of searches (free text, prefix, facets,
filters on custom fields, sorts, deep pages, anonymous and sysadmin) is sent over HTTP, as the portal's
users send them; latency is the client's wall time. Goal: median <= 100 ms, p95 <= 250 ms (issue 16:
at 100,000 datasets).

``python -m benchmarks portal_search`` (part of ``make bench``). Not a test: nothing fails a build.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SEED = 200
ROUNDS = 12
GOAL_MS = 100.0
GOAL_P95_MS = 250.0


def total() -> int:
    """How many datasets the index holds: BENCH_SEARCH_DATASETS, 10,000 by default."""
    return max(SEED, int(os.environ.get("BENCH_SEARCH_DATASETS", "10000")))

ORGS = [("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"), ("dinkes", "Dinas Kesehatan"),
        ("disdikpora", "Dinas Pendidikan, Kepemudaan dan Olahraga"), ("bpkad", "Badan Pengelolaan Keuangan"),
        ("bpbd", "Badan Penanggulangan Bencana Daerah"), ("dinsos", "Dinas Sosial"),
        ("distan", "Dinas Pertanian"), ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang")]
SEKTOR = ["kependudukan", "kesehatan", "pendidikan", "keuangan", "kebencanaan", "sosial", "pertanian",
          "infrastruktur"]
FREKUENSI = ["tahunan", "semesteran", "triwulanan", "bulanan"]
TINGKAT = ["kabupaten", "kecamatan", "desa_kelurahan"]
SUBJECTS = ["Jumlah Penduduk", "Angka Kelahiran", "Jumlah Puskesmas", "Tenaga Kesehatan", "Jumlah Sekolah",
            "Angka Partisipasi Sekolah", "Realisasi Anggaran", "Pendapatan Asli Daerah", "Kejadian Bencana",
            "Luas Panen Padi", "Produksi Kelapa Sawit", "Panjang Jalan", "Penerima Bantuan Sosial",
            "Jumlah Guru", "Kasus Stunting", "Rumah Tidak Layak Huni"]
LEVELS = ["per Kecamatan", "per Desa", "menurut Jenis Kelamin", "menurut Kelompok Umur", "Kabupaten"]
KECAMATAN = ["penajam", "waru", "babulu", "sepaku"]
TAGS = ["kependudukan", "kesehatan", "pendidikan", "anggaran", "bencana", "pertanian", "jalan", "sosial",
        "stunting", "sekolah", "guru", "puskesmas", "sawit", "padi", "desa"] + KECAMATAN


def _metadata(rng: random.Random, i: int) -> dict:
    subject, level = rng.choice(SUBJECTS), rng.choice(LEVELS)
    year = rng.randint(2015, 2025)
    tags = sorted(set(rng.sample(TAGS, rng.randint(1, 4))))
    return {
        "title": f"{subject} {level} {year}",
        "notes": f"Data {subject.lower()} {level.lower()} di Kabupaten Penajam Paser Utara tahun {year}.",
        "walidata": "Diskominfo Kabupaten Penajam Paser Utara", "sektor": rng.choice(SEKTOR),
        "frekuensi": rng.choice(FREKUENSI), "tingkat_penyajian": rng.choice(TINGKAT),
        "status_data": rng.choice(["sementara", "tetap"]), "klasifikasi_akses": "terbuka",
        "license_id": rng.choice(["cc-by", "cc-by-sa", "odc-by"]), "periode_awal": str(year),
        "periode_akhir": str(year), "tag_string": ",".join(tags), "private": i % 10 == 0,
    }


def _seed_portal(api, rng: random.Random) -> None:
    for name, title in ORGS:
        api.action.organization_create(name=name, title=title)

    def create(i: int) -> None:
        org = ORGS[i % len(ORGS)][0]
        fmt = rng.choice(["CSV", "XLSX", "JSON"])
        api.action.package_create(name=f"seed-{i:05d}", owner_org=org, **_metadata(rng, i),
                                  resources=[{"url": f"http://data.example/{i}.{fmt.lower()}",
                                              "format": fmt, "name": "Data"}])

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(create, range(SEED)))


# ------------------------------------------------------------ runs inside the portal's CKAN venv

def _variant(doc: dict, i: int, rng: random.Random, orgs: dict[str, tuple[str, str]], site_id: str) -> dict:
    """A new index document from a CKAN-built one: other id, name, title, tags and Satu Data fields."""
    import hashlib
    import uuid

    meta = _metadata(rng, i)
    org = rng.choice(sorted(orgs))
    org_id, org_title = orgs[org]
    new_id = str(uuid.UUID(int=rng.getrandbits(128)))
    modified = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00.000000"
    tags = meta["tag_string"].split(",")
    fields = {"id": new_id, "name": f"bulk-{i:05d}", "title": meta["title"], "notes": meta["notes"],
              "private": meta["private"], "owner_org": org_id, "metadata_modified": modified,
              "sektor": meta["sektor"], "frekuensi": meta["frekuensi"],
              "tingkat_penyajian": meta["tingkat_penyajian"], "license_id": meta["license_id"]}
    out = dict(doc, **fields)
    out.update({"extras_" + k: fields[k] for k in ("sektor", "frekuensi", "tingkat_penyajian")})
    out.update(title_string=meta["title"], tags=tags, organization=org, metadata_modified=modified + "Z",
               capacity="private" if meta["private"] else "public", res_format=[rng.choice(["CSV", "XLSX"])],
               permission_labels=[f"member-{org_id}"] if meta["private"] else ["public"],
               index_id=hashlib.md5(f"{new_id}{site_id}".encode()).hexdigest())
    for key in ("data_dict", "validated_data_dict"):
        data = json.loads(doc[key])
        data.update(fields, tags=[{"name": t, "display_name": t, "state": "active"} for t in tags])
        data["organization"] = dict(data.get("organization") or {}, name=org, id=org_id, title=org_title)
        out[key] = json.dumps(data)
    return out


def clone_index(ini: str, total: int) -> None:
    """Fill the index up to ``total`` documents with variants of the ones CKAN built."""
    import configparser

    import sqlalchemy as sa
    from ckanext.satudata.search import storage

    parser = configparser.RawConfigParser(strict=False)
    parser.read(ini)
    engine = sa.create_engine(parser.get("app:main", "sqlalchemy.url"))
    site_id = parser.get("app:main", "ckan.site_id", fallback="default")
    with engine.connect() as conn:
        orgs = {row.name: (row.id, row.title) for row in conn.execute(
            sa.text('SELECT name, id, title FROM "group" WHERE is_organization AND state = \'active\''))}
        seeds = conn.execute(sa.text(f"SELECT id FROM {storage.TABLE}")).scalars().all()
    docs = [storage.document(engine, site_id, s) for s in seeds]
    rng = random.Random(7)
    batch = []
    for i in range(len(docs), total):
        batch.append(_variant(rng.choice(docs), i, rng, orgs, site_id))
        if len(batch) == 500:
            storage.write(engine, batch)
            batch = []
    storage.write(engine, batch)
    # What autovacuum does after a bulk insert (PostgreSQL 13+), done at once: planner statistics
    # and the visibility map.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in (storage.TABLE, storage.DOCUMENTS):
            conn.execute(sa.text(f"VACUUM ANALYZE {table}"))


# ------------------------------------------------------------ measuring

QUERIES = {
    "browse /dataset (facets)": {"facets": True},
    "q=penduduk + facets": {"q": "penduduk", "facets": True},
    "q=jumlah penduduk kecamatan": {"q": "jumlah penduduk kecamatan"},
    "q=pendid (prefix)": {"q": "pendid"},
    "fq=sektor:kesehatan + facets": {"fq": "sektor:kesehatan", "facets": True},
    "fq org + tag": {"fq": 'organization:dinkes tags:"puskesmas"'},
    "fq=res_format:CSV -frekuensi:tahunan": {"fq": 'res_format:"CSV" -frekuensi:tahunan'},
    "fq=tingkat_penyajian:(kecamatan OR desa_kelurahan)": {
        "fq": "tingkat_penyajian:(kecamatan OR desa_kelurahan)"},
    "sort title_string asc, start=2000": {"sort": "title_string asc", "start": 2000},
    "sort metadata_modified desc": {"sort": "metadata_modified desc"},
    "sysadmin, include_private + facets": {"include_private": True, "facets": True, "admin": True},
}
FACETS = ["organization", "groups", "tags", "res_format", "license_id", "sektor", "frekuensi",
          "tingkat_penyajian"]


def _measure(url: str, token: str) -> dict[str, list[float]]:
    import requests

    session = requests.Session()
    timings: dict[str, list[float]] = {name: [] for name in QUERIES}
    for _ in range(ROUNDS):
        for name, spec in QUERIES.items():
            params = {k: v for k, v in spec.items() if k not in ("facets", "admin")}
            params["rows"] = 20
            if spec.get("facets"):
                params.update({"facet.field": json.dumps(FACETS), "facet.limit": 50})
            headers = {"Authorization": token} if spec.get("admin") else {}
            started = time.perf_counter()
            reply = session.post(f"{url}/api/3/action/package_search", json=params, headers=headers,
                                 timeout=60)
            timings[name].append((time.perf_counter() - started) * 1000)
            reply.raise_for_status()
    return timings


def _floor(url: str) -> float:
    """Median ms of ``status_show``: a CKAN API request that does no search (the same HTTP, Flask and
    action overhead), measured in the same run."""
    import requests

    session = requests.Session()
    times = []
    for _ in range(ROUNDS * 3):
        started = time.perf_counter()
        session.get(f"{url}/api/3/action/status_show", timeout=60).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    import ckanapi

    from pipelines.portal import Layout, down, up
    from pipelines.portal.processes import free_port

    state_dir = Path(tempfile.mkdtemp(prefix="satudata-bench-search-"))
    try:
        started = time.perf_counter()
        connection = up(state_dir, free_port(), log=lambda message: None, durable=False)  # throwaway
        print(f"portal up in {time.perf_counter() - started:.0f} s")
        api = ckanapi.RemoteCKAN(connection.url, apikey=connection.token)
        started = time.perf_counter()
        _seed_portal(api, random.Random(3))
        print(f"{SEED} datasets through package_create in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        layout = Layout.at(state_dir)
        subprocess.run([str(layout.venv / "bin" / "python"), __file__, "clone", str(layout.ini), str(total())],
                       check=True)
        count = api.action.package_search(include_private=True, rows=0)["count"]
        print(f"index filled to {count} datasets in {time.perf_counter() - started:.0f} s")

        timings = _measure(connection.url, connection.token)
        every = [t for values in timings.values() for t in values]
        width = max(len(name) for name in timings)
        print(f"\n{'query':<{width}}  median ms  p95 ms")
        for name, values in timings.items():
            print(f"{name:<{width}}  {statistics.median(values):9.1f}  {_p95(values):6.1f}")
        median = statistics.median(every)
        print(f"{'all (' + str(len(every)) + ' requests)':<{width}}  {median:9.1f}  {_p95(every):6.1f}")
        floor = _floor(connection.url)
        print(f"floor (status_show, no search): median {floor:.1f} ms; search median = {median / floor:.1f} x floor")
        p95 = _p95(every)
        print(f"goal: median <= {GOAL_MS:.0f} ms: {'met' if median <= GOAL_MS else 'NOT met'} "
              f"({median / GOAL_MS:.2f} of the goal); p95 <= {GOAL_P95_MS:.0f} ms: "
              f"{'met' if p95 <= GOAL_P95_MS else 'NOT met'}; load average during the run: "
              f"{Path('/proc/loadavg').read_text().split()[0]} on {os.cpu_count()} cores")
    finally:
        down(state_dir, log=lambda message: None)
        shutil.rmtree(state_dir, ignore_errors=True)


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "clone":
    clone_index(sys.argv[2], int(sys.argv[3]))
