"""Policy articles and guides: a person reads those of their own area and the areas above it,
published ones only; the body reads as paragraphs."""

import pytest

from homeward.content.models import Article

pytestmark = pytest.mark.django_db


def _article(region, title, **fields):
    fields.setdefault("body", "正文")
    return Article.objects.create(region_id=region, kind="policy", title=title, **fields)


def test_a_person_reads_their_areas_and_those_above_not_a_siblings():
    _article("3213", "市里的政策")
    _article("321302", "本县的政策")
    _article("321311", "邻县的政策")
    _article("321302", "未发布", is_published=False)
    titles = {a.title for a in Article.published_for("321302001001")}
    assert titles == {"市里的政策", "本县的政策"}


def test_a_visitor_of_no_area_reads_every_published_article():
    _article("3213", "宿迁的政策")
    _article("5110", "内江的政策")
    assert {a.title for a in Article.published_for(None)} == {"宿迁的政策", "内江的政策"}


def test_the_body_reads_as_paragraphs():
    article = _article("3213", "段落", body="第一段。\r\n\r\n第二段。\n\n\n")
    assert article.paragraphs() == ["第一段。", "第二段。"]
