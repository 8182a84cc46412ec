"""Synthetic workers: realistic shares, valid numbers, and fast bulk writing that the registry can
read back (decrypts, finds by hash)."""

import re
import statistics
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from homeward.codes import idnumber, phone
from homeward.crypto import hash_filter
from homeward.workers import demo_data, occupations, synthetic
from homeward.workers.models import StatusEvent, Worker

TODAY = date(2025, 6, 1)
VILLAGES = ["321302001001", "321311102201", "511002001001", "430381001001"]
SAMPLE = 20_000


@pytest.fixture(scope="module")
def sample():
    return list(synthetic.people(VILLAGES, SAMPLE // len(VILLAGES), seed=11, today=TODAY))


def _age(born: date) -> int:
    return TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))


def _share(rows, test) -> float:
    return sum(1 for row in rows if test(row)) / len(rows)


def test_same_seed_same_people_other_seed_other_people():
    first = list(synthetic.people(VILLAGES[:2], 200, seed=3, today=TODAY))
    again = list(synthetic.people(VILLAGES[:2], 200, seed=3, today=TODAY))
    other = list(synthetic.people(VILLAGES[:2], 200, seed=4, today=TODAY))
    assert first == again
    assert [p["id_number"] for p in first] != [p["id_number"] for p in other]
    assert len(first) == 400
    assert Counter(p["region_id"] for p in first) == {VILLAGES[0]: 200, VILLAGES[1]: 200}


def test_spread_varies_village_sizes_around_the_mean():
    people = list(synthetic.people([f"32130200100{i}" for i in range(1, 10)], 100, spread=0.5))
    sizes = Counter(p["region_id"] for p in people).values()
    assert min(sizes) >= 50 and max(sizes) <= 150 and len(set(sizes)) > 1


def test_every_id_number_is_valid_unique_and_says_the_same(sample):
    numbers = [p["id_number"] for p in sample]
    assert len(set(numbers)) == len(numbers)
    for person in sample:
        parsed = idnumber.parse(person["id_number"], today=TODAY)
        assert parsed.region_code == person["region_id"][:6]
        assert parsed.birth_date == person["birth_date"]
        assert parsed.gender == person["gender"]
        assert 16 <= _age(person["birth_date"]) <= 65


def test_phone_numbers_are_valid_and_unique(sample):
    phones = [p["phone"] for p in sample if p["phone"]]
    assert len(phones) / len(sample) == pytest.approx(synthetic.PHONE_SHARE, abs=0.01)
    assert len(set(phones)) == len(phones)
    assert all(phone.parse(number) == number for number in phones)


def test_one_generator_never_repeats_numbers_across_calls():
    generator = synthetic.Generator(seed=1, today=TODAY)
    first = list(generator.people(VILLAGES[:1], 300))
    second = list(generator.people(VILLAGES[:1], 300))
    numbers = [p["id_number"] for p in first + second]
    assert len(set(numbers)) == 600


def test_gender_and_age_follow_the_2024_survey(sample):
    assert _share(sample, lambda p: p["gender"] == "male") == pytest.approx(0.624, abs=0.015)
    ages = [_age(p["birth_date"]) for p in sample]
    assert sum(a <= 40 for a in ages) / len(ages) == pytest.approx(0.437, abs=0.015)
    assert sum(41 <= a <= 50 for a in ages) / len(ages) == pytest.approx(0.247, abs=0.015)
    assert sum(a > 50 for a in ages) / len(ages) == pytest.approx(0.316, abs=0.015)
    assert statistics.mean(ages) == pytest.approx(43.2, abs=1.0)
    out = [_age(p["birth_date"]) for p in sample if p["status"] == "out_migrant"]
    local = [_age(p["birth_date"]) for p in sample if p["status"] == "local_employed"]
    assert statistics.mean(out) == pytest.approx(39.0, abs=1.5)
    assert statistics.mean(local) == pytest.approx(46.8, abs=1.5)


