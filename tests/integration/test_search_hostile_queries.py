"""No search request breaks the portal: queries the PostgreSQL search cannot answer (dates out of
range, brackets nested thousands deep in a fielded query (free text reads brackets as text), NUL
characters, lone surrogates, thousands of clauses) answer 400 with a message, anonymously, through
the API and the /dataset page; and a generated list of nasty q / fq / sort / facet / paging inputs
answers 200 or 400, never 500.

The only other answer is CKAN's own: a ``{!...}`` local-parameter query is refused by
``PackageSearchQuery.run`` before the search runs, as a Search Error (409)."""

from __future__ import annotations

import json
import random

import pytest
import requests

pytestmark = pytest.mark.portal

HOSTILE = {
    "date math past year 1": {"fq": "metadata_modified:[NOW-99999999999YEARS TO NOW]"},
    "date math in q": {"q": "metadata_created:NOW-99999999999YEARS"},
    "date math hours": {"fq": "metadata_modified:[* TO NOW+999999999999999HOURS]"},
    "nested brackets": {"q": "(" * 5000 + "name:a" + ")" * 5000},
    "nested field groups": {"fq": "name:(" * 3000 + "x" + ")" * 3000},
    "unbalanced brackets": {"q": "(" * 5000 + "name:a"},
    "NUL in q": {"q": "air\x00bersih"},
    "NUL in fq": {"fq": "name:a\x00b"},
    "NUL in a facet field": {"facet.field": ["name\x00"]},
    "NUL in sort": {"sort": "name\x00 asc"},
    "lone surrogate": {"q": "\ud800"},
    "many clauses": {"q": "name:a " * 5000},
    "many words": {"q": " ".join(f"kata{i}" for i in range(5000))},
    "bad date": {"fq": "metadata_modified:[2024-13-45 TO *]"},
    "unknown sort": {"sort": "name sideways"},
}


def _post(portal, params: dict) -> requests.Response:
    # json.dumps writes a lone surrogate as the escape \ud800, which CKAN's JSON parser accepts.
    return requests.post(f"{portal.url}/api/3/action/package_search", data=json.dumps(params),
                         headers={"Content-Type": "application/json"}, timeout=120)


@pytest.mark.parametrize("case", HOSTILE)
def test_an_unanswerable_query_is_a_400_with_a_message(portal, case):
    reply = _post(portal, HOSTILE[case])

    assert reply.status_code == 400, reply.text[:500]
    error = reply.json()["error"]
    assert error["__type"] == "Search Query Error"
    assert error["message"].startswith("Search Query is invalid")


@pytest.mark.parametrize("q", ["metadata_modified:NOW-99999999999YEARS", "(" * 3000 + "tags:a" + ")" * 3000])
def test_the_dataset_page_refuses_it_with_400(portal, q):
    reply = requests.get(f"{portal.url}/dataset", params={"q": q}, timeout=120)

    assert reply.status_code == 400


def test_a_query_just_within_the_limits_is_answered(portal):
    reply = _post(portal, {"q": "(" * 30 + "name:a" + ")" * 30, "fq": "metadata_modified:[NOW-100YEARS TO NOW]"})

    assert reply.status_code == 200, reply.text[:500]
    assert reply.json()["result"]["count"] == 0


PIECES = [
    "(", ")", "[", "]", "{", "}", '"', "\\", ":", "*", "?", "~", "^2", "+", "-", "!", "&&", "||", "AND", "OR",
    "NOT", " TO ", " ", "name:", "title:", "text:", "tags:", "permission_labels:", "metadata_modified:",
    "res_url:", "name_ngram:", "extras_x:", "*:*", "NOW", "NOW-1DAY", "NOW/DAY+99999999999YEARS", "2024-01-01",
    "9999-12-31T23:59:59Z", "-1", "1e999", "99999999999999999999999", "penduduk", "air bersih", "'", ";",
    "%", "_", "é", "𝟘𝟙", "\u00a0", "\u200b", "\x00", "\x7f", "\t", "\n", "DROP TABLE", "$$", "/*",
]
SORTS = ["score desc", "name asc", "title_string desc", "metadata_modified asc", "sektor asc", "name",
         "asc", "name asc,", "(name) asc", "name asc, id desc", "terms->x asc", "x;y asc", ""]
FIELDS = ["name", "tags", "organization", "res_format", "title", "text", "sektor", "x" * 300, "terms",
          "permission_labels", "metadata_modified", "title_ngram", "capacity", "(", "-"]


def _nasty(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, size)))


def generated_requests(count: int, seed: int = 12) -> list[dict]:
    """``count`` package_search requests of nasty values, the same list on every run."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        params: dict = {"q": _nasty(rng, 12)}
        if rng.random() < 0.6:
            params["fq"] = _nasty(rng, 8)
        if rng.random() < 0.3:
            params["sort"] = rng.choice(SORTS)
        if rng.random() < 0.4:
            params["facet.field"] = rng.sample(FIELDS, rng.randint(1, 4))
            params["facet.mincount"] = rng.choice([0, 1, 2])
            params["facet.limit"] = rng.choice([-1, 0, 3, 10**12])
        if rng.random() < 0.3:
            params["rows"] = rng.choice([0, 1, 1000])
            params["start"] = rng.choice([0, 7, 2**63 + 5])
        if rng.random() < 0.2:
            params["defType"] = rng.choice(["dismax", "lucene", "edismax"])
            params["mm"] = rng.choice(["2<-1 5<80%", "-1", "150%", "x", "3<"])
            params["q.op"] = rng.choice(["AND", "OR", "XOR"])
        out.append(params)
    return out


def _acceptable(reply: requests.Response, params: dict) -> bool:
    if reply.status_code in (200, 400):
        return True
    local_parameters = any(str(v).lstrip().startswith("{!") for v in (params.get("q"), params.get("fq")))
    return reply.status_code == 409 and local_parameters and "Local parameters" in reply.text


def test_generated_nasty_requests_never_fail_the_server(portal):
    answers = {}
    failures = []
    for params in generated_requests(160):
        reply = _post(portal, params)
        answers[reply.status_code] = answers.get(reply.status_code, 0) + 1
        if not _acceptable(reply, params):
            failures.append((reply.status_code, params, reply.text[:300]))

    assert failures == []
    assert answers.get(200, 0) > 10 and answers.get(400, 0) > 10, answers


def test_generated_nasty_queries_on_the_dataset_page(portal):
    failures = []
    for params in generated_requests(30, seed=99):
        query = {"q": params["q"], "sort": params.get("sort", "")}
        reply = requests.get(f"{portal.url}/dataset", params=query, timeout=120)
        if reply.status_code not in (200, 400):
            failures.append((reply.status_code, query))

    assert failures == []
