"""Case documents as Word files, rendered by docxtpl from templates built here with python-docx.

Why docxtpl: commissions edit and print Word; docxtpl (Jinja2 tags inside a .docx, on
python-docx) keeps a template a normal Word file a clerk can restyle, needs no system libraries
(WeasyPrint needs Pango/Cairo) and is locked in the project. The templates are built in code, so
there is no binary file to review; a commission that wants its own letterhead can replace one
with a .docx carrying the same tags (a later step).

Every document is also given as PDF (`to_pdf`), drawn by **ReportLab** from the rendered Word
file's paragraphs, so the two never differ. Why ReportLab: a long-kept PDF library (BSD) whose
built-in Adobe CID font STSong-Light prints Chinese with no font file and no system package —
WeasyPrint needs Pango, a LibreOffice conversion a 300 MB Debian package in CI.
"""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docxtpl import DocxTemplate
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

TITLES = {
    "application": "劳动人事争议仲裁申请书",
    "acceptance": "受理通知书",
    "refusal": "不予受理通知书",
    "evidence": "举证通知书",
    "hearing": "开庭通知书",
    "mediation": "调解书",
    "award_final": "裁决书（终局裁决）",
    "award": "裁决书",
    "review": "调解书（调解协议仲裁审查）",
    "review_refusal": "调解协议仲裁审查不予确认决定书",
}

_HEADER = ["{{ commission }}", "{{ title }}", "{{ case_number }}"]

_BODIES = {
    "application": [
        "申请人：{% for p in applicants %}{{ p }}{% if not loop.last %}、{% endif %}{% endfor %}"
        "{% if collective %}（集体劳动争议）{% endif %}",
        "{% if agents %}委托代理人：{{ agents|join('、') }}{% endif %}",
        "被申请人：{{ employer }}{% if uscc %}（统一社会信用代码 {{ uscc }}）{% endif %}",
        "仲裁请求：",
        "{% for c in claims %}{{ loop.index }}. {{ c.kind }}：{{ c.amount }} 元\n{% endfor %}",
        "请求金额合计：{{ total }} 元",
        "事实与理由：{{ facts }}",
        "申请日期：{{ filed_on }}",
    ],
    "acceptance": [
        "{{ applicants|join('、') }}：",
        "你（们）与{{ employer }}的劳动争议仲裁申请，本委已于 {{ accepted_on }} 受理。",
        "本委将于受理之日起 5 个工作日内将申请书副本送达被申请人。",
        "本案适用{{ procedure }}。",
        "仲裁庭应当在受理之日起 45 日内（{{ award_by }} 前）作出裁决。",
    ],
    "refusal": [
        "{{ applicants|join('、') }}：",
        "你（们）与{{ employer }}的劳动争议仲裁申请，经审查，本委决定不予受理。",
        "理由：{{ reason }}",
        "对本决定不服的，可以就该劳动争议事项向人民法院提起诉讼。",
        "日期：{{ refused_on }}",
    ],
    "evidence": [
        "{{ applicants|join('、') }}、{{ employer }}：",
        "请双方当事人在开庭前提交证明自己主张的证据。与争议事项有关的证据属于用人单位掌握管理的，"
        "用人单位应当提供。",
        "日期：{{ accepted_on }}",
    ],
    "hearing": [
        "{{ applicants|join('、') }}、{{ employer }}：",
        "本委定于 {{ hearing_on }} 开庭审理本案，{{ hearing_mode }}：{{ hearing_place }}。",
        "仲裁庭组成：{{ tribunal|join('、') }}。",
        "无正当理由拒不到庭的，申请人按撤回仲裁申请处理，被申请人可以缺席裁决。",
    ],
    "mediation": [
        "申请人：{{ applicants|join('、') }}",
        "被申请人：{{ employer }}",
        "经{{ mediator }}调解，双方自愿达成如下协议：",
        "{{ terms }}",
        "协议金额：{{ amount }} 元",
        "本协议经双方签收后生效。用人单位不履行支付拖欠劳动报酬的协议的，劳动者可以持本协议"
        "依法向人民法院申请支付令。",
        "日期：{{ closed_on }}",
    ],
    "review": [
        "申请人：{{ applicants|join('、') }}",
        "被申请人：{{ employer }}",
        "双方当事人于 {{ closed_on }} 经{{ mediator }}调解达成调解协议，并于 {{ applied_on }} "
        "共同向本委申请仲裁审查。",
        "经审查，该调解协议的形式和内容合法有效，本委予以确认。协议内容如下：",
        "{{ terms }}",
        "协议金额：{{ amount }} 元",
        "本调解书经双方当事人签收后，即发生法律效力。一方当事人不履行的，另一方当事人可以依法"
        "向人民法院申请强制执行。",
        "日期：{{ decided_on }}",
    ],
    "review_refusal": [
        "{{ applicants|join('、') }}、{{ employer }}：",
        "你们于 {{ applied_on }} 申请对经{{ mediator }}调解达成的调解协议进行仲裁审查。",
        "经审查，本委决定不予确认。理由：{{ reason }}",
        "当事人可以就该劳动争议事项向本委申请仲裁。",
        "日期：{{ decided_on }}",
    ],
    "award_final": [
        "申请人：{{ applicants|join('、') }}",
        "被申请人：{{ employer }}",
        "仲裁庭组成：{{ tribunal|join('、') }}",
        "裁决如下（以下各项为终局裁决）：",
        "{% for c in items %}{{ loop.index }}. {{ c.kind }}：{{ c.awarded }} 元\n{% endfor %}",
        "本裁决书自作出之日起发生法律效力。劳动者对本裁决不服的，可以自收到裁决书之日起 15 日内"
        "向人民法院提起诉讼；用人单位有证据证明本裁决有法定情形之一的，可以自收到裁决书之日起"
        " 30 日内向仲裁委员会所在地的中级人民法院申请撤销裁决。",
        "日期：{{ awarded_on }}",
    ],
    "award": [
        "申请人：{{ applicants|join('、') }}",
        "被申请人：{{ employer }}",
        "仲裁庭组成：{{ tribunal|join('、') }}",
        "裁决如下：",
        "{% for c in items %}{{ loop.index }}. {{ c.kind }}：{{ c.awarded }} 元\n{% endfor %}",
        "当事人对本裁决不服的，可以自收到裁决书之日起 15 日内向人民法院提起诉讼；期满不起诉的，"
        "裁决书发生法律效力。",
        "日期：{{ awarded_on }}",
    ],
}