def test_status_and_work_scope_follow_the_survey(sample):
    statuses = Counter(p["status"] for p in sample)
    for status, share in synthetic.STATUS_SHARES.items():
        assert statuses[status] / len(sample) == pytest.approx(share, abs=0.015), status
    at_work = statuses["out_migrant"] + statuses["local_employed"]
    assert statuses["out_migrant"] / at_work == pytest.approx(178.71 / 299.73, abs=0.015)
    out = [p for p in sample if p["status"] == "out_migrant"]
    assert _share(out, lambda p: p["work_scope"] == "out_of_province") == pytest.approx(
        68.40 / 178.71, abs=0.02
    )
    assert all(p["work_place"] for p in out)
    # An out-migrant's other province is never the home province.
    for person in out:
        if person["work_scope"] == "out_of_province":
            home = synthetic.PROVINCES.get(person["region_id"][:2], "?")
            assert not person["work_place"].startswith(home)
    local = [p for p in sample if p["status"] == "local_employed"]
    assert {p["work_scope"] for p in local} == {"in_town"}
    assert all(not p["work_scope"] for p in sample if p["status"] in ("", "returned_unemployed"))


def test_education_follows_the_2023_report(sample):
    education = Counter(p["education"] for p in sample)
    expected = {
        "none": 0.008,
        "primary": 0.138,
        "junior_high": 0.521,
        "senior_high": 0.175,
    }
    for code, share in expected.items():
        assert education[code] / len(sample) == pytest.approx(share, abs=0.015), code
    college = sum(education[c] for c in ("vocational", "college", "bachelor")) / len(sample)
    assert college == pytest.approx(0.158, abs=0.015)


def test_industries_and_incomes_follow_the_2024_survey(sample):
    industries = Counter(p["industry"] for p in sample)
    for industry, share in synthetic.INDUSTRY_SHARES.items():
        assert industries[industry] / len(sample) == pytest.approx(share, abs=0.015), industry

    def mean_income(test):
        values = [float(p["monthly_income"]) for p in sample if test(p)]
        return statistics.mean(values)

    assert mean_income(lambda p: p["status"] == "out_migrant") == pytest.approx(5634, rel=0.05)
    assert mean_income(lambda p: p["status"] == "local_employed") == pytest.approx(4291, rel=0.05)
    at_work = ("out_migrant", "local_employed")
    for industry, income in (
        ("construction", 5743),
        ("manufacturing", 4978),
        ("household_services", 4023),
    ):
        got = mean_income(lambda p, i=industry: p["industry"] == i and p["status"] in at_work)
        assert got == pytest.approx(income, rel=0.07), industry
    for person in sample:
        if person["status"] in at_work:
            assert person["monthly_income"] >= 2000
        if person["status"] == "returned_unemployed":
            assert person["monthly_income"] is None and person["returned_on"] is not None


def test_every_occupation_text_classifies():
    texts = {t for rows in synthetic.OCCUPATION_TEXTS.values() for t, _, _ in rows}
    texts |= {t for t, _ in synthetic.ENTREPRENEUR_TEXTS}
    unknown = sorted(t for t in texts if occupations.classify(t) is None)
    assert unknown == []


def test_sample_occupations_are_the_catalogues(sample):
    for person in sample:
        if person["occupation_text"]:
            assert person["occupation"] == occupations.classify(person["occupation_text"])
    assert _share(sample, lambda p: p["occupation_text"] != "") > 0.95


def test_names_are_chinese_and_surnames_weighted(sample):
    for person in sample[:2000]:
        assert 2 <= len(person["name"]) <= 3
        assert all("\u4e00" <= ch <= "\u9fff" for ch in person["name"])
    surnames = Counter(p["name"][0] for p in sample)
    common = {"王", "李", "张", "刘", "陈"}
    assert sum(surnames[s] for s in common) / len(sample) > 0.2


def test_service_needs_and_flags_use_the_registry_codes(sample):
    needs = {"job", "training", "startup_loan", "legal_aid", "children_schooling"}
    needs |= {"social_insurance", "housing"}
    for person in sample:
        assert set(filter(None, person["service_needs"].split(","))) <= needs
        assert person["low_income"] in ("", "poverty_alleviated", "monitored", "low_income")
        assert bool(person["training_wish"]) == ("training" in person["service_needs"])
    assert _share(sample, lambda p: p["consents_to_contact"]) == pytest.approx(0.85, abs=0.02)


