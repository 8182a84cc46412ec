"""Policies as data: every edit a new version, refusals, the seeds, a trial over the registry."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from homeward.subsidies import services
from homeward.subsidies.models import PolicyVersion
from homeward.subsidies.seeds import POLICIES, install_seed_policies

from .conftest import make_returnee

pytestmark = pytest.mark.django_db


def _data(**changes):
    base = {
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 12, 31),
        "amount_kind": "fixed",
        "amount": Decimal("500"),
        "conditions": [{"label": "曾外出务工", "expression": "was_out_migrant"}],
        "approval_levels": 3,
        "notice_days": 7,
    }
    return {**base, **changes}


def test_the_seeds_install_once_each_published(seeded):
    assert set(seeded) == {p["code"] for p in POLICIES}
    install_seed_policies()
    assert PolicyVersion._base_manager.count() == len(POLICIES)
    assert all(p.published().number == 1 for p in seeded.values())
    assert seeded["SQ-YIGONG"].beneficiary == "employer"
    assert seeded["SQ-TRAINING-CERT"].published().max_claims == 3


def test_an_edit_is_a_new_version_and_the_old_one_stays(bonus, city_staff):
    first = bonus.published()
    draft = services.save_version(bonus, _data(amount=Decimal("600")), by=city_staff)
    assert draft.number == 2 and draft.status == "draft"
    services.publish_version(draft, by=city_staff)
    first.refresh_from_db()
    assert first.status == "retired" and first.amount == Decimal("500")
    assert bonus.published().pk == draft.pk


def test_a_syntax_error_is_refused_with_its_position(bonus, city_staff):
    bad = _data(conditions=[{"label": "年龄", "expression": "age >= and 3"}])
    with pytest.raises(services.SubsidyError, match="第 8 个字符") as caught:
        services.save_version(bonus, bad, by=city_staff)
    assert caught.value.field == "conditions"
    assert bonus.versions.count() == 1


def test_a_negative_amount_is_refused(bonus, city_staff):
    with pytest.raises(services.SubsidyError, match="负数"):
        services.save_version(bonus, _data(amount=Decimal("-5")), by=city_staff)
    with pytest.raises(services.SubsidyError, match="负数"):
        services.save_version(
            bonus, _data(amount_kind="per_level", level_amounts={"5": "-1"}), by=city_staff
        )
    assert bonus.versions.count() == 1


def test_a_leader_may_not_edit(bonus, leader):
    with pytest.raises(PermissionDenied):
        services.save_version(bonus, _data(), by=leader)


def test_trying_a_version_counts_who_changes(bonus, city_staff):
    early = make_returnee(sequence=21, name="早返乡", returned_on=date(2026, 2, 1))
    make_returnee(sequence=22, name="晚返乡", returned_on=date(2026, 9, 1))
    stricter = services.save_version(
        bonus,
        _data(
            starts_on=date(2026, 6, 1),
            conditions=[
                *bonus.published().conditions[:1],
                {
                    "label": "返乡日期 {returned_on} 在政策期内",
                    "expression": "returned_on >= window_start and returned_on <= window_end",
                },
            ],
        ),
        by=city_staff,
    )
    trial = services.try_version(stricter)
    assert trial.published_eligible == 2 and trial.eligible == 1
    assert [w.pk for w, _ in trial.lost] == [early.pk] and trial.gained == []
