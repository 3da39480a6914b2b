"""Who may propose ratings and who decides them."""

from dotpha.accounts.access import has_role_over, is_approver_over
from dotpha.accounts.models import Role, User
from dotpha.org.models import Unit
from dotpha.ratings.models import AnnualRating


def can_propose(user: User, unit: Unit) -> bool:
    """Organizers prepare the proposals for the cadres managed in their subtree."""
    return has_role_over(user, Role.ORGANIZER, unit)


def authority_of(rating: AnnualRating) -> Unit:
    """The unit that manages the cadre now (after a transfer), else the one when proposed."""
    return rating.cadre.managing_unit or rating.authority_unit


def can_decide(user: User, rating: AnnualRating) -> bool:
    """An approver over the unit that manages the cadre, never about themself."""
    if user.cadre_id is not None and user.cadre_id == rating.cadre_id:
        return False
    return is_approver_over(user, authority_of(rating))
