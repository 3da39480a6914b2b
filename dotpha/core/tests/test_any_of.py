from django.db import connection
from django.db.models import F, Q

from dotpha.core.any_of import AnyOf
from dotpha.org.models import Cadre, Unit
from dotpha.org.tests.factories import CadreFactory


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_selects_the_rows_whose_column_the_subquery_returns(world):
    in_commune = CadreFactory.create(managing_unit=world.commune)
    in_finance = CadreFactory.create(managing_unit=world.finance)
    CadreFactory.create(managing_unit=world.other_commune)
    units = Unit.objects.filter(pk__in=[world.commune.pk, world.finance.pk]).values("pk")

    found = Cadre.objects.filter(AnyOf(F("managing_unit_id"), units))

    assert (
        _ids(found) == {in_commune.pk, in_finance.pk} == _ids(Cadre.objects.filter(managing_unit__in=units))
    )


def test_joins_other_conditions_by_or_and_selects_nothing_from_no_ids(world):
    in_commune = CadreFactory.create(managing_unit=world.commune)
    named = CadreFactory.create(managing_unit=world.finance)
    commune = Unit.objects.filter(pk=world.commune.pk).values("pk")

    either = Cadre.objects.filter(Q(AnyOf(F("managing_unit_id"), commune)) | Q(pk=named.pk))
    from_none = Cadre.objects.filter(AnyOf(F("managing_unit_id"), Unit.objects.none().values("pk")))
    from_no_row = Cadre.objects.filter(AnyOf(F("managing_unit_id"), Unit.objects.filter(pk=-1).values("pk")))

    assert _ids(either) == {in_commune.pk, named.pk}
    assert not from_none.exists()
    assert not from_no_row.exists()


def test_postgresql_reads_the_ids_once_as_an_array_the_index_can_probe(world):
    # the form that makes PostgreSQL probe the column's index (`= ANY` of an init plan), without the model's
    # default order: the subquery's ids are not sorted for nothing
    units = Unit.objects.filter(path__startswith=world.province.path).values("pk")
    sql = str(Cadre.objects.filter(AnyOf(F("managing_unit_id"), units)).order_by().query)

    where = sql[sql.index(" WHERE ") :]
    if connection.vendor == "postgresql":
        assert '"managing_unit_id" = ANY(ARRAY(SELECT' in where
    else:
        assert '"managing_unit_id" IN (SELECT' in where
    assert "ORDER BY" not in where


def test_a_value_holding_sql_is_bound_in_the_subquery_and_changes_nothing(world):
    # the subquery's values travel as parameters on both engines: typed text that holds SQL is a name that
    # no unit has, never part of the statement
    hostile = "x'); DELETE FROM org_cadre; --"
    CadreFactory.create(managing_unit=world.commune)
    before = Cadre.objects.count()
    units = Unit.objects.filter(name=hostile).values("pk")
    found = Cadre.objects.filter(AnyOf(F("managing_unit_id"), units))

    sql, params = found.query.sql_with_params()
    assert hostile not in sql and hostile in params
    assert not found.exists()
    assert Cadre.objects.count() == before
