"""The portal's CKAN configuration file and the ``ckan`` command of its virtualenv.

Every ``ckan`` command loads the whole application (seconds each), so ``up`` writes ckan.ini itself
from ``portal/ckan.ini.template`` and does all its CKAN-side set-up in one command,
``ckan satudata bootstrap`` (from the portal's own extension)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from string import Template

from pipelines.portal.layout import Layout, config_template

# satudata_dump after datastore: IDatastore hooks run in this order (ckanext/satudata/dump/plugin.py).
PLUGINS = (
    "satudata satudata_search satudata_load scheming_datasets datastore satudata_dump datatables_view charts_view "
    "dcat dcat_json_interface structured_data activity"
)


class CkanError(RuntimeError):
    pass


def ckan_env(layout: Layout) -> dict[str, str]:
    """The environment CKAN runs in: the caller's, without variables that would point CKAN or libpq
    elsewhere, with the virtualenv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "CKAN", "VIRTUAL_ENV"))}
    env["PATH"] = f"{layout.venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    return env


def ckan(layout: Layout, *args: str, input: str | None = None) -> str:
    """Run ``ckan -c ckan.ini args``; its standard output, or CkanError with the output's tail."""
    argv = [str(layout.ckan), "-c", str(layout.ini), *args]
    proc = subprocess.run(argv, input=input, capture_output=True, text=True, env=ckan_env(layout),
                          cwd=layout.root)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr + proc.stdout).strip().splitlines()[-15:])
        raise CkanError(f"ckan {' '.join(args)} failed ({proc.returncode}):\n{tail}")
    return proc.stdout


SEARCH_PLUGIN = "satudata_search"
# What CKAN reads as solr_url while satudata_search answers every search: nothing listens there.
NO_SOLR = "http://127.0.0.1:1/solr/none"


def search_setup(plugins: str, extra: dict[str, str] | None) -> tuple[str, str, dict[str, str]]:
    """The plugin list, solr_url and remaining extra options. With a ``solr_url`` among the extra
    options CKAN's own Solr search serves the portal (a national deployment's: one Solr for many
    catalogues) and satudata_search stands aside; without one, satudata_search serves it from PostgreSQL."""
    extra = dict(extra or {})
    solr_url = (extra.pop("solr_url", "") or "").strip()
    if not solr_url:
        return plugins, NO_SOLR, extra
    return " ".join(p for p in plugins.split() if p != SEARCH_PLUGIN), solr_url, extra


def render_config(values: dict[str, str], plugins: str = PLUGINS, extra: dict[str, str] | None = None) -> str:
    """portal/ckan.ini.template with its placeholders filled in (a missing value is a KeyError);
    ``extra`` options are added to the [app:main] section (``solr_url`` among them: search_setup)."""
    plugins, solr_url, extra = search_setup(plugins, extra)
    lines = "\n".join(f"{key} = {value}" for key, value in extra.items())
    template = Template(config_template().read_text(encoding="utf-8"))
    return template.substitute({**values, "plugins": plugins, "solr_url": solr_url, "extra_settings": lines})


def write_config(layout: Layout, values: dict[str, str], plugins: str = PLUGINS,
                 extra: dict[str, str] | None = None) -> bool:
    """Write ckan.ini (readable by its owner only: it holds passwords); True when it changed."""
    text = render_config(values, plugins, extra)
    if layout.ini.exists() and layout.ini.read_text(encoding="utf-8") == text:
        return False
    fd = os.open(layout.ini, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return True


@dataclass(frozen=True)
class Bootstrap:
    sysadmin_created: bool
    token: str | None
    datastore_permissions_sql: str


def bootstrap(layout: Layout, sysadmin: str, email: str, password: str, new_token: bool) -> Bootstrap:
    """Migrate the databases (core and plugins), ensure the sysadmin and, when asked, make it a new
    API token, all in one CKAN process (see ckanext/satudata/cli.py)."""
    args = ["satudata", "bootstrap", "--sysadmin", sysadmin, "--email", email]
    if new_token:
        args += ["--token-name", "satudata"]
    out = ckan(layout, *args, input=password)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        raise CkanError(f"ckan satudata bootstrap printed no result:\n{out[-2000:]}")
    return Bootstrap(**json.loads(lines[-1]))
