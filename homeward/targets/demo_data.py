"""Demo targets and checklists (`homeward demo`), written through the services: the documents'
targets and 湘乡's checklist for this year, a year of weekly progress counts, a town's updates
with evidence (one item done), a notice of supervision from the city office answered by the
town and another awaiting its reply, and this week's digest."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from homeward.accounts.models import User
from homeward.scoping import unscoped

from . import seeds, services
from .models import Duty, ProgressUpdate, Snapshot, Target

# The smallest PNG there is (1 × 1): a photo of the evidence in the demo.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
)


def _user(name: str):
    return User.objects.filter(username=name, is_active=True).first()


def fill_targets(areas) -> dict:
    today = timezone.localdate()
    year = today.year
    made = {"targets": 0, "items": 0, "snapshots": 0, "updates": 0}
    with unscoped():
        made["targets"] = services.seed_targets(year)
        if seeds.XIANGXIANG in areas:
            made["items"] = services.seed_checklist(year)
        if not Snapshot.objects.exists():
            day = dt.date(year, 1, 1)
            while day < today:
                made["snapshots"] += services.take_snapshots(day)
                day += dt.timedelta(days=7)
        made["snapshots"] += services.take_snapshots(today)
        if seeds.XIANGXIANG in areas and not ProgressUpdate.objects.exists():
            made["updates"] = _checklist_story(year)
        services.send_digest(today)
        made["targets"] = made["targets"] or Target.objects.count()
    return made


def _checklist_story(year: int) -> int:
    office = _user(f"demo-{seeds.XIANGXIANG}-county")
    town = (
        User.objects.filter(username=f"demo-{seeds.XIANGXIANG}-town", is_active=True)
        .select_related("region")
        .first()
    )
    if office is None or town is None:
        return 0
    duties = {
        d.item.number: d
        for d in Duty.objects.filter(region_id=town.region_id, item__year=year).select_related(
            "item"
        )
    }
    updates = 0
    if 6 in duties:
        services.record_update(
            duties[6],
            text="全镇入户摸底完成，台账已建立。",
            files=[SimpleUploadedFile("入户摸底台账照片.png", PIXEL, content_type="image/png")],
            marks_done=True,
            by=town,
        )
        updates += 1
    if 9 in duties:
        services.record_update(duties[9], text="本周在 12 个村民群发布招聘信息。", by=town)
        updates += 1
        notice = services.issue_supervision(
            duties[9],
            text="请报送本月各村微信群发布招聘信息的截图。",
            reply_by=timezone.localdate() + dt.timedelta(days=5),
            by=office,
        )
        services.reply_supervision(notice, text="已汇总各村截图，随本周进展一并上传。", by=town)
    if 13 in duties:
        services.issue_supervision(
            duties[13],
            text="劳务合作社成立进度滞后，请说明原因和计划。",
            reply_by=timezone.localdate() + dt.timedelta(days=3),
            by=office,
        )
    return updates
