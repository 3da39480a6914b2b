"""The rows the migrations seed, put back: a transactional test flushes every table when it ends, so a test
that runs after one in the same process finds no unit kinds, levels, fields of work or rating schemes."""

from importlib import import_module

from django.apps import apps

from dotpha.org.models import UnitKind, UnitLevel
from dotpha.org.seed import seed_kinds_and_levels
from dotpha.ratings.models import CriteriaGroup, CriteriaItem, RatingScheme
from dotpha.ratings.seed import seed_rating_schemes


def put_back_seeded_rows() -> None:
    """Unit kinds and levels, fields of work and rating schemes, each created only where missing."""
    seed_kinds_and_levels(UnitLevel, UnitKind)
    seed_rating_schemes(RatingScheme, CriteriaGroup, CriteriaItem)
    import_module("dotpha.programmes.migrations.0002_seed_fields").seed(apps, None)