# Writing to the database.

AREAS = ["321302001001", "430381001001"]


@pytest.mark.django_db
def test_fill_workers_writes_people_the_registry_can_read_and_find():
    created = demo_data.fill_workers(AREAS, 15, seed=5, today=TODAY)
    assert created == 30
    workers = list(Worker.objects.order_by("id"))
    assert len(workers) == 30
    assert {w.region_id for w in workers} == set(AREAS)
    for worker in workers:
        parsed = idnumber.parse(worker.id_number)  # decrypts to a valid number
        assert (parsed.birth_date, parsed.gender) == (worker.birth_date, worker.gender)
        assert worker.id_number_hash and worker.created_at is not None
        found = Worker.objects.filter(**hash_filter(Worker, "id_number", worker.id_number))
        assert list(found) == [worker]
        if worker.phone:
            assert phone.is_valid(worker.phone)
            by_phone = Worker.objects.filter(**hash_filter(Worker, "phone", worker.phone))
            assert worker in by_phone
        else:
            assert worker.phone_hash == ""
    # The generator's people, field for field.
    expected = list(synthetic.people(AREAS, 15, seed=5, today=TODAY))
    for worker, person in zip(workers, expected, strict=True):
        assert worker.id_number == person["id_number"] and worker.name == person["name"]
        assert worker.monthly_income == person["monthly_income"]
        assert worker.occupation == person["occupation"]
    # One survey event for each person with a status, dated when it began.
    with_status = [w for w in workers if w.status]
    events = list(StatusEvent.objects.all())
    assert len(events) == len(with_status)
    for event in events:
        worker = event.worker
        assert event.source == "survey" and event.status == worker.status
        assert event.region_id == worker.region_id
        assert event.occurred_on == worker.status_since


@pytest.mark.django_db
def test_fill_workers_skips_areas_that_already_have_workers():
    assert demo_data.fill_workers(AREAS[:1], 5, seed=1) == 5
    assert demo_data.fill_workers(AREAS[:1], 5, seed=2) == 0
    assert demo_data.fill_workers(["321302001"], 5, seed=2) == 0  # the town holds that village
    assert Worker.objects.count() == 5
    assert demo_data.fill_workers(AREAS[1:], 5, seed=2) == 5


@pytest.mark.django_db
def test_fill_workers_keeps_the_ids_unique_and_reports_progress():
    seen = []
    created = demo_data.fill_workers(
        ["321311"], 3, seed=9, progress=lambda done, total: seen.append((done, total))
    )
    assert created == Worker.objects.count() == 119 * 3  # 119 villages in the test map
    assert seen[-1] == (created, created)
    hashes = list(Worker.objects.values_list("id_number_hash", flat=True))
    assert len(set(hashes)) == len(hashes)


def test_sizes():
    assert demo_data.people_per_village("small", 3000) == 20
    assert demo_data.people_per_village("city", 3069) == 326
    with pytest.raises(ValueError):
        demo_data.people_per_village("country", 1)


# The benchmark command (a smoke test: it runs end to end and leaves the database as it was).


@pytest.mark.django_db
def test_bench_lists_and_runs_the_registry_benchmark():
    out = StringIO()
    call_command("bench", stdout=out)
    assert "registry" in out.getvalue()

    demo_data.fill_workers(["321302", "321311"], 2, seed=1)
    before = Worker.objects.count()
    out = StringIO()
    call_command("bench", "registry", "--rows", "300", "--repeat", "2", stdout=out)
    text = out.getvalue()
    assert "fewer than 100,000 workers" in text
    assert "database unchanged after the rollback: yes" in text
    for case in ("no filter", "page 50", "exact ID number", "exact phone"):
        assert case in text
    assert "HTTP" not in text  # every page answered 200
    exact = [line for line in text.splitlines() if line.strip().startswith("exact")]
    assert len(exact) == 2 and all(re.match(r"\s*exact \D+ 1 ", line) for line in exact), exact
    assert Worker.objects.count() == before
