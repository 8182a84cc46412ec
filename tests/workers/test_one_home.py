"""Rules that used to live in several places and now live in one: the minimum working age, the
compound family names, the schooling codes. Each test holds every user of a rule to its home."""

import pytest

from homeward.campaigns.text import salutation
from homeward.jobs.models import EDUCATION_MIN_CHOICES, Posting
from homeward.matching import core, features
from homeward.portal.employer_views import masked_name
from homeward.workers import vocab
from homeward.workers.models import Education
from homeward.workers.names import COMPOUND_SURNAMES, family_name


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("王小明", "王"),
        ("欧阳娜娜", "欧阳"),
        ("司马光", "司马"),
        ("西门庆", "西门"),  # was in the campaigns list only
        ("万俟卨", "万俟"),  # was in the portal list only
        ("诸葛亮", "诸葛"),
        ("欧阳", "欧"),  # two characters: family name + given name
        ("单于明", "单"),  # 单 is a common family name on its own
        (" 李秀英 ", "李"),
        ("", ""),
    ],
)
def test_family_name(name, family):
    assert family_name(name) == family


def test_both_front_doors_say_the_same_family_name():
    for surname in sorted(COMPOUND_SURNAMES):
        name = f"{surname}建国"
        assert salutation(name, "male") == f"{surname}师傅"
        assert masked_name(name).startswith(surname) and "建国" not in masked_name(name)


def test_the_minimum_working_age_has_one_home():
    from homeward.placements import services as placements

    assert vocab.MINIMUM_WORKING_AGE == 16
    assert core.MINIMUM_AGE is vocab.MINIMUM_WORKING_AGE
    assert placements.MINIMUM_WORKING_AGE is vocab.MINIMUM_WORKING_AGE
    age_min = Posting._meta.get_field("age_min")
    from django.core.validators import MinValueValidator

    lowest = [v.limit_value for v in age_min.validators if type(v) is MinValueValidator]
    assert lowest == [vocab.MINIMUM_WORKING_AGE]


def test_schooling_codes_are_the_vocabularys_in_rising_order():
    assert tuple(Education.values) == vocab.EDUCATION_LEVELS == tuple(vocab.EDUCATION)
    assert features.EDUCATION == vocab.EDUCATION_LEVELS
    assert [code for code, _label in EDUCATION_MIN_CHOICES] == Education.values
    assert Posting._meta.get_field("education_min").choices == EDUCATION_MIN_CHOICES


def test_the_top_level_is_named_and_labelled_postgraduate():
    assert vocab.EDUCATION[Education.POSTGRADUATE][0] == "研究生"
    from django.utils import translation

    with translation.override("en"):
        assert str(Education.POSTGRADUATE.label) == "postgraduate"
    assert vocab.EDUCATION[Education.COLLEGE][0] == "本科"
