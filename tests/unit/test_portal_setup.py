"""The portal's set-up without running it: schema choices agree with the spec model, the settings
template is complete, ports and the connection file behave."""

from __future__ import annotations

import ast
import gettext
import os
import subprocess
import time
import typing

import pytest
import yaml

from pipelines import spec
from pipelines.portal import ckan_cli, install, lifecycle, processes
from pipelines.portal.connection import Connection, read_connection, write_connection
from pipelines.portal.layout import Layout
from pipelines.portal.postgres import Cluster
from pipelines.portal.redis import Redis, RedisError
from pipelines.spec import project_root

SCHEMA = project_root() / "portal/ckanext-satudata/ckanext/satudata/schemas/dataset.yaml"
PUBLISHED_FIELDS = (
    "title title_en name notes notes_en owner_org produsen_data walidata sektor frekuensi jatuh_tempo satuan "
    "tingkat_penyajian cakupan_wilayah periode_awal periode_akhir status_data klasifikasi_akses "
    "license_id tag_string kualitas satudata_spec"
).split()


@pytest.fixture(scope="module")
def schema() -> dict:
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


def choices(schema: dict, name: str) -> list[str]:
    field = next(f for f in schema["dataset_fields"] if f["field_name"] == name)
    return [c["value"] for c in field["choices"]]


def test_schema_declares_exactly_the_published_fields(schema):
    assert [f["field_name"] for f in schema["dataset_fields"]] == PUBLISHED_FIELDS
    resource_fields = [f["field_name"] for f in schema["resource_fields"]]
    assert resource_fields == ["url", "name", "description", "format", "periode", "content_hash", "peran"]


def test_schema_choices_match_the_spec_model(schema):
    assert choices(schema, "sektor") == list(spec.SEKTOR)
    assert choices(schema, "frekuensi") == list(typing.get_args(spec.Frequency))
    assert choices(schema, "tingkat_penyajian") == list(typing.get_args(spec.Level))


def test_every_label_and_choice_label_is_bilingual(schema):
    fields = schema["dataset_fields"] + schema["resource_fields"]
    labels = [f["label"] for f in fields] + [c["label"] for f in fields for c in f.get("choices", [])]
    assert all(set(label) == {"id", "en"} for label in labels)


def test_config_fills_every_placeholder():
    keys = ("secret_key", "site_url", "site_id", "sqlalchemy_url", "datastore_write_url",
            "datastore_read_url", "redis_url", "storage_path")
    text = ckan_cli.render_config({key: f"<{key}>" for key in keys})

    assert "$" not in text
    assert f"ckan.plugins = {ckan_cli.PLUGINS}" in text
    assert "SECRET_KEY = <secret_key>" in text
    assert "ckan.datastore.sqlsearch.enabled = true" in text
    assert "scheming.dataset_schemas = ckanext.satudata:schemas/dataset.yaml" in text


def test_extra_settings_and_plugins_go_into_the_app_section():
    keys = ("secret_key", "site_url", "site_id", "sqlalchemy_url", "datastore_write_url",
            "datastore_read_url", "redis_url", "storage_path")
    text = ckan_cli.render_config({key: "x" for key in keys}, plugins="satudata xloader",
                                  extra={"ckanext.xloader.jobs_db.uri": "sqlite:///x.db"})

    app_section = text.split("[app:main]")[1].split("[loggers]")[0]
    assert "ckanext.xloader.jobs_db.uri = sqlite:///x.db" in app_section
    assert "ckan.plugins = satudata xloader" in app_section


def test_config_refuses_a_missing_value():
    with pytest.raises(KeyError):
        ckan_cli.render_config({"site_url": "http://x"})


def test_plugin_list_names_the_portal_plugins():
    plugins = ckan_cli.PLUGINS.split()
    assert plugins[:3] == ["satudata", "satudata_search", "satudata_load"]
    assert {"scheming_datasets", "datastore", "dcat", "dcat_json_interface", "structured_data",
            "activity"} <= set(plugins)


def test_satudata_dump_comes_after_datastore():
    plugins = ckan_cli.PLUGINS.split()

    assert plugins.index("satudata_dump") > plugins.index("datastore")


def test_a_cluster_is_durable_unless_made_a_throwaway(tmp_path):
    durable = Cluster(tmp_path / "data", tmp_path / "sock", tmp_path / "pg.log", 15001)
    throwaway = Cluster(tmp_path / "data", tmp_path / "sock", tmp_path / "pg.log", 15001, durable=False)

    assert not any(o.startswith(("fsync", "full_page_writes", "synchronous_commit")) for o in durable.server_options)
    assert {"fsync=off", "full_page_writes=off"} <= set(throwaway.server_options)
    assert "shared_buffers=512MB" in durable.server_options and "shared_buffers=512MB" in throwaway.server_options


