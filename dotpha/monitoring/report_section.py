"""The year report's part "KẾT QUẢ CÁN BỘ LÃNH ĐẠO THEO DÕI XÃ, PHƯỜNG": the figures of the monitoring
summary (the selector behind the summary page and its Excel file) for the report's year and unit.

Registered with `dotpha.reports.sections` by `MonitoringConfig.ready()`. The report is a document of the
province, so its text is Vietnamese whatever the reader's language, like the rest of the report.
"""

from dotpha.monitoring.models import MonitoringYear
from dotpha.monitoring.selectors import summary_for
from dotpha.org.models import Unit
from dotpha.reports.formatting import vn_int, vn_pct
from dotpha.reports.sections import SectionRequest


def report_year_of(root: Unit, year: int) -> MonitoringYear | None:
    """The monitoring year whose programme covers the unit (or lies under it), if one was opened."""
    candidates = MonitoringYear.objects.filter(year=year).select_related("programme__scope_unit")
    for candidate in candidates.order_by("pk"):
        scope = candidate.programme.scope_unit
        if root.path.startswith(scope.path) or scope.path.startswith(root.path):
            return candidate
    return None


def _over(part: int, whole: int) -> str:
    return f"{vn_int(part)}/{vn_int(whole)}"


def monitoring_report_section(request: SectionRequest) -> dict | None:
    if not request.year.isdigit():
        return None
    year = report_year_of(request.root, int(request.year))
    if year is None:
        return None
    summary = summary_for(request.root, year, today=request.today)
    t = summary.total
    if not t.assignments:
        return None
    share = vn_pct(t.commendation_share)
    paragraphs = [
        f"Năm {year.year}, thực hiện {year.programme.number}, {vn_int(t.cadres_assigned)} cán bộ lãnh đạo "
        f"được phân công theo dõi {vn_int(t.communes_covered)}/{vn_int(summary.communes_total)} xã, phường "
        f"({vn_int(t.assignments)} phân công), đi cơ sở {vn_int(t.visits)} lượt.",
        f"Đảng ủy xã, phường đã gửi {_over(t.forms_received, t.forms_expected)} phiếu nhận xét; "
        f"{vn_int(t.cadres_commended)}/{vn_int(t.cadres_evaluated)} cán bộ được nhận xét ({share}) "
        f"được đề nghị khen thưởng ({vn_int(t.forms_commending)} phiếu); "
        f"{vn_int(t.replacement_requests)} đề nghị thay thế cán bộ theo dõi.",
    ]
    rows = [
        ("Cán bộ được phân công theo dõi", vn_int(t.cadres_assigned)),
        ("Phân công theo dõi trong năm", vn_int(t.assignments)),
        ("Xã, phường có cán bộ theo dõi", _over(t.communes_covered, summary.communes_total)),
        ("Lượt đi cơ sở", vn_int(t.visits)),
        ("Phiếu nhận xét đã nhận / phải gửi", _over(t.forms_received, t.forms_expected)),
        ("Cán bộ được đề nghị khen thưởng", f"{vn_int(t.cadres_commended)} ({share})"),
        ("Đề nghị thay thế cán bộ theo dõi", vn_int(t.replacement_requests)),
        ("Kế hoạch gửi muộn / quá hạn chưa gửi", f"{vn_int(t.plans_late)} / {vn_int(t.plans_missing)}"),
        ("Báo cáo gửi muộn / quá hạn chưa gửi", f"{vn_int(t.reports_late)} / {vn_int(t.reports_missing)}"),
    ]
    return {"paragraphs": paragraphs, "rows": [{"label": label, "value": value} for label, value in rows]}
