"""What the DCAT and harvest tests share: sample datasets published by the real pipeline (Dagster,
``pipelines.publish``), one of them also as a private copy, and the portal's DCAT read with rdflib
and checked with pyshacl against the official DCAT-AP 3.0.0 shapes (``<repo>/../shared/reference/
dcat-ap/``: CI clones the repo beside a copy of shared/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import requests
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, Namespace

from pipelines.definitions import build_definitions
from pipelines.publish import CkanResource, RetryPolicy, publish_dataset
from pipelines.resources import Workspace
from pipelines.runner import materialize_datasets, outcomes
from pipelines.spec import DatasetSpec, load_specs, project_root

DCAT = Namespace("http://www.w3.org/ns/dcat#")
SHAPES = project_root().parent / "shared" / "reference" / "dcat-ap" / "dcat-ap-3.0.0-SHACL.ttl"
SAMPLES = ("disdukcapil/kepala-keluarga-kecamatan", "bpbd/kejadian-bencana")


@dataclass(frozen=True)
class Published:
    public: list[DatasetSpec]  # published by the pipeline, open data
    private: DatasetSpec  # a copy of the first with its own title, klasifikasi_akses terbatas
    parquet: dict[str, dict[str, Path]]  # spec key -> period -> the pipeline's Parquet file


def publish_samples(portal, data_dir: Path, private_name: str) -> Published:
    """Run the sample datasets of ``SAMPLES`` through the pipeline onto ``portal``, and publish the
    first one's Parquet once more as a private dataset named ``private_name``."""
    specs = [s for s in load_specs(project_root() / "datasets") if s.key in SAMPLES]
    ckan = CkanResource(url=portal.url, token=portal.token)
    defs = build_definitions(Workspace(data_dir=str(data_dir), publish=True), ckan=ckan)
    result = materialize_datasets(defs, specs, ("table", "parquet", "portal"),
                                  instance=dg.DagsterInstance.ephemeral())
    done = outcomes(result, specs, ("table", "parquet", "portal"))
    assert result.success and {o.status for o in done} <= {"ok", "warn"}, done
    parquet = {s.key: {f.stem: f for f in sorted((data_dir / "parquet" / s.organization / s.name).glob("*.parquet"))}
               for s in specs}
    first = specs[0]
    private = first.model_copy(update={
        "name": private_name,
        "title": first.title.model_copy(update={"id": f"{first.title.id} (terbatas)"}),
        "portal": first.portal.model_copy(update={"klasifikasi_akses": "terbatas"}),
    })
    publish_dataset(portal.api(), private, parquet[first.key], retry=RetryPolicy(attempts=3, backoff=0.05))
    return Published(public=specs, private=private, parquet=parquet)


def fetch_graph(url: str, fmt: str = "turtle") -> Graph:
    resp = requests.get(url, timeout=60)
    assert resp.status_code == 200, f"{url}: HTTP {resp.status_code}"
    return Graph().parse(data=resp.text, format=fmt)


def shacl_violations(data: Graph) -> tuple[int, str]:
    """The number of DCAT-AP 3.0.0 violations in ``data`` (pyshacl, RDFS inference) and the report."""
    from pyshacl import validate

    shapes = Graph().parse(SHAPES, format="turtle")
    _, report, text = validate(data, shacl_graph=shapes, inference="rdfs", abort_on_first=False)
    results = list(report.subjects(RDF.type, Namespace("http://www.w3.org/ns/shacl#").ValidationResult))
    return len(results), text


def datasets_in(graph: Graph) -> dict[str, object]:
    """The catalogue's datasets by their dct:identifier (the CKAN id)."""
    return {str(graph.value(ref, DCTERMS.identifier)): ref for ref in graph.subjects(RDF.type, DCAT.Dataset)}
