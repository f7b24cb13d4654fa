"""``satudata_publish_lock``: one publish of a dataset at a time, across processes and machines.

The lock is a row of CKAN's ``task_status`` table (unique on entity, task type and key), so taking it
is one transaction: a holder, the user, and when it was last renewed. A holder that stops renewing
(a crashed run) loses the lock after ``ttl`` seconds. The publish commit checks that its caller
still holds the lock (:func:`check_held`), so a run whose lock was taken over cannot commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.exc import IntegrityError

TASK_TYPE = "satudata_publish"
KEY = "lock"
DEFAULT_TTL = 600


def _entity(name: str) -> str:
    return f"dataset:{name}"


def _row(name: str, for_update: bool = False) -> model.TaskStatus | None:
    query = model.Session.query(model.TaskStatus).filter_by(entity_id=_entity(name), task_type=TASK_TYPE, key=KEY)
    if for_update:
        query = query.with_for_update()
    return query.first()


def _now() -> dt.datetime:
    return dt.datetime.utcnow()


def _expired(row: model.TaskStatus, now: dt.datetime) -> bool:
    ttl = int(row.error or DEFAULT_TTL)  # the holder's own ttl, kept beside it
    return row.last_updated is None or row.last_updated < now - dt.timedelta(seconds=ttl)


def _busy(row: model.TaskStatus) -> tk.ValidationError:
    since = row.last_updated.isoformat(timespec="seconds") if row.last_updated else "?"
    return tk.ValidationError({"lock": [f"being published by {row.state} (run {row.value}, renewed {since} UTC)"]})


def check_held(name: str, holder: str) -> None:
    """Raise unless ``holder`` holds the (unexpired) lock of dataset ``name``."""
    row = _row(name, for_update=True)
    if row is None or row.value != holder or _expired(row, _now()):
        raise tk.ValidationError({"lock": [f"this run does not hold the publish lock of {name}"]})


def satudata_publish_lock(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Take, renew or release the publish lock of a dataset.

    :param name: the dataset's name (it need not exist yet)
    :param organization: the OPD's organization (the caller must be able to create datasets there)
    :param holder: a random id of the calling run
    :param ttl: seconds after the last renewal at which the lock lapses (default 600)
    :param release: true to release a lock the holder holds
    :returns: ``{"name", "holder", "user", "user_id"}``; a ValidationError (``lock``) names the
        run that holds it
    """
    name, holder, organization = (data_dict.get(k) for k in ("name", "holder", "organization"))
    if not all(isinstance(v, str) and v for v in (name, holder, organization)):
        raise tk.ValidationError({"name": ["name, organization and holder are required"]})
    tk.check_access("package_create", context, {"owner_org": organization, "name": name})
    user = context.get("auth_user_obj")
    user_name, user_id = getattr(user, "name", context.get("user")), getattr(user, "id", None)
    now = _now()
    row = _row(name, for_update=True)
    if tk.asbool(data_dict.get("release")):
        if row is not None and row.value == holder:
            model.Session.delete(row)
        model.Session.commit()
        return {"name": name, "holder": holder, "user": user_name, "user_id": user_id}
    if row is not None and row.value != holder and not _expired(row, now):
        model.Session.rollback()
        raise _busy(row)
    ttl = int(data_dict.get("ttl") or DEFAULT_TTL)
    if row is None:
        row = model.TaskStatus(entity_id=_entity(name), entity_type="dataset", task_type=TASK_TYPE, key=KEY,
                               value=holder)
        model.Session.add(row)
    row.value, row.state, row.error, row.last_updated = holder, user_name, str(ttl), now
    try:
        model.Session.commit()
    except IntegrityError:  # another run inserted the row first
        model.Session.rollback()
        raise tk.ValidationError({"lock": [f"{name} is being published by another run"]}) from None
    return {"name": name, "holder": holder, "user": user_name, "user_id": user_id}