@cache
def template_bytes(kind: str) -> bytes:
    """The .docx template of a kind of document, with its Jinja2 tags."""
    word = WordDocument()
    for index, line in enumerate(_HEADER):
        paragraph = word.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if index < 2 else WD_ALIGN_PARAGRAPH.RIGHT
    for line in _BODIES[kind]:
        word.add_paragraph(line)
    word.add_paragraph("{{ commission }}（印章）").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def render(kind: str, context: dict) -> bytes:
    """The Word document of `kind` filled with `context` (values already formatted as text)."""
    template = DocxTemplate(io.BytesIO(template_bytes(kind)))
    template.render({"title": TITLES[kind], **context}, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def text_of(content: bytes) -> str:
    """The paragraphs of a Word document as text (for tests and previews)."""
    word = WordDocument(io.BytesIO(content))
    return "\n".join(p.text for p in word.paragraphs)


PDF_FONT = "STSong-Light"


@cache
def _pdf_styles() -> dict:
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle(
        "body", fontName=PDF_FONT, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=0
    )
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=TA_CENTER),
        WD_ALIGN_PARAGRAPH.CENTER: ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        WD_ALIGN_PARAGRAPH.RIGHT: ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        None: ParagraphStyle("left", parent=body, alignment=TA_LEFT),
    }


def to_pdf(content: bytes, *, title: str = "") -> bytes:
    """The PDF of a rendered Word document: its paragraphs, in order and alignment, on A4."""
    styles = _pdf_styles()
    word = WordDocument(io.BytesIO(content))
    flow = []
    for index, paragraph in enumerate(word.paragraphs):
        style = styles["title"] if index == 1 else styles.get(paragraph.alignment, styles[None])
        for line in paragraph.text.split("\n"):
            if line.strip():  # a tag that rendered nothing leaves no blank line
                flow.append(Paragraph(escape(line), style))
        if index == 1:
            flow.append(Spacer(1, 4 * mm))
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title=title,
        author="",
        creator="Homeward",
    ).build(flow)
    return out.getvalue()
