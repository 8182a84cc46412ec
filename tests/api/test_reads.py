"""Postings (published ones of the area) and statistics (the summary table's figures, each
linking to the records behind it) through the API; the rate limit; the schema."""

import datetime

from django.utils import timezone

from homeward.api.models import Scope
from homeward.api.services import count_request
from homeward.stats.services import rebuild, this_month
from tests.factories import make_employer, make_posting, make_published, make_worker


def test_postings_are_the_published_ones_of_the_area(client, county_a):
    published = make_published(make_employer("321302001"))
    make_posting(make_employer("321302001"))  # a draft
    elsewhere = make_published(make_employer("321311001"))
    _api, headers = county_a
    listed = client.get("/api/v1/postings", **headers).json()
    assert [p["id"] for p in listed["results"]] == [published.pk]
    assert listed["results"][0]["wage_min"] == "4000.00"
    assert client.get(f"/api/v1/postings/{elsewhere.pk}", **headers).status_code == 404


def test_stats_are_the_areas_figures_with_their_rows(client, county_a):
    make_worker("321302001001", status="returned_unemployed")
    rebuild([this_month()])
    _api, headers = county_a
    body = client.get("/api/v1/stats", **headers).json()
    assert body["area"] == "321302" and body["month"] == f"{this_month():%Y-%m}"
    labour = next(f for f in body["figures"] if f["indicator"] == "labour_force")
    assert labour["value"] >= 1 and labour["rows"].startswith("/stats/people?")
    assert "indicator=labour_force" in labour["rows"]
    assert client.get("/api/v1/stats?area=321302001", **headers).status_code == 200
    assert client.get("/api/v1/stats?area=321311", **headers).status_code == 404
    assert client.get("/api/v1/stats?month=2026-13x", **headers).status_code == 422


def test_the_rate_limit_answers_429_with_retry_after(client, make_api_client):
    api_client, headers = make_api_client(scopes=[Scope.POSTINGS_READ], rate_limit=2)
    assert client.get("/api/v1/postings", **headers).status_code == 200
    assert client.get("/api/v1/postings", **headers).status_code == 200
    response = client.get("/api/v1/postings", **headers)
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert count_request(api_client, now=later) is None  # a new window


def test_the_schema_is_openapi_3_and_has_no_docs_page(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/workers/{pk}/status" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 404
