"""``satudata_publish_commit``: switch a dataset to its new version, keeping every resource's id.

The pipeline uploads new files, and loads the new DataStore table, into resources of the private
staging dataset. This action then makes them public in one step:

- a *changed* resource keeps its id and its URL: the staged file is moved into place under the
  public resource's id, the staged DataStore table is renamed to the public resource's id, and the
  public resource takes the staged one's metadata (size, hash, ``last_modified`` ...);
- a *new* resource (a new period) is adopted by id from the staging dataset;
- an unchanged resource is not touched; a resource an editor added meanwhile (no ``peran``) stays.

Order, so that a failure leaves the old version: the staged resources are retired (``deleted``,
files and tables intact); the tables are swapped (one transaction; the old ones kept under
``<id>~old``) and the files put in place (the old ones kept as ``.satudata-old``); then one
``package_update`` writes the metadata and the resource list; if it fails, tables and files are put
back. Only then are the old tables and files removed. Each file is replaced whole (a rename), one
after the other; from the first rename to the end of that ``package_update`` (milliseconds) a reader
may get a new file or table beside old metadata, never a half-written file or table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import uploader

from ckanext.satudata.load import lock

DATASTORE_URL = "_datastore_only_resource"
OLD = "~old"
_SERVER_KEYS = ("package_id", "position", "created", "metadata_modified", "cache_last_updated", "cache_url")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in resource.items() if k not in _SERVER_KEYS}
    if out.get("url_type") == "datastore":
        out["url"] = DATASTORE_URL
    return out


def _path(resource: dict[str, Any]) -> str:
    upload = uploader.get_resource_uploader(dict(resource))
    if not isinstance(upload, uploader.ResourceUpload):
        raise tk.ValidationError({"resources": ["only local file storage is supported"]})
    return upload.get_path(resource["id"])


def _plan(public: dict[str, Any], staging: dict[str, Any], entries: list[dict[str, Any]]):
    """The final resource list, the (staged, public) upload pairs and table pairs to swap."""
    current = {r["id"]: r for r in public["resources"]}
    staged = {r["id"]: r for r in staging["resources"]}
    final, files, tables = [], [], []
    for entry in entries:
        rid, source = entry.get("id"), entry.get("source")
        shown = {k: v for k, v in entry.items() if k not in ("id", "source")}
        if source:
            if rid not in current or source not in staged:
                raise tk.ValidationError({"resources": [f"cannot swap {source} into {rid}"]})
            new, old = staged[source], current[rid]
            resource = {**_clean(new), **shown, "id": rid, "url": old["url"]}
            if new.get("url_type") == "upload":
                files.append((new, old))
            elif new.get("url_type") == "datastore":
                resource["url"] = DATASTORE_URL
                resource["last_modified"] = dt.datetime.utcnow().isoformat()
                tables.append((source, rid))
        elif rid in staged:
            resource = {**_clean(staged[rid]), **shown}
        elif rid in current:
            resource = {**_clean(current[rid]), **shown}
        else:
            raise tk.ValidationError({"resources": [f"unknown resource {rid}"]})
        final.append(resource)
    listed = {e.get("id") for e in entries}
    final.extend(_clean(r) for r in public["resources"] if not r.get("peran") and r["id"] not in listed)
    return final, files, tables


def _swap_tables(pairs: list[tuple[str, str]], back: bool = False) -> None:
    """One transaction: each public table aside (``<id>~old``), the staged one in its place; with
    ``back``, the reverse."""
    if not pairs:
        return
    from ckanext.datastore.backend.postgres import get_write_engine

    connection = get_write_engine().raw_connection()
    try:
        with connection.cursor() as cursor:
            for staged, public in pairs:
                if back:
                    cursor.execute(f"ALTER TABLE {_quote(public)} RENAME TO {_quote(staged)}")
                    cursor.execute(f"ALTER TABLE IF EXISTS {_quote(public + OLD)} RENAME TO {_quote(public)}")
                else:
                    cursor.execute(f"DROP TABLE IF EXISTS {_quote(public + OLD)} CASCADE")
                    cursor.execute(f"ALTER TABLE IF EXISTS {_quote(public)} RENAME TO {_quote(public + OLD)}")
                    cursor.execute(f"ALTER TABLE {_quote(staged)} RENAME TO {_quote(public)}")
                _forget_stats(cursor, [staged, public, public + OLD])
                cursor.execute("SELECT update_cached_table_row_count(%s)", (public,))
        connection.commit()
    except Exception:
        connection.rollback()
        raise
    finally:
        connection.close()


def _forget_stats(cursor: Any, names: list[str]) -> None:
    """Drop the DataStore's cached row counts (``_table_stats``, keyed by table name) of ``names``."""
    cursor.execute('DELETE FROM "_table_stats" WHERE resource_id = ANY(%s)', (names,))


