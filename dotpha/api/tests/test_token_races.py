"""The limit of ten active API tokens per user holds when fifteen requests arrive at once (the attack run
left fourteen active tokens); the excess requests get the ordinary refusal and nothing else is written."""

import pytest

from dotpha.accounts.models import User
from dotpha.api.models import ApiToken
from dotpha.api.services import MAX_ACTIVE_TOKENS, token_create
from dotpha.core.errors import ApplicationError
from dotpha.tests.concurrency import concurrent, run_together

LIMIT_MESSAGE = f"Mỗi người dùng có tối đa {MAX_ACTIVE_TOKENS} mã đang dùng; hãy thu hồi mã không cần nữa."


def active(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()


@pytest.mark.django_db
def test_an_eleventh_token_is_refused_and_nothing_is_written(world):
    user = world.users["cadre"]
    for n in range(MAX_ACTIVE_TOKENS):
        token_create(actor=user, name=f"Mã {n}")
    history = ApiToken.history.count()  # type: ignore[attr-defined]
    with pytest.raises(ApplicationError) as refused:
        token_create(actor=user, name="Mã thứ mười một")
    assert (refused.value.code, refused.value.message) == ("too_many_tokens", LIMIT_MESSAGE)
    assert (active(user), ApiToken.objects.count(), ApiToken.history.count()) == (  # type: ignore[attr-defined]
        MAX_ACTIVE_TOKENS,
        MAX_ACTIVE_TOKENS,
        history,
    )


@concurrent
def test_fifteen_token_creations_at_once_leave_ten_active_tokens(world):
    user = world.users["cadre"]
    assert active(user) == 0

    def make(n: int):
        return token_create(actor=User.objects.get(pk=user.pk), name=f"Mã {n}")

    outcomes = run_together(15, make)
    made = [o for o in outcomes if o.error is None]
    refusals = [o.error for o in outcomes if o.error is not None]
    assert len(made) == MAX_ACTIVE_TOKENS
    assert {(type(e), e.code, e.message) for e in refusals} == {  # type: ignore[attr-defined]
        (ApplicationError, "too_many_tokens", LIMIT_MESSAGE)
    }
    assert len(refusals) == 15 - MAX_ACTIVE_TOKENS
    assert active(user) == ApiToken.objects.count() == MAX_ACTIVE_TOKENS
