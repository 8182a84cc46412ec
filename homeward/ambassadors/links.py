"""The ambassador's personal referral link and its QR (segno, as the fairs' posters)."""

import segno
from django.urls import reverse


def referral_link(request, ambassador) -> str:
    return request.build_absolute_uri(reverse("portal:ambassador-link", args=[ambassador.token]))


def qr_svg(link: str) -> str:
    return segno.make(link, error="m").svg_inline(scale=6, border=2)
