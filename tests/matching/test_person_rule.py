"""The person rule (对口): no list is padded with jobs that only pay more nearby.

The cases of the tracker's issue on the graded set, and the rule's edges on small records."""

from datetime import date

import pytest

from homeward.matching import core, quality, weights
from homeward.matching.features import JobTable, WorkerTable

from .records import TODAY, job, worker

# The first reason must be about the person, never only the place, the wage or the perks.
PERSON_REASONS = ("工种对口", "工种相近", "技能对口", "想学的工种", "公益性岗位", "不要求手艺")


@pytest.fixture(scope="module")
def graded():
    workers, jobs, _ = quality.load()
    w = WorkerTable.from_records(workers)
    j = JobTable.from_records(jobs, today=quality.TODAY)
    result = core.match(w, j, k=10, today=quality.TODAY, threads=1)
    titles = {r["id"]: r["title"] for r in jobs}

    def jobs_of(worker_id):
        return result.jobs_for_worker(w.ids.index(worker_id))

    return jobs_of, titles, result, w, j


def titles_of(graded, worker_id):
    jobs_of, titles, *_ = graded
    return [titles[m.id] for m in jobs_of(worker_id)]


def test_the_58_year_old_clerk_gets_no_building_site_job(graded):
    found = titles_of(graded, "W27")
    assert not any(word in t for t in found for word in ("木工", "钢筋", "瓦工", "小工", "装卸"))
    assert found == ["村委会文书（公益性岗位）"]
    assert graded[0]("W27")[0].reasons[0] == "工种对口：文员"


def test_an_empty_profile_gets_only_jobs_that_need_no_trade(graded):
    matches = graded[0]("W28")
    assert matches
    for m in matches:
        assert m.reasons[0] == "不要求手艺", m
    found = titles_of(graded, "W28")
    assert not any(word in t for t in found for word in ("厨师", "木工", "钢筋", "焊", "育婴"))


def test_seamstresses_are_not_offered_argon_welding(graded):
    for seamstress in ("W08", "W30"):
        assert not any("焊" in t for t in titles_of(graded, seamstress)), seamstress
    assert titles_of(graded, "W30")[0] == "服装厂车工"


def test_a_cook_gets_no_welding_or_truck_driving(graded):
    found = titles_of(graded, "W24")
    assert found[0] == "中餐厨师"
    assert not any(word in t for t in found for word in ("焊", "货车", "钢筋"))


def test_a_56_year_old_without_a_trade_who_asks_for_public_welfare_posts(graded):
    matches = graded[0]("W31")
    assert titles_of(graded, "W31") == ["公益性岗位 村道保洁", "镇区保洁"]
    assert matches[0].reasons[0] == "公益性岗位，本人有意向"
    assert matches[1].reasons[0] == "不要求手艺"


def test_older_people_get_heavy_work_only_in_their_trade_and_are_told(graded):
    assert not any(
        word in t for t in titles_of(graded, "W33") for word in ("小工", "装卸", "木工", "瓦工")
    )
    bricklayer = graded[0]("W32")
    assert [m.reasons[0] for m in bricklayer][:1] == ["工种对口：瓦工"]
    note = f"重体力岗位：{weights.HEAVY_WORK_AGE} 岁以上只推荐本行及相近工种"
    assert all(note in m.reasons for m in bricklayer)


def test_when_nothing_fits_the_list_is_empty(graded):
    assert graded[0]("W36") == []  # a clerk with no office job within reach
    assert graded[0]("W21") == []  # a forklift driver whose only forklift job needs more school


def test_every_emitted_pair_starts_with_a_reason_about_the_person(graded):
    _, _, result, w, j = graded
    for i in range(len(w)):
        for m in result.jobs_for_worker(i):
            assert m.reasons[0].startswith(PERSON_REASONS), (w.ids[i], m)
    for n in range(len(j)):
        for m in result.workers_for_job(n):
            assert m.reasons[0].startswith(PERSON_REASONS), (j.ids[n], m)


def test_the_graded_figures_hold_on_the_padding_cases():
    report = quality.evaluate(threads=1)
    assert report["unrelated_share"] <= 0.10
    assert report["top3_ungraded"] == []  # the set keeps up with what the engine emits
    assert report["violations"] == []


