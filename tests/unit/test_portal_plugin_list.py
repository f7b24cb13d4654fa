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
