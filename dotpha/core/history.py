"""Attach the acting user to a history row when there is no request (commands, imports, tasks)."""

from django.db.models import Model


def as_actor(instance: Model, actor) -> Model:
    # django-simple-history reads `_history_user` before it falls back to the request's user.
    instance._history_user = actor  # type: ignore[attr-defined]
    return instance
