"""The job information sheet (岗位信息表) of a place: every posting on offer in its county.

Towns print it and post it in villages, so it lists the jobs of the whole county, not only the
town's own. That is a deliberate, narrow widening of area scoping: only *published* postings (jobs
employers want every worker to see), read in the county of a place the user may see. The same
widening lets town and village staff read (never change) the county's published postings on the
staff pages: `county_reading` and `readable_by` below, used by `jobs/views.py`.
"""

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from homeward.regions.codes import county_of
from homeward.regions.models import Region
from homeward.scoping import area_scope, covers, prefix_range

from .models import Posting, Status

# A text cell starting with one of these could run as a formula once someone edits it (S11).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def sheet_area(region: Region) -> str:
    """The area a place's sheet covers: its county, or the place itself above county level."""
    return county_of(region.code)


def serving_county(area: str | None) -> str | None:
    """The county whose published postings serve the villages of `area`, when `area` is a town
    or a village (staff above county level read every posting of their area anyway)."""
    if area and county_of(area) != area:
        return county_of(area)
    return None


def county_reading(area: str | None) -> AbstractContextManager[None]:
    """The area in which staff of `area` read postings: the serving county for a town or
    village (combine with `readable_by`), else the current area unchanged. Evaluate the
    querysets inside the block: the area is bound when the SQL is compiled."""
    county = serving_county(area)
    return area_scope(county) if county else nullcontext()


def readable_by(area: str | None) -> Q:
    """Inside `county_reading(area)`: the postings of `area` itself, and the published ones of
    its county. Published postings are what employers want every worker to see."""
    if serving_county(area) is None:
        return Q()
    low, high = prefix_range(area)
    return Q(status=Status.PUBLISHED) | Q(region_id__gte=low, region_id__lt=high)


def opens_on_staff_pages(posting: Posting, area: str | None) -> bool:
    """Whether staff of `area` can open `posting`'s staff page: `readable_by`, for one posting
    in hand (a recommendation from another county is not; its public page is)."""
    if covers(area, posting.region_id):
        return True
    county = serving_county(area)
    return (
        county is not None
        and posting.status == Status.PUBLISHED
        and covers(county, posting.region_id)
    )


def is_from_county(posting: Posting, area: str | None) -> bool:
    """A posting a town or village reads from its county (read-only there)."""
    return serving_county(area) is not None and not covers(area, posting.region_id)


@dataclass
class Sheet:
    region: Region
    area: Region
    day: date
    postings: list[Posting]

    @property
    def title(self) -> str:
        return _("%(place)s job information sheet") % {"place": self.region.name}

    @property
    def headcount(self) -> int:
        return sum(p.headcount for p in self.postings)

    def phone(self, posting: Posting) -> str:
        """The employer's business contact, in full: the sheet is handed to workers to call it
        (not a worker's personal data; see homeward/personal_data.py)."""
        return posting.employer.contact_phone


def build_sheet(region: Region, day: date) -> Sheet:
    code = sheet_area(region)
    with area_scope(code):  # see the module docstring: published postings of the county only
        postings = list(
            Posting.objects.on_offer(day)
            .select_related("employer", "region__parent")
            .order_by("region_id", "employer__name", "pk")
        )
    area = Region.tree.get(code=code)
    return Sheet(region=region, area=area, day=day, postings=postings)


def write_text(cell, value) -> None:
    """Put `value` in `cell` as plain text that Excel never reads as a formula (S11)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))
    if not text:
        cell.value = None
        return
    cell.value = text
    cell.data_type = "s"  # openpyxl makes any "=..." a formula unless told otherwise
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # and Excel keeps it text even when the cell is edited


def _columns(sheet: Sheet):
    """(header, width, value of a posting): numbers stay numbers, everything else is text."""
    return [
        (_("No."), 5, None),
        (_("Employer"), 24, lambda p: p.employer.name),
        (_("Job title"), 16, lambda p: p.title),
        (_("Occupation"), 12, lambda p: p.occupation),
        (_("People wanted"), 8, lambda p: p.headcount),
        (_("Lowest wage (yuan)"), 11, lambda p: p.wage_min),
        (_("Highest wage (yuan)"), 11, lambda p: p.wage_max),
        (_("Wage per"), 9, lambda p: p.get_wage_unit_display()),
        (_("Place of work"), 18, lambda p: f"{p.place_display()} {p.address}".strip()),
        (_("Age"), 11, lambda p: p.age_display()),
        (_("Education"), 11, lambda p: p.get_education_min_display()),
        (_("Skills and requirements"), 24, lambda p: p.skills),
        (_("Benefits"), 20, lambda p: "、".join(p.benefit_labels())),
        (_("Type of work"), 9, lambda p: p.get_work_type_display()),
        (_("Starts on"), 11, lambda p: p.starts_on.isoformat() if p.starts_on else ""),
        (_("Contact person"), 9, lambda p: p.employer.contact_person),
        (_("Contact phone"), 13, sheet.phone),
    ]


def sheet_workbook(sheet: Sheet) -> bytes:
    columns = _columns(sheet)
    book = Workbook()
    ws = book.active
    ws.title = _("Job sheet")[:31]
    last = get_column_letter(len(columns))

    write_text(ws["A1"], sheet.title)
    ws["A1"].font = Font(size=16, bold=True)
    ws.merge_cells(f"A1:{last}1")
    write_text(
        ws["A2"],
        _("%(area)s · %(jobs)s jobs, %(people)s people wanted · as of %(day)s")
        % {
            "area": sheet.area.full_name(),
            "jobs": len(sheet.postings),
            "people": sheet.headcount,
            "day": sheet.day.isoformat(),
        },
    )
    ws.merge_cells(f"A2:{last}2")

    header_row = 4
    for col, (header, width, _value) in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=col)
        write_text(cell, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width

    for n, posting in enumerate(sheet.postings, start=1):
        row = header_row + n
        for col, (_header, _width, value_of) in enumerate(columns, start=1):
            cell = ws.cell(row=row, column=col)
            value = n if value_of is None else value_of(posting)
            if isinstance(value, int | Decimal):
                cell.value = value
                if isinstance(value, Decimal):
                    cell.number_format = "0.00"  # yuan with two decimals
            else:
                write_text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    out = BytesIO()
    book.save(out)
    return out.getvalue()
