"""The demo's training: courses with results, the brands of 内江, employment computable; twice
writes nothing more."""

import pytest

from homeward.training import employment
from homeward.training.demo_data import fill_training
from homeward.training.models import Brand, Certificate, Course
from tests.factories import VILLAGE, make_worker

pytestmark = pytest.mark.django_db


def test_demo_courses_have_results_and_brands(db):
    for n in range(1, 49):
        make_worker(VILLAGE, sequence=n)
    counts = fill_training(("3213", "5110"))
    assert counts["courses"] == 4 and counts["brands"] == 3 and counts["completed"] > 0
    assert set(Brand.objects.values_list("name", flat=True)) == {"甜嫂", "青石雕刻工", "夏布画工"}
    assert Certificate.objects.exists()
    report = employment.report(Course.objects.all())
    assert report.total.completed == counts["completed"] and report.total.employed
    assert fill_training(("3213", "5110"))["courses"] == 0
    assert Course.objects.count() == 4
