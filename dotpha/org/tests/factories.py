import datetime

import factory

from dotpha.accounts.models import RoleGrant, User
from dotpha.org.models import Appointment, Cadre, Position, Unit, UnitKind, UnitLevel
from dotpha.org.seed import is_leadership_title


def kind(code: str) -> UnitKind:
    return UnitKind.objects.get(code=code)


def level(code: str) -> UnitLevel:
    return UnitLevel.objects.get(code=code)


def make_unit(parent: Unit | None, name: str, code: str, kind_code: str = "department", **extra) -> Unit:
    """Adds a node the way the services do (treebeard needs a fresh parent for every add)."""
    k = kind(kind_code)
    node = Unit(
        name=name,
        code=code,
        kind=k,
        level=extra.pop("level", None) or k.default_level or level("province"),
        **extra,
    )
    if parent is None:
        return Unit.objects.add_root(instance=node)
    return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=node)


class PositionFactory(factory.django.DjangoModelFactory[Position]):
    class Meta:
        model = Position
        django_get_or_create = ("name",)

    name = "Giám đốc"
    is_leadership = factory.LazyAttribute(lambda post: is_leadership_title(post.name))


class CadreFactory(factory.django.DjangoModelFactory[Cadre]):
    class Meta:
        model = Cadre

    code = factory.Sequence(lambda n: f"T{n:05d}")
    full_name = factory.Iterator(["Nguyễn Văn Hùng", "Trần Thị Hạnh", "Đặng Quang Minh", "Lê Thị Thu Hà"])
    gender = "male"
    birth_year = 1975


class AppointmentFactory(factory.django.DjangoModelFactory[Appointment]):
    class Meta:
        model = Appointment

    cadre = factory.SubFactory(CadreFactory)
    position = factory.SubFactory(PositionFactory)
    start_date = datetime.date(2021, 1, 1)


def make_user(
    username: str, role: str | None = None, unit: Unit | None = None, cadre: Cadre | None = None
) -> User:
    user = User.objects.create_user(username=username, password="Mat-khau-2025", cadre=cadre)
    if role and unit:
        RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user
