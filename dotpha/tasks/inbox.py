"""The tasks' groups of the home page's "Việc cần làm" (dotpha.core.inbox): what the user decides, and what
they carry out. Each count is the selector the linked page lists, one query each."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dotpha.accounts.access import has_role
from dotpha.accounts.models import Role, User
from dotpha.core.inbox import InboxLine
from dotpha.programmes.models import Period
from dotpha.programmes.permissions import can_follow_registration
from dotpha.programmes.selectors import programmes_visible_to, registration_is_open
from dotpha.tasks.models import EDITABLE_STATUSES, EntryStatus
from dotpha.tasks.selectors import (
    ProgressState,
    adjustments_awaiting_decision,
    approval_queue,
    my_tasks,
    obstacles_awaiting_answer,
    with_progress,
)
from dotpha.tasks.selectors.grading import grading_due, not_graded, self_assessments_due
from dotpha.tasks.selectors.on_behalf import (
    entries_entered_by,
    entries_waiting_for,
    grants_of_assistant,
    in_force_on,
)
from dotpha.tasks.selectors.registration import cadres_below_minimum
from dotpha.tasks.selectors.seek import COUNT_BOUND, bounded_count
from dotpha.tasks.selectors.year_reviews import year_grades_due, year_reports_due

# the lines that may hold a province's tens of thousands of tasks count as far as their lists do
INBOX_BOUND = COUNT_BOUND


def decision_lines(user: User, today: datetime.date) -> list[InboxLine]:
    """The approval queue's page: its tasks, and the obstacles and adjustments listed under them; the
    year-end grading sheets of the periods ending; the years of phase tasks reported and not graded."""
    queue = reverse("tasks:approvals")
    waiting = bounded_count(approval_queue(user), INBOX_BOUND)
    ungraded = bounded_count(grading_due(user, today).filter(not_graded()), INBOX_BOUND)
    return [
        InboxLine(_("Việc chờ phê duyệt"), waiting.value, queue, more=waiting.more),
        InboxLine(
            _("Khó khăn, vướng mắc chờ trả lời"),
            obstacles_awaiting_answer(user).count(),
            f"{queue}#obstacles",
        ),
        InboxLine(
            _("Đề nghị điều chỉnh chờ quyết định"),
            adjustments_awaiting_decision(user).count(),
            f"{queue}#adjustments",
        ),
        InboxLine(
            _("Việc chờ đánh giá cuối năm"),
            ungraded.value,
            f"{reverse('tasks:grading')}?due=1",
            more=ungraded.more,
        ),
        InboxLine(
            _("Đánh giá hằng năm việc giai đoạn: chờ đánh giá"),
            year_grades_due(user).count(),
            f"{reverse('tasks:list')}?yearly=due",
        ),
    ]


def carries_out_tasks(user: User) -> bool:
    """Has tasks of their own: a cadre, or a unit manager who registers the unit's collective tasks."""
    return user.cadre_id is not None or has_role(user, Role.UNIT_MANAGER)


def own_task_lines(user: User, today: datetime.date) -> list[InboxLine]:
    """Việc của tôi: drafts and returned tasks to finish, tasks whose report is due or whose deadline has
    passed (the page's `progress` filter, on the same selector), self-assessments due at year end, and the
    yearly reports of phase tasks due. The drafts, reports due and overdue are counted in one query (they
    are the same tasks, `my_tasks`, filtered three ways)."""
    mine = reverse("tasks:mine")
    counts = with_progress(my_tasks(user), today).aggregate(
        drafts=Count("pk", filter=Q(status__in=EDITABLE_STATUSES)),
        stale=Count("pk", filter=Q(progress=ProgressState.STALE)),
        overdue=Count("pk", filter=Q(progress=ProgressState.OVERDUE)),
    )
    return [
        InboxLine(
            _("Nội dung nhập thay chờ bạn xác nhận"),
            entries_waiting_for(user).count(),
            reverse("tasks:entries"),
        ),
        InboxLine(_("Việc nháp, bị trả lại cần hoàn thiện"), counts["drafts"], f"{mine}#drafts"),
        InboxLine(
            _("Việc đến hạn báo cáo tiến độ"),
            counts["stale"],
            f"{mine}?progress={ProgressState.STALE.value}",
        ),
        InboxLine(
            _("Việc chờ tự đánh giá cuối năm"),
            self_assessments_due(user, today).count(),
            f"{mine}?assess=due",
        ),
        InboxLine(
            _("Đánh giá hằng năm việc giai đoạn: chờ tự báo cáo"),
            year_reports_due(user, today).count(),
            f"{mine}?yearly=due",
        ),
        InboxLine(
            _("Việc quá hạn chưa hoàn thành"),
            counts["overdue"],
            f"{mine}?progress={ProgressState.OVERDUE.value}",
        ),
    ]


def on_behalf_lines(user: User, today: datetime.date) -> list[InboxLine]:
    """The assistant's: the leaders they may draft for today, and their drafts still waiting for a leader."""
    page = reverse("tasks:on_behalf")
    return [
        InboxLine(
            _("Lãnh đạo bạn được nhập thay"),
            grants_of_assistant(user).filter(in_force_on(today)).count(),
            page,
        ),
        InboxLine(
            _("Nội dung bạn nhập thay đang chờ lãnh đạo xác nhận"),
            entries_entered_by(user).filter(status=EntryStatus.PENDING).count(),
            page,
        ),
    ]


def follows_registration(user: User) -> bool:
    """May follow up some programme's cadres below its minimum (`can_follow_registration`, per programme)."""
    roles = (Role.ORGANIZER, Role.APPROVER, Role.INSPECTOR, Role.UNIT_MANAGER)
    return any(has_role(user, role) for role in roles)


def registration_lines(user: User, today: datetime.date) -> list[InboxLine]:
    """A line per period whose registration is open today and whose programme the user follows up: the
    cadres below the minimum, as its page lists them. One count per such period: a handful at a time
    (periods still open), whatever the number of cadres and tasks."""
    periods = Period.objects.filter(
        programme__in=programmes_visible_to(user).values("pk"), closed_at__isnull=True
    ).select_related("programme__issuing_unit")
    lines = []
    for period in periods.order_by("programme__number", "-start_date"):
        if not registration_is_open(period, on=today) or not can_follow_registration(user, period.programme):
            continue
        lines.append(
            InboxLine(
                _("Cán bộ chưa đăng ký đủ số việc: %(programme)s, kỳ %(period)s")
                % {"programme": period.programme.number, "period": period.name},
                cadres_below_minimum(user, period, on=today).count(),
                reverse("tasks:registration_gaps", args=[period.pk]),
            )
        )
    return lines
