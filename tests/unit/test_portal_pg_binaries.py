"""PostgreSQL found wherever the distribution installs it (pg_binaries.py), with fake installations:
folders of shell scripts that answer ``--version`` as PostgreSQL's programs do."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.portal import pg_binaries
from pipelines.portal.postgres import Cluster, PostgresError


def _install(bindir: Path, version: str, programs=pg_binaries.PROGRAMS) -> Path:
    bindir.mkdir(parents=True, exist_ok=True)
    for program in programs:
        script = bindir / program
        script.write_text(f'#!/bin/sh\necho "{program} (PostgreSQL) {version} (Debian {version}-1)"\n')
        script.chmod(0o755)
    return bindir


def _pg_config(tmp_path: Path, bindir: Path | None) -> str:
    script = tmp_path / "pg_config"
    script.write_text(f"#!/bin/sh\necho {bindir}\n" if bindir else "#!/bin/sh\nexit 1\n")
    script.chmod(0o755)
    return str(script)


def test_debian_folders_newest_first(tmp_path):
    root = tmp_path / "lib"
    for major in ("13", "16", "9", "15"):
        _install(root / major / "bin", f"{major}.2")
    where = dict(pg_config=str(tmp_path / "none"), debian_root=root, path="")

    found = pg_binaries.find(**where)
    assert found == pg_binaries.Binaries(root / "16" / "bin", 16)
    assert pg_binaries.candidates(**where) == [root / v / "bin" for v in ("16", "15", "13", "9")]


def test_pg_config_comes_first_then_debian_then_path(tmp_path):
    configured = _install(tmp_path / "opt" / "pg14" / "bin", "14.11")
    on_path = _install(tmp_path / "usr-local-bin", "17.0")
    root = tmp_path / "lib"
    _install(root / "16" / "bin", "16.4")
    where = dict(pg_config=_pg_config(tmp_path, configured), debian_root=root, path=str(on_path))

    assert pg_binaries.candidates(**where) == [configured, root / "16" / "bin", on_path]
    assert pg_binaries.find(**where).bindir == configured
    assert pg_binaries.find(17, **where) == pg_binaries.Binaries(on_path, 17), "a wanted major version wins"


def test_only_on_path(tmp_path):
    elsewhere = tmp_path / "bin-empty"
    elsewhere.mkdir()
    on_path = _install(tmp_path / "bin", "13.9")
    where = dict(pg_config=_pg_config(tmp_path, None), debian_root=tmp_path / "no-lib",
                 path=f"{elsewhere}:{on_path}")
    assert pg_binaries.find(**where) == pg_binaries.Binaries(on_path, 13)


def test_too_old_or_incomplete_installations_are_passed_over(tmp_path):
    root = tmp_path / "lib"
    _install(root / "12" / "bin", "12.18")
    _install(root / "16" / "bin", "16.4", programs=("initdb", "pg_ctl"))  # no psql (client not installed)
    where = dict(pg_config=str(tmp_path / "none"), debian_root=root, path="")
    assert pg_binaries.find(**where) is None
    assert pg_binaries.major_version(root / "12" / "bin") == 12
    assert pg_binaries.major_version(root / "16" / "bin") is None


def test_missing_postgresql_is_installed_then_found(tmp_path):
    root, calls, lines = tmp_path / "lib", [], []
    where = dict(pg_config=str(tmp_path / "none"), debian_root=root, path="")

    def apt(package):  # what apt-get install postgresql leaves behind
        calls.append(package)
        _install(root / "15" / "bin", "15.18")

    found = pg_binaries.ensure_installed(log=lines.append, install=apt, **where)
    assert found == pg_binaries.Binaries(root / "15" / "bin", 15)
    assert calls == ["postgresql"]
    assert "apt-get install -y postgresql" in lines[0]
    assert pg_binaries.ensure_installed(log=lines.append, install=apt, **where) == found
    assert calls == ["postgresql"], "found the second time: nothing installed"


def test_an_install_that_brings_nothing_is_an_error(tmp_path):
    where = dict(pg_config=str(tmp_path / "none"), debian_root=tmp_path / "lib", path="")
    with pytest.raises(pg_binaries.PostgresMissing, match="still missing after apt-get install postgresql-14"):
        pg_binaries.ensure_installed(14, log=lambda m: None, install=lambda package: None, **where)


def test_a_cluster_runs_with_its_own_major_version(tmp_path):
    data = tmp_path / "pgdata"
    data.mkdir()
    (data / "PG_VERSION").write_text("15\n")
    pg16 = _install(tmp_path / "16" / "bin", "16.4")
    pg15 = _install(tmp_path / "15" / "bin", "15.18")

    def cluster(bindir):
        return Cluster(data, tmp_path / "sock", tmp_path / "pg.log", 15432, bindir=bindir)

    assert cluster(pg15).programs / "pg_ctl" == pg15 / "pg_ctl"
    with pytest.raises(PostgresError, match="holds no PostgreSQL 15"):
        cluster(pg16).check_available()
    with pytest.raises(PostgresError, match="holds no PostgreSQL"):
        cluster(tmp_path / "nowhere").check_available()
