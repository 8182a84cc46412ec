"""A queryset compiled once and run again: the same rows as the ORM's, other arguments taken,
arguments the compiler would change refused."""

import datetime

import pytest
from django.db.models import F

from homeward.core.prepared import PreparedQuery
from homeward.placements.models import Application
from homeward.workers.models import Worker
from tests.factories import VILLAGE, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    return (
        make_worker(VILLAGE, sequence=1, phone="13912345671", occupation_text="电焊工"),
        make_worker(VILLAGE, sequence=2, phone="13912345672", occupation_text="保洁"),
    )


def test_model_rows_match_the_orm_and_take_each_call_its_argument(two, django_assert_num_queries):
    lookup = PreparedQuery(
        lambda pk: (
            Worker._base_manager.filter(pk=pk)
            .only("birth_date", "occupation_text", "region_id")
            .annotate(twice=F("pk") * 2)
        )
    )
    for worker in two:
        with django_assert_num_queries(1):
            found = lookup.first(worker.pk)
        assert found.pk == worker.pk and found.occupation_text == worker.occupation_text
        assert found.birth_date == worker.birth_date  # converted (a string in SQLite)
        assert isinstance(found.birth_date, datetime.date)
        assert found.twice == worker.pk * 2
        assert found.get_deferred_fields() >= {"phone", "id_number", "name"}
        with django_assert_num_queries(1):
            assert found.phone == worker.phone  # a field left out loads when touched
    assert lookup.first(10**9) is None


def test_values_go_through_the_converters(two):
    ids = PreparedQuery(
        lambda pk: Worker._base_manager.filter(pk=pk).values_list("pk", "birth_date")
    )
    assert ids.values(two[1].pk) == [[two[1].pk, two[1].birth_date]]
    assert ids.values(-1) == []


def test_a_string_argument_and_the_sql_it_runs(two):
    by_text = PreparedQuery(
        lambda text: Worker._base_manager.filter(occupation_text=text).values_list("pk"),
        kinds=(str,),
    )
    assert by_text.values("保洁") == [[two[1].pk]]
    sql, params = by_text.sql("电焊工")
    assert "电焊工" in params and "%s" in sql


def test_arguments_the_compiler_changes_are_refused():
    starts = PreparedQuery(
        lambda text: Worker._base_manager.filter(name__startswith=text), kinds=(str,)
    )
    with pytest.raises(ValueError, match="changed in the compiler"):
        starts.values("张")


def test_wrong_arguments_and_joins_are_refused(two):
    lookup = PreparedQuery(lambda pk: Application._base_manager.filter(worker_id=pk))
    with pytest.raises(TypeError):
        lookup.values("1")
    with pytest.raises(TypeError):
        lookup.values(1, 2)
    with pytest.raises(TypeError):
        PreparedQuery(lambda day: Worker._base_manager.filter(birth_date=day), kinds=(object,))
    joined = PreparedQuery(
        lambda pk: Application._base_manager.filter(worker_id=pk).select_related("worker")
    )
    with pytest.raises(ValueError, match="select_related"):
        joined.first(1)
