"""The ratings' group of the home page's "Việc cần làm" (dotpha.core.inbox): the cadres' annual ratings
waiting for the approver's decision, a line per year, each opening that year's list filtered to them."""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dotpha.accounts.access import has_role
from dotpha.accounts.models import Role, User
from dotpha.core.inbox import InboxLine
from dotpha.ratings.selectors import ratings_to_decide


def decides_ratings(user: User) -> bool:
    return has_role(user, Role.APPROVER)


def rating_lines_waiting(user: User, today: datetime.date) -> list[InboxLine]:
    """One query whatever the number of ratings and years."""
    per_year = ratings_to_decide(user).order_by().values("year").annotate(n=Count("pk")).order_by("-year")
    url = reverse("ratings:list")
    return [
        InboxLine(
            _("Xếp loại cán bộ năm %(year)s chờ quyết định") % {"year": row["year"]},
            row["n"],
            f"{url}?{urlencode({'year': row['year'], 'undecided': 1})}",
        )
        for row in per_year
    ]