def test_redis_url_carries_the_password_quoted(tmp_path):
    server = Redis(tmp_path, tmp_path / "r.pid", tmp_path / "r.log", 15002, password="a/b@c")

    assert server.url == "redis://:a%2Fb%40c@127.0.0.1:15002/0"


def test_redis_config_holds_the_password_and_is_private(tmp_path):
    server = Redis(tmp_path, tmp_path / "r.pid", tmp_path / "r.log", 15002, password="rahasia")

    server.write_config()
    text = server.config_file.read_text()

    assert 'requirepass "rahasia"' in text and 'bind "127.0.0.1"' in text
    assert server.config_file.stat().st_mode & 0o777 == 0o600


def test_redis_refuses_to_start_without_a_password(tmp_path):
    with pytest.raises(RedisError, match="password"):
        Redis(tmp_path, tmp_path / "r.pid", tmp_path / "r.log", 15002).start(log=lambda message: None)


def test_prepared_portal_folder_is_private(tmp_path):
    layout = Layout.at(tmp_path / "portal", tmp_path / "venv")
    layout.root.mkdir()
    layout.state_file.write_text("{}")
    layout.state_file.chmod(0o644)

    lifecycle._prepare_root(layout)

    modes = {p.name: p.stat().st_mode & 0o777 for p in [layout.root, *layout.root.rglob("*")]}
    assert modes == {"portal": 0o711, "storage": 0o700, "run": 0o700, "log": 0o711, "state.json": 0o600,
                     "ckan.log": 0o600, "worker.log": 0o600, "redis.log": 0o600}


def test_recorded_ports_are_kept_and_a_new_ckan_port_honoured():
    state = {"ports": {"ckan": 15000, "postgres": 15001, "redis": 15002}}

    assert lifecycle._choose_ports(state, None) == state["ports"]
    assert lifecycle._choose_ports(state, 15010) == {"ckan": 15010, "postgres": 15001, "redis": 15002}


def test_fresh_ports_never_use_5432():
    ports = lifecycle._choose_ports({}, 5430)

    assert 5432 not in ports.values() and len(set(ports.values())) == 3


def test_connection_file_round_trips_and_is_private(tmp_path):
    path = write_connection(Connection("http://127.0.0.1:15000", "tok", "admin"), tmp_path / "portal.json")

    assert read_connection(path) == Connection("http://127.0.0.1:15000", "tok", "admin")
    assert path.stat().st_mode & 0o777 == 0o600


def test_missing_connection_file_says_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="satudata portal up"):
        read_connection(tmp_path / "portal.json")


def test_pid_file_is_trusted_only_with_its_marker(tmp_path):
    pidfile = tmp_path / "me.pid"
    pidfile.write_text(str(os.getpid()))

    own_marker = processes.command_line(os.getpid()).split()[0]

    assert processes.running(pidfile, own_marker) == os.getpid()
    assert processes.running(pidfile, "no-such-marker-in-this-command-line") is None


def test_alive_follows_the_process_not_its_command_line():
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert processes.alive(child.pid)
    finally:
        child.kill()
        child.wait()

    assert processes.alive(os.getpid())
    assert not processes.alive(child.pid)


def test_a_zombie_is_not_alive():
    child = subprocess.Popen(["true"])
    deadline = time.monotonic() + 10
    while processes._proc_state(child.pid) != "Z" and time.monotonic() < deadline:
        time.sleep(0.01)

    assert not processes.alive(child.pid)
    child.wait()


def test_install_stamp_follows_the_extension_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'a'\n")
    first = install.wanted(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'b'\n")

    assert install.wanted(tmp_path) != first
    assert install.installed(tmp_path / "no-venv") == {}


I18N = project_root() / "portal/ckanext-satudata/ckanext/satudata/i18n/id/LC_MESSAGES"


def _po_entries(text: str) -> dict[str, str]:
    """{msgid: msgstr} of a catalogue written one line per msgid/msgstr (plurals: the singular)."""
    entries, msgid = {}, None
    for line in text.splitlines():
        if line.startswith("msgid "):
            msgid = ast.literal_eval(line[len("msgid "):])
        elif line.startswith(("msgstr ", "msgstr[0] ")) and msgid:
            entries[msgid] = ast.literal_eval(line.split(" ", 1)[1])
    return entries


def test_compiled_indonesian_catalogue_matches_its_source():
    source = _po_entries((I18N / "ckanext-satudata.po").read_text(encoding="utf-8"))
    with open(I18N / "ckanext-satudata.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)

    assert len(source) > 50
    assert {msgid: compiled.gettext(msgid) for msgid in source} == source


def test_a_daemon_is_found_by_its_folder_when_its_pid_file_is_lost(tmp_path):
    sleeper = subprocess.Popen(["sleep", "30"], cwd=tmp_path)
    try:
        assert processes.find_in(tmp_path, "sleep 30") == sleeper.pid
        assert processes.find_in(tmp_path, "no-such-marker") is None
    finally:
        processes.stop_pid(sleeper.pid)

    assert sleeper.poll() is not None