def drop_tables(names: list[str]) -> list[str]:
    """Drop those of the DataStore tables ``names`` that exist; the names dropped."""
    if not names:
        return []
    from ckanext.datastore.backend.postgres import get_write_engine

    connection = get_write_engine().raw_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = ANY(%s)", (list(names),))
            found = sorted(row[0] for row in cursor.fetchall())
            for name in found:
                cursor.execute(f"DROP TABLE {_quote(name)} CASCADE")
            _forget_stats(cursor, found)
        connection.commit()
    except Exception:
        connection.rollback()
        raise
    finally:
        connection.close()
    return found


def _place_files(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[tuple[str, str | None]]:
    """Put each staged file in place of the public one; (public path, backup or None) each."""
    placed: list[tuple[str, str | None]] = []
    try:
        for new, old in pairs:
            source, target = _path(new), _path(old)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            fresh = target + ".satudata-new"
            with contextlib.suppress(FileNotFoundError):
                os.remove(fresh)
            try:
                os.link(source, fresh)
            except OSError:
                shutil.copyfile(source, fresh)
            backup = None
            if os.path.exists(target):
                backup = target + ".satudata-old"
                with contextlib.suppress(FileNotFoundError):
                    os.remove(backup)
                os.link(target, backup)
            os.replace(fresh, target)
            placed.append((target, backup))
    except Exception:
        _restore_files(placed)
        raise
    return placed


def _restore_files(placed: list[tuple[str, str | None]]) -> None:
    for target, backup in reversed(placed):
        if backup:
            os.replace(backup, target)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.remove(target)


def satudata_publish_commit(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Make the staged version of a dataset public, keeping resource ids (see the module doc).

    :param id: the public dataset
    :param staging: its private staging dataset (same organization)
    :param holder: the run's publish lock (:mod:`lock`); refused if it does not hold it
    :param package: the dataset's fields (as ``package_update`` takes them, without resources)
    :param resources: the final list in order: ``{"id": public id}`` (kept), ``{"id": public id,
        "source": staged id}`` (changed: swapped in), ``{"id": staged id}`` (new: adopted); other keys
        (name, description, format) are set on the resource
    :returns: the updated dataset
    """
    pkg_id, staging_id, holder = (data_dict.get(k) for k in ("id", "staging", "holder"))
    entries, package = data_dict.get("resources"), data_dict.get("package") or {}
    if not all(isinstance(v, str) and v for v in (pkg_id, staging_id, holder)) or not isinstance(entries, list):
        raise tk.ValidationError({"id": ["id, staging, holder and resources are required"]})
    tk.check_access("package_update", context, {"id": pkg_id})
    tk.check_access("package_update", context, {"id": staging_id})
    show = tk.get_action("package_show")
    public = show(tk.fresh_context(context), {"id": pkg_id})
    staging = show(tk.fresh_context(context), {"id": staging_id})
    if staging["owner_org"] != public["owner_org"] or not staging.get("private"):
        raise tk.ValidationError({"staging": ["the staging dataset must be private and in the same organization"]})
    lock.check_held(public["name"], holder)
    model.Session.commit()
    final, files, tables = _plan(public, staging, entries)

    # retire the staged resources first (state "deleted": their files and tables stay) so that the
    # public dataset may adopt new ones by id, and the window below is one package_update long
    tk.get_action("package_patch")(tk.fresh_context(context), {"id": staging_id, "resources": []})
    _swap_tables(tables)
    try:
        placed = _place_files(files)
    except Exception:
        _swap_tables(tables, back=True)
        raise
    try:
        body = {k: v for k, v in public.items() if k not in ("resources", "tags", "organization")}
        body.update(package, id=pkg_id, resources=final)
        updated = tk.get_action("package_update")(tk.fresh_context(context), body)
    except Exception:
        model.Session.rollback()
        _restore_files(placed)
        _swap_tables(tables, back=True)
        raise
    drop_tables([public_id + OLD for _, public_id in tables])
    for (new, _), (_, backup) in zip(files, placed, strict=True):
        for leftover in (backup, _path(new)):
            with contextlib.suppress(FileNotFoundError, TypeError):
                os.remove(leftover)
    return updated


def satudata_publish_cleanup(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Drop the DataStore tables left behind by a dataset and its staging dataset: the tables of
    their deleted resources (still readable by ``datastore_search`` otherwise) and old tables set
    aside by an interrupted commit.

    :param id: the public dataset
    :param staging: optional, its staging dataset
    :returns: ``{"dropped": [table names]}``
    """
    ids = [i for i in (data_dict.get("id"), data_dict.get("staging")) if isinstance(i, str) and i]
    if not ids:
        raise tk.ValidationError({"id": ["Missing value"]})
    packages = []
    for name in ids:
        tk.check_access("package_update", context, {"id": name})
        package = model.Package.get(name)
        if package is not None:
            packages.append(package.id)
    resources = model.Session.query(model.Resource.id, model.Resource.state).filter(
        model.Resource.package_id.in_(packages)).all()
    model.Session.commit()
    names = [rid for rid, state in resources if state == "deleted"] + [rid + OLD for rid, _ in resources]
    return {"dropped": drop_tables(names)}