# --- the rule's edges on small records ---------------------------------------------------------


def ids_for(worker_record, job_records):
    workers = WorkerTable.from_records([worker_record])
    jobs = JobTable.from_records(job_records, today=TODAY)
    return [m.id for m in core.top_jobs_for_workers(workers, jobs, today=TODAY, threads=1)[0]]


def test_skilled_trades_need_the_trade_or_the_certificate():
    forklift = job("FORK", occupation="叉车司机", wage_max=9000)
    assert ids_for(worker(occupations=["外卖骑手"]), [forklift]) == []  # related is not enough
    assert ids_for(worker(occupations=["外卖骑手"], skills=["叉车证"]), [forklift]) == ["FORK"]
    truck = job("TRUCK", occupation="货车司机", skills=["A2"])
    assert ids_for(worker(occupations=[], skills=["C1驾照"]), [truck]) == []
    assert ids_for(worker(occupations=[], skills=["A2驾照"]), [truck]) == ["TRUCK"]
    electric = job("ELEC", occupation="电工")
    assert ids_for(worker(occupations=["水暖工"]), [electric]) == ["ELEC"]  # named as qualifying


def test_the_heavy_work_age_is_the_one_in_weights():
    heavy = job("LOAD", occupation="搬运工", start_date=str(TODAY))
    day_before = date(TODAY.year - weights.HEAVY_WORK_AGE, TODAY.month, TODAY.day + 1)
    birthday = date(TODAY.year - weights.HEAVY_WORK_AGE, TODAY.month, TODAY.day)
    assert ids_for(worker(occupations=[], birth_date=str(day_before)), [heavy]) == ["LOAD"]
    assert ids_for(worker(occupations=[], birth_date=str(birthday)), [heavy]) == []
    # the trade itself is still offered, with the note
    mover = worker(occupations=["装卸工"], birth_date=str(birthday))
    found = core.top_jobs_for_workers(
        WorkerTable.from_records([mover]), JobTable.from_records([heavy], today=TODAY), today=TODAY
    )[0]
    assert found[0].reasons[-1].startswith("重体力岗位")


def test_public_welfare_posts_of_general_work_go_to_who_asks_or_has_no_trade():
    post = job("PW", occupation="保洁", work_type="public_welfare")
    everything = ["full_time", "seasonal", "gig", "public_welfare"]
    assert ids_for(worker(work_types=everything), [post]) == []  # a welder, did not ask
    assert ids_for(worker(work_types=["public_welfare"]), [post]) == ["PW"]
    assert ids_for(worker(occupations=[], work_types=everything), [post]) == ["PW"]
    assert ids_for(worker(occupations=["保安"], work_types=everything), [post]) == ["PW"]
    clerk_post = job("DOC", occupation="文员", work_type="public_welfare")
    assert ids_for(worker(occupations=["文员"], work_types=everything), [clerk_post]) == ["DOC"]


def test_a_training_wish_counts_but_not_for_a_skilled_trade():
    wants = worker(occupations=[], wished_occupations=["育婴员", "电工"])
    nanny, electric = job("NANNY", occupation="育婴员"), job("ELEC", occupation="电工")
    assert ids_for(wants, [nanny, electric]) == ["NANNY"]
    found = core.top_jobs_for_workers(
        WorkerTable.from_records([wants]), JobTable.from_records([nanny], today=TODAY), today=TODAY
    )[0]
    assert found[0].reasons[0] == "想学的工种：育婴员"


def test_a_posting_lists_only_people_the_rule_lets_through():
    people = [
        worker("WELDER"),
        worker("CLERK", occupations=["文员"]),
        worker("NONE", occupations=[]),
        worker("CERT", occupations=["钢筋工"], skills=["焊工证"]),
    ]
    workers = WorkerTable.from_records(people)
    jobs = JobTable.from_records([job("WELD", wage_max=12000)], today=TODAY)
    listed = core.top_workers_for_jobs(workers, jobs, today=TODAY, threads=1)[0]
    assert sorted(m.id for m in listed) == ["CERT", "WELDER"]
    assert core.WorkerPool(workers, today=TODAY).match_job(jobs) == listed
