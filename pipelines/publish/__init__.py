"""Publishing to the CKAN portal: spec + typed Parquet periods -> organization, dataset,
resources (Parquet, CSV, data dictionary, quality report) and one typed DataStore table.

The Dagster asset calls::

    from pipelines.publish import CkanResource, publish_dataset, PublishResult, PublishError
    result = publish_dataset(ckan.portal(), spec, {"2024": path}, report=report)
"""

from pipelines.publish.calls import RetryPolicy
from pipelines.publish.dataset import PublishResult, publish_dataset
from pipelines.publish.errors import PublishError
from pipelines.publish.resource import CkanResource, resolve_connection

__all__ = ["CkanResource", "PublishError", "PublishResult", "RetryPolicy", "publish_dataset", "resolve_connection"]
