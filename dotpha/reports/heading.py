"""The heading of a document in the format of Decree 30/2020 (and of the party's Guidance 36-HD/VPTW):
the issuing body on the left, the national motto (or "ĐẢNG CỘNG SẢN VIỆT NAM") on the right, number, place
and date, title, signer and recipients. Defaults come from the unit the report is about; the office edits
them on the report page."""

import datetime
from dataclasses import dataclass, field

from dotpha.org.models import Unit
from dotpha.reports.formatting import date_line, place_name
from dotpha.reports.selectors import StatsFilter

PARTY_KINDS = {"party_committee", "standing_committee", "organisation_board", "party_agency"}
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PARTY_MOTTO = ("ĐẢNG CỘNG SẢN VIỆT NAM", "")


@dataclass
class Heading:
    issuer_parent: str
    issuer: str
    party: bool
    number: str
    place: str
    signed_on: datetime.date
    title: str
    subject: str
    signer_title: str
    signer_name: str
    recipients: list[str] = field(default_factory=list)

    @property
    def motto(self) -> tuple[str, str]:
        return PARTY_MOTTO if self.party else STATE_MOTTO

    @property
    def number_line(self) -> str:
        # party documents: "Số 125-BC/BTCTU"; state documents: "Số: 125/BC-UBND"
        return f"Số {self.number}" if self.party else f"Số: {self.number}"

    @property
    def signed_on_text(self) -> str:
        return f"{self.signed_on:%d/%m/%Y}"

    @property
    def date_line(self) -> str:
        return date_line(self.place, self.signed_on)


def _issuer(root: Unit) -> tuple[str, str, bool]:
    """(parent line, issuer line, party document?) for a report about `root`."""
    if root.depth == 1:
        # the province: the organisation board of its party committee runs the programme and reports
        board = (
            Unit.objects.filter(path__startswith=root.path, kind__code="organisation_board")
            .order_by("depth", "path")
            .first()
        )
        if board is not None:
            parent = Unit.objects.get_parent(board)
            return (parent.name.upper() if parent else root.name.upper(), _short(board, parent), True)
        return ("", root.name.upper(), False)
    parent = Unit.objects.get_parent(root)
    return (parent.name.upper() if parent else "", root.name.upper(), root.kind.code in PARTY_KINDS)


def _short(unit: Unit, parent: Unit | None) -> str:
    """ "Ban Tổ chức Tỉnh ủy" under "Tỉnh ủy Hòa Sơn" is written "BAN TỔ CHỨC"."""
    name = unit.name
    if parent is not None:
        words = name.split()
        for i in range(1, len(words)):
            tail = " ".join(words[i:])
            if parent.name.startswith(tail):
                name = " ".join(words[:i])
                break
    return name.upper()


def report_year(f: StatsFilter) -> str:
    if f.period is not None:
        return f.period.name
    return str(f.year) if f.year else ""


def default_heading(root: Unit, f: StatsFilter, *, today: datetime.date) -> Heading:
    parent_line, issuer, party = _issuer(root)
    province = Unit.objects.filter(path=root.path[: Unit.steplen]).values_list("name", flat=True).first()
    year = report_year(f)
    what = (
        f"{f.programme.get_document_kind_display().lower()} số {f.programme.number} "
        f"về giao việc đột phá, đổi mới"
        if f.programme
        else "việc đột phá, đổi mới"
    )
    when = f"năm {year}" if f.period is None or f.period.kind == "year" else f"giai đoạn {year}"
    return Heading(
        issuer_parent=parent_line,
        issuer=issuer,
        party=party,
        number="      -BC/" + ("BTCTU" if party and root.depth == 1 else "…"),
        place=place_name(province or ""),
        signed_on=today,
        title="BÁO CÁO",
        subject=f"Kết quả thực hiện {what}" + (f" {when}" if year else ""),
        signer_title="TRƯỞNG BAN" if party and root.depth == 1 else "THỦ TRƯỞNG ĐƠN VỊ",
        signer_name="",
        recipients=[
            "Thường trực Tỉnh ủy (để báo cáo)",
            "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy",
            "Lưu Văn phòng.",
        ],
    )


def heading_from(base: Heading, data: dict) -> Heading:
    """The defaults with what the office typed on the report page (blank keeps the default)."""
    recipients = [line.strip(" -") for line in (data.get("recipients") or "").splitlines() if line.strip()]
    return Heading(
        issuer_parent=base.issuer_parent,
        issuer=base.issuer,
        party=base.party,
        number=data.get("number") or base.number,
        place=data.get("place") or base.place,
        signed_on=data.get("signed_on") or base.signed_on,
        title=base.title,
        subject=base.subject,
        signer_title=data.get("signer_title") or base.signer_title,
        signer_name=data.get("signer_name") or base.signer_name,
        recipients=recipients or base.recipients,
    )
