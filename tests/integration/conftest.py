"""The real portal for the integration tests: a throwaway CKAN 2.12 (own PostgreSQL cluster, Redis,
CKAN and jobs worker on free ports, in a temporary folder) started once per test session with
``pipelines.portal.up`` and removed afterwards. It reuses the shared CKAN virtualenv
(``.portal/venv``), installing it only the first time.

Tests talk to it over HTTP only. When the portal cannot start, every test that needs it fails with
the reason: nothing is skipped."""

from __future__ import annotations

import io
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import ckanapi
import pytest

from pipelines.portal import down, up
from pipelines.portal.processes import free_port

# Every metadata field of the Satu Data schema, as the pipeline publishes them.
FULL_METADATA = {
    "title": "Jumlah Penduduk per Kecamatan",
    "title_en": "Population by District",
    "notes": "Jumlah penduduk menurut kecamatan dan jenis kelamin.",
    "notes_en": "Population by district and sex.",
    "produsen_data": "Dinas Kependudukan dan Pencatatan Sipil",
    "walidata": "Diskominfo Kabupaten Penajam Paser Utara",
    "sektor": "kependudukan",
    "frekuensi": "semesteran",
    "satuan": "jiwa",
    "tingkat_penyajian": "kecamatan",
    "cakupan_wilayah": "64.09",
    "periode_awal": "2020",
    "periode_akhir": "2024",
    "status_data": "tetap",
    "klasifikasi_akses": "terbuka",
    "license_id": "cc-by",
    "tag_string": "kependudukan,kecamatan",
    "kualitas": "lolos",
    "satudata_spec": "disdukcapil/penduduk-per-kecamatan",
}


@dataclass(frozen=True)
class PortalUser:
    name: str
    password: str
    token: str


@dataclass
class PortalHandle:
    """A running portal: its address, the sysadmin and helpers to act on it over the API."""

    url: str
    token: str
    sysadmin: str
    state_dir: Path
    _users: list[PortalUser] = field(default_factory=list)

    def api(self, token: str | None = "sysadmin") -> ckanapi.RemoteCKAN:
        """A ckanapi client: as the sysadmin by default, anonymous with ``token=None``."""
        key = self.token if token == "sysadmin" else token
        return ckanapi.RemoteCKAN(self.url, apikey=key, user_agent="satudata-tests")

    def create_organization(self, name: str, title: str | None = None) -> dict:
        return self.api().action.organization_create(name=name, title=title or name)

    def create_user(self, organization: str | None = None, role: str = "editor",
                    name: str | None = None) -> PortalUser:
        """A new user with an API token, added to ``organization`` with ``role``
        (member, editor or admin) when one is given."""
        name = name or f"user_{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(12)
        admin = self.api()
        admin.action.user_create(name=name, email=f"{name}@example.org", password=password)
        token = admin.action.api_token_create(user=name, name="tests")["token"]
        if organization:
            admin.action.organization_member_create(id=organization, username=name, role=role)
        user = PortalUser(name=name, password=password, token=token)
        self._users.append(user)
        return user

    def create_dataset(self, organization: str, name: str | None = None, token: str | None = "sysadmin",
                       **overrides) -> dict:
        """A dataset with every Satu Data field filled in (``overrides`` replace or add fields)."""
        data = {**FULL_METADATA, "name": name or f"dataset-{secrets.token_hex(4)}",
                "owner_org": organization, **overrides}
        return self.api(token).action.package_create(**data)


def _say(message: str) -> None:
    print(f"[portal] {message}", file=sys.stderr, flush=True)


@pytest.fixture(scope="session")
def portal():
    """A throwaway portal for the session (see the module docstring)."""
    state_dir = Path(tempfile.mkdtemp(prefix="satudata-portal-"))
    started = time.monotonic()
    try:
        connection = up(state_dir, free_port(), log=_say, durable=False)  # throwaway: no fsync
    except Exception as exc:  # any failure to start is the tests' failure, with its reason
        down(state_dir, log=_say)
        shutil.rmtree(state_dir, ignore_errors=True)
        pytest.fail(f"the test portal could not start: {type(exc).__name__}: {exc}", pytrace=False)
    _say(f"up in {time.monotonic() - started:.1f} s at {connection.url} ({state_dir})")
    try:
        yield PortalHandle(url=connection.url, token=connection.token, sysadmin=connection.sysadmin,
                           state_dir=state_dir)
    finally:
        down(state_dir, log=_say)
        shutil.rmtree(state_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def published(portal: PortalHandle) -> dict:
    """One organisation with one complete dataset and a CSV resource, shared by read-only tests."""
    org = portal.create_organization("disdukcapil-uji", "Dinas Kependudukan (uji)")
    dataset = portal.create_dataset(org["name"], name="penduduk-per-kecamatan-uji")
    csv = "tahun,kecamatan,jumlah\n2024,Penajam,112233\n2024,Waru,23456\n"
    resource = portal.api().action.resource_create(
        package_id=dataset["id"], name="Data CSV", format="CSV", peran="data_csv", periode="2024",
        upload=("penduduk.csv", io.BytesIO(csv.encode("utf-8"))),
    )
    return {"organization": org, "dataset": dataset, "resource": resource, "csv": csv,
            "metadata": dict(FULL_METADATA)}
