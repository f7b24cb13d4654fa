"""SatudataPlugin: the portal's Satu Data face (schema validators, facets, labels, templates) and
the `ckan satudata` commands."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
from ckan.lib.plugins import DefaultTranslation
from ckan.plugins import toolkit

from ckanext.satudata import cli, helpers, resource_views, validators, walidata


class SatudataPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)  # i18n/: Indonesian for page strings CKAN's catalogue lacks
    p.implements(p.IClick)
    p.implements(p.IValidators)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IActions)
    p.implements(p.IBlueprint)

    # IConfigurer

    def update_config(self, config_: Any) -> None:
        toolkit.add_template_directory(config_, "templates")
        toolkit.add_public_directory(config_, "public")  # the portal's mark and stylesheet

    # IActions: datastore_create also makes the resource's table and chart views (resource_views.py)

    def get_actions(self) -> dict:
        return resource_views.get_actions()

    # IBlueprint: /walidata, who is late with what (walidata.py)

    def get_blueprint(self) -> list:
        return [walidata.walidata]

    # IClick

    def get_commands(self) -> list:
        return cli.get_commands()

    # IValidators

    def get_validators(self) -> dict:
        return validators.get_validators()

    # ITemplateHelpers

    def get_helpers(self) -> dict:
        return helpers.get_helpers()

    # IFacets: the Satu Data facets first, then CKAN's own (organisation, tags, formats ...)

    def dataset_facets(self, facets_dict: dict, package_type: str) -> dict:
        return _with_satudata_facets(facets_dict)

    def organization_facets(self, facets_dict: dict, organization_type: str, package_type: str) -> dict:
        return _with_satudata_facets(facets_dict)

    def group_facets(self, facets_dict: dict, group_type: str, package_type: str) -> dict:
        return _with_satudata_facets(facets_dict)

    # IPackageController: facet items show their choice labels (Kesehatan, not kesehatan)

    def after_dataset_search(self, search_results: dict, search_params: dict) -> dict:
        helpers.label_facet_items(search_results.get("search_facets") or {})
        return search_results


def _with_satudata_facets(facets_dict: dict) -> dict:
    ordered = dict(helpers.facet_titles())
    ordered.update((k, v) for k, v in facets_dict.items() if k not in ordered)
    facets_dict.clear()
    facets_dict.update(ordered)
    return facets_dict
