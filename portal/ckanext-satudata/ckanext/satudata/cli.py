"""`ckan satudata bootstrap`: everything `satudata portal up` needs from CKAN before and after the
first start, in one process (each `ckan` command loads the whole application, which costs seconds):
the database migrations (CKAN's own `ckan db upgrade`), the DataStore permission SQL, the sysadmin
and, on request, a new API token for it. The sysadmin's password is read from standard input.
The last line printed is a JSON object: {"sysadmin_created", "token", "datastore_permissions_sql"}."""

from __future__ import annotations

import json

import click
from ckan.cli.db import upgrade as db_upgrade
from ckan.plugins import toolkit
from sqlalchemy.engine import make_url

from ckanext.datastore.cli import permissions_sql


@click.group(short_help="Satu Data portal commands")
def satudata():
    """Satu Data portal commands."""


@satudata.command("bootstrap", short_help="migrate the database, ensure the sysadmin, make a token")
@click.option("--sysadmin", required=True, help="the sysadmin's user name")
@click.option("--email", required=True, help="the sysadmin's e-mail address")
@click.option("--token-name", default=None, help="create a new API token with this name")
@click.pass_context
def bootstrap(ctx: click.Context, sysadmin: str, email: str, token_name: str | None):
    password = click.get_text_stream("stdin").read().strip()
    ctx.invoke(db_upgrade)
    flask_app = ctx.meta["flask_app"]
    site_user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"ignore_auth": True, "user": site_user["name"]}
    with flask_app.test_request_context():
        created = _ensure_sysadmin(context, sysadmin, email, password)
        token = None
        if token_name:
            token = toolkit.get_action("api_token_create")(
                dict(context), {"user": sysadmin, "name": token_name})["token"]
    click.echo(json.dumps({
        "sysadmin_created": created,
        "token": token,
        "datastore_permissions_sql": _datastore_permissions_sql(),
    }))


def _ensure_sysadmin(context: dict, name: str, email: str, password: str) -> bool:
    """Create the user as a sysadmin, or make the existing one a sysadmin; True when created."""
    try:
        user = toolkit.get_action("user_show")(dict(context), {"id": name})
    except toolkit.ObjectNotFound:
        toolkit.get_action("user_create")(
            dict(context), {"name": name, "email": email, "password": password, "sysadmin": True})
        return True
    if not user.get("sysadmin"):
        toolkit.get_action("user_patch")(dict(context), {"id": name, "sysadmin": True})
    return False


def _datastore_permissions_sql() -> str:
    """The SQL of `ckan datastore set-permissions` for this configuration."""
    main = make_url(toolkit.config["sqlalchemy.url"])
    write = make_url(toolkit.config["ckan.datastore.write_url"])
    read = make_url(toolkit.config["ckan.datastore.read_url"])
    return permissions_sql(maindb=main.database, datastoredb=write.database, mainuser=main.username,
                           writeuser=write.username, readuser=read.username)


def get_commands() -> list:
    return [satudata]
