"""The ``ckan`` command of the portal's virtualenv: config file, database set-up, users and tokens."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from string import Template

from pipelines.portal.layout import Layout, settings_template

PLUGINS = (
    "satudata satudata_search satudata_load scheming_datasets datastore datatables_view "
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


def ckan(layout: Layout, *args: str, config: bool = True, input: str | None = None) -> str:
    """Run ``ckan [-c ckan.ini] args``; its standard output, or CkanError with the output's tail."""
    argv = [str(layout.ckan), *(["-c", str(layout.ini)] if config else []), *args]
    proc = subprocess.run(argv, input=input, capture_output=True, text=True, env=ckan_env(layout),
                          cwd=layout.root)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr + proc.stdout).strip().splitlines()[-15:])
        raise CkanError(f"ckan {' '.join(args)} failed ({proc.returncode}):\n{tail}")
    return proc.stdout


def render_settings(values: dict[str, str]) -> str:
    """portal/ckan-settings.ini with its ${...} filled in (a missing value is an error)."""
    return Template(settings_template().read_text(encoding="utf-8")).substitute(values)


def write_config(layout: Layout, values: dict[str, str]) -> bool:
    """Generate ckan.ini once (it keeps its secrets), then merge the portal settings into it.
    True when the file changed."""
    before = _digest(layout.ini)
    if not layout.ini.exists():
        ckan(layout, "generate", "config", str(layout.ini), config=False)
        layout.ini.chmod(0o600)
    rendered = layout.root / "ckan-settings.ini"
    rendered.write_text(render_settings({"plugins": PLUGINS, **values}), encoding="utf-8")
    ckan(layout, "config-tool", str(layout.ini), "-f", str(rendered), config=False)
    return _digest(layout.ini) != before


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def upgrade_database(layout: Layout) -> None:
    """Create or upgrade CKAN's tables and every enabled plugin's (``ckan db upgrade``, which
    ``ckan db init`` is an alias of). Safe to repeat."""
    ckan(layout, "db", "upgrade")


def datastore_permissions_sql(layout: Layout) -> str:
    """The SQL that gives the DataStore's read-only role its rights (run it as a superuser)."""
    return ckan(layout, "datastore", "set-permissions")


def add_sysadmin(layout: Layout, name: str, email: str, password: str) -> None:
    ckan(layout, "user", "add", name, f"email={email}", f"password={password}")
    ckan(layout, "sysadmin", "add", name)


def new_token(layout: Layout, user: str, token_name: str = "satudata") -> str:
    """A new API token for ``user`` (``ckan user token add`` prints it on its last line)."""
    out = ckan(layout, "user", "token", "add", user, token_name)
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    if not lines:
        raise CkanError(f"ckan user token add {user} printed no token")
    return lines[-1]
