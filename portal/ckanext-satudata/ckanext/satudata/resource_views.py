"""The views a DataStore resource gets on the portal: a table (CKAN's ``datatables_view``) always,
and, for a dataset with a period, a chart of its main value over time (ckanext-charts'
``charts_view``, a Plotly bar chart).

They are made server-side whenever a DataStore table is (re)created: ``datastore_create`` is
chained here, and both ways the pipeline fills a table go through it (the ``satudata_load``
action creates its table with ``datastore_create`` before copying the rows; the plain DataStore
API path calls it directly). The publish code does not need to know about views. Views belong to
the resource id, so a resource loaded in the staging dataset and then adopted by the public one
keeps them, and a table reloaded under the same id keeps them too (they are made once; a chart
whose columns changed is updated)."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins as p
from ckan.plugins import toolkit

from ckanext.satudata.chart_choice import chart_settings

log = logging.getLogger(__name__)

TABLE_VIEW = "datatables_view"
CHART_VIEW = "charts_view"
TABLE_TITLE = "Tabel data / Data table"
CHART_TITLE = "Grafik / Chart"
def _admin_context() -> dict[str, Any]:
    site_user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}


def ensure_views(resource_id: str) -> list[str]:
    """Create the missing views of a DataStore resource (and bring its chart's columns up to date);
    the view types created or updated."""
    context = _admin_context()
    resource = toolkit.get_action("resource_show")(dict(context), {"id": resource_id})
    package = toolkit.get_action("package_show")(dict(context), {"id": resource["package_id"]})
    existing = {v["view_type"]: v for v in
                toolkit.get_action("resource_view_list")(dict(context), {"id": resource_id})}
    done = []
    if TABLE_VIEW not in existing and p.plugin_loaded(TABLE_VIEW):
        toolkit.get_action("resource_view_create")(dict(context), {
            "resource_id": resource_id, "view_type": TABLE_VIEW, "title": TABLE_TITLE,
        })
        done.append(TABLE_VIEW)
    if p.plugin_loaded(CHART_VIEW):
        fields = toolkit.get_action("datastore_info")(dict(context), {"id": resource_id})["fields"]
        settings = chart_settings(fields, package.get("frekuensi"))
        chart = existing.get(CHART_VIEW)
        if settings and chart is None:
            toolkit.get_action("resource_view_create")(dict(context), {
                "resource_id": resource_id, "view_type": CHART_VIEW, "title": CHART_TITLE, **settings,
            })
            done.append(CHART_VIEW)
        elif settings and chart is not None and (chart.get("x"), chart.get("y")) != (settings["x"], settings["y"]):
            toolkit.get_action("resource_view_update")(dict(context), {**chart, **settings})
            done.append(CHART_VIEW)
        _forget_cached_chart(resource_id)
    return done


def _forget_cached_chart(resource_id: str) -> None:
    """ckanext-charts caches a chart's rows: a reloaded table must not show the old ones."""
    try:
        from ckanext.charts import cache
    except ImportError:
        return
    cache.invalidate_resource_cache(resource_id)


@toolkit.chained_action
def datastore_create(original_action, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """CKAN's ``datastore_create``, then the resource's views. A failure to make a view is logged,
    never the table's failure."""
    result = original_action(context, data_dict)
    resource_id = result.get("resource_id") or data_dict.get("resource_id")
    if resource_id:
        try:
            made = ensure_views(resource_id)
        except Exception:  # a view must never cost the data its table
            log.exception("satudata: views of resource %s not created", resource_id)
        else:
            if made:
                log.info("satudata: views %s made for resource %s", ", ".join(made), resource_id)
    return result


def get_actions() -> dict[str, Any]:
    return {"datastore_create": datastore_create}
