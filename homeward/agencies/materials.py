"""Materials to hand out: the policy booklet (《就业创业政策宣传册》) printed from the area's policy
articles, and a town's weekly job digest for its WeChat groups — a short text to paste and a
poster image (PNG, drawn here with Pillow) whose QR opens the town's jobs on the portal.

The digest lists the postings that serve the town: those on offer in its county, as the job
information sheet does (`homeward.jobs.sheet`, published postings only). Its link is a short
link of its own, `/m/w/<token>`, whose openings are recorded (`services.open_digest`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from homeward.content.models import Article
from homeward.jobs.models import Posting
from homeward.jobs.sheet import sheet_area
from homeward.scoping import area_scope

DIGEST_JOBS = 50  # postings a digest keeps
TEXT_JOBS = 12  # of them in the text (a WeChat message is read on a phone)
POSTER_JOBS = 8  # and on the poster
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


def booklet_articles(area: str | None):
    """The published policy articles a person of `area` reads: of the area and above it."""
    return Article.published_for(area or None).filter(kind=Article.Kind.POLICY)


def digest_postings(town, day) -> list[Posting]:
    """The postings on offer on `day` that serve `town` (its county's), newest first."""
    with area_scope(sheet_area(town)):
        return list(
            Posting.objects.on_offer(day)
            .select_related("employer", "region", "region__parent")
            .order_by("-published_at", "-pk")[:DIGEST_JOBS]
        )


def digest_link(digest) -> str:
    return settings.HOMEWARD_PUBLIC_URL.rstrip("/") + reverse(
        "portal:digest-link", args=[digest.token]
    )


def _listed(digest) -> list[Posting]:
    return list(
        digest.postings.select_related("employer", "region", "region__parent").order_by(
            "-published_at", "-pk"
        )
    )


def _job_line(posting: Posting) -> str:
    return f"{posting.employer.name} · {posting.title} · {posting.wage_display()} · " + _(
        "%(count)s wanted"
    ) % {"count": posting.headcount}


def digest_text(digest, link: str) -> str:
    """The message a town posts to its WeChat groups: the week, the jobs, the link."""
    postings = _listed(digest)
    headcount = sum(p.headcount for p in postings)
    lines = [
        _("[%(town)s] Jobs of the week of %(week)s: %(jobs)s jobs, %(people)s people wanted")
        % {
            "town": digest.region.name,
            "week": digest.week.strftime("%m-%d"),
            "jobs": len(postings),
            "people": headcount,
        }
    ]
    for n, posting in enumerate(postings[:TEXT_JOBS], start=1):
        lines.append(f"{n}. {_job_line(posting)}")
    if len(postings) > TEXT_JOBS:
        lines.append(_("… and %(more)s more.") % {"more": len(postings) - TEXT_JOBS})
    lines.append(_("Every job, and how to apply: %(link)s") % {"link": link})
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _font_path() -> str | None:
    configured = os.environ.get("HOMEWARD_POSTER_FONT", "")
    for path in (configured, *FONT_PATHS):
        if path and Path(path).is_file():
            return path
    return None


def _font(size: int):
    from PIL import ImageFont

    path = _font_path()
    if path is None:  # no CJK font on this machine: Pillow's own (Latin only), never a crash
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


def qr_matrix(link: str):
    """The QR code of `link` as rows of booleans (dark modules), with a border of 2."""
    return [[bool(v) for v in row] for row in segno.make(link, error="m").matrix_iter(border=2)]


WIDTH = 750  # WeChat shows an image 750 px wide at its best
QR_SCALE = 8


def poster_png(digest, link: str) -> bytes:
    """The poster: the town and week, the first jobs, and the QR of the digest's link."""
    from PIL import Image, ImageDraw

    postings = _listed(digest)
    matrix = qr_matrix(link)
    qr_size = len(matrix) * QR_SCALE
    lines = [_job_line(p) for p in postings[:POSTER_JOBS]]
    height = 200 + 44 * max(len(lines), 1) + qr_size + 140
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 150], fill=(180, 30, 30))
    draw.text(
        (40, 30),
        _("%(town)s jobs of the week") % {"town": digest.region.name},
        font=_font(48),
        fill="white",
    )
    draw.text(
        (40, 96),
        _("Week of %(week)s · %(jobs)s jobs, %(people)s people wanted")
        % {
            "week": digest.week.isoformat(),
            "jobs": len(postings),
            "people": sum(p.headcount for p in postings),
        },
        font=_font(26),
        fill="white",
    )
    y = 180
    body = _font(24)
    for line in lines or [_("No jobs on offer this week.")]:
        draw.text((40, y), line[:30] + ("…" if len(line) > 30 else ""), font=body, fill="black")
        y += 44
    left = (WIDTH - qr_size) // 2
    top = y + 20
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                x0, y0 = left + c * QR_SCALE, top + r * QR_SCALE
                draw.rectangle([x0, y0, x0 + QR_SCALE - 1, y0 + QR_SCALE - 1], fill="black")
    draw.text(
        (40, top + qr_size + 30),
        _("Scan the code for every job and to apply"),
        font=_font(26),
        fill=(80, 80, 80),
    )
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def poster_qr_offset(digest) -> tuple[int, int]:
    """Where the poster's QR starts (left, top): for tests that read it back."""
    lines = min(len(_listed(digest)), POSTER_JOBS)
    matrix_size = len(qr_matrix(digest_link(digest))) * QR_SCALE
    return (WIDTH - matrix_size) // 2, 180 + 44 * max(lines, 1) + 20
