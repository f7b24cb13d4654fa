"""``up(plugins=...)``: a portal with a plugin list of its own (the harvesting national catalogue of
tests/integration/test_harvest_national.py), kept for later ``up``s of the same folder."""

from __future__ import annotations

from pipelines.portal import ckan_cli, lifecycle
from pipelines.portal.layout import Layout


def _portal(tmp_path) -> lifecycle.Portal:
    return lifecycle.Portal(Layout.at(tmp_path), {"ckan": 15000, "postgres": 15001, "redis": 15002})


def _plugins(portal: lifecycle.Portal) -> str:
    [line] = [x for x in portal.layout.ini.read_text().splitlines() if x.startswith("ckan.plugins = ")]
    return line.removeprefix("ckan.plugins = ")


def test_a_plugin_list_replaces_the_portals_own_and_is_kept(tmp_path):
    portal, state = _portal(tmp_path), {"passwords": {"ckan": "a", "datastore_ro": "b"}}

    assert lifecycle._configure(portal, state, None, None, ["satudata", "satudata_search", "harvest"])
    assert _plugins(portal) == "satudata satudata_search harvest"
    assert not lifecycle._configure(portal, state, None, None), "kept in the state: nothing changes"
    assert lifecycle._configure(portal, state, ["dcat"], None)
    assert _plugins(portal) == "satudata satudata_search harvest dcat"


def test_without_a_plugin_list_the_portal_runs_its_own(tmp_path):
    portal, state = _portal(tmp_path), {"passwords": {"ckan": "a", "datastore_ro": "b"}}

    lifecycle._configure(portal, state, None, None)
    assert _plugins(portal) == ckan_cli.PLUGINS
    lifecycle._configure(portal, state, None, None, [])
    assert _plugins(portal) == ckan_cli.PLUGINS, "an empty list drops a replacement"


def _setting(portal: lifecycle.Portal, key: str) -> list[str]:
    return [x.split(" = ", 1)[1] for x in portal.layout.ini.read_text().splitlines() if x.startswith(f"{key} = ")]


def test_a_solr_url_hands_search_to_ckans_solr_and_back(tmp_path):
    portal, state = _portal(tmp_path), {"passwords": {"ckan": "a", "datastore_ro": "b"}}
    solr = "http://127.0.0.1:8983/solr/ckan"

    assert lifecycle._configure(portal, state, ["harvest"], {"solr_url": solr, "ckan.auth.x": "true"})
    assert _setting(portal, "solr_url") == [solr], "once, in place of the placeholder"
    assert ckan_cli.SEARCH_PLUGIN not in _plugins(portal).split()
    assert _plugins(portal).split() == [p for p in ckan_cli.PLUGINS.split() if p != "satudata_search"] + ["harvest"]
    assert _setting(portal, "ckan.auth.x") == ["true"], "the other extra settings stay"
    assert not lifecycle._configure(portal, state, None, None), "kept in the state: nothing changes"

    assert lifecycle._configure(portal, state, None, {"solr_url": "  "})
    assert _setting(portal, "solr_url") == [ckan_cli.NO_SOLR]
    assert "satudata_search" in _plugins(portal).split(), "no Solr: PostgreSQL search again"


def test_the_cli_passes_solr_url_as_a_kept_setting(tmp_path, monkeypatch):
    import argparse

    import pipelines.portal
    from pipelines.cli import portal as cli_portal

    seen = []

    def up(*args, **kwargs):  # records what the CLI asks for, and stops there
        seen.append(kwargs["extra_settings"])
        raise pipelines.portal.PortalError("not started in a unit test")

    monkeypatch.setattr(pipelines.portal, "up", up)
    parser = argparse.ArgumentParser()
    cli_portal.register(parser.add_subparsers())
    for argv, expected in ((["up"], None), (["up", "--solr-url", "http://s/solr/c"], {"solr_url": "http://s/solr/c"}),
                           (["up", "--solr-url", ""], {})):
        args = parser.parse_args(["portal", "--dir", str(tmp_path), *argv])
        assert args.func(args) == 1
        assert seen.pop() == expected
