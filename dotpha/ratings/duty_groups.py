"""The group of similar duties (nhóm chức trách, nhiệm vụ tương đồng) a cadre is rated in: Decree 335 counts
the "excellent" quota per unit and per such group. By default it follows the cadre's current post: the head of
a unit (`Position.is_head`), another leadership post (`Position.is_leadership`: deputies, heads of
divisions), or a post without leadership. The organizer may set another group on the rating."""

from dotpha.org.models import Appointment
from dotpha.ratings.leaders import current_on, reference_day
from dotpha.ratings.models import DutyGroup


def derived_groups(*, year: int, cadre_ids: list[int]) -> dict[int, str]:
    found = {cadre_id: DutyGroup.STAFF.value for cadre_id in cadre_ids}
    rows = Appointment.objects.filter(current_on(reference_day(year)), cadre_id__in=cadre_ids).values_list(
        "cadre_id", "position__is_head", "position__is_leadership"
    )
    for cadre_id, is_head, is_leadership in rows:
        if is_head:
            found[cadre_id] = DutyGroup.HEAD
        elif is_leadership and found[cadre_id] == DutyGroup.STAFF:
            found[cadre_id] = DutyGroup.DEPUTY
    return found
