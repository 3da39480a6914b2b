"""Programmes, their periods, fields and approval decisions (Quyết định phê duyệt đợt N)."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from dotpha.accounts.access import has_role, units_visible_to
from dotpha.accounts.models import Role
from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS, WRITE_ERRORS
from dotpha.api.pagination import Pages
from dotpha.api.types import Day, Id, Number, RequiredText, ShortText, Title
from dotpha.core.errors import PermissionDeniedError
from dotpha.programmes import selectors, services
from dotpha.programmes.decision_register import decision_register
from dotpha.programmes.models import (
    Decision,
    DocumentKind,
    Grade,
    Period,
    PeriodKind,
    Programme,
    ReportCadence,
    TaskKind,
)
from dotpha.tasks.permissions import may_decide_tasks
from dotpha.tasks.selectors import tasks_visible_to
from dotpha.tasks.services import decision_approve_batch

router = Router()


class PeriodOut(Schema):
    id: int
    programme_id: int
    name: str
    kind: PeriodKind
    start_date: datetime.date
    end_date: datetime.date
    registration_opens: datetime.date | None = Field(description="Trống: theo chương trình.")
    registration_closes: datetime.date | None
    closed_at: datetime.datetime | None = Field(description="Kỳ đã khóa: chỉ Ban Tổ chức sửa, có ghi lý do.")


class ProgrammeOut(Schema):
    id: int
    number: str
    document_kind: DocumentKind
    title: str
    issued_on: datetime.date
    issuing_unit_id: int
    issuing_unit_name: str = Field(alias="issuing_unit.name")
    task_kinds: list[TaskKind]
    min_tasks_per_assignee: int
    max_tasks_per_assignee: int
    registration_opens: datetime.date
    registration_closes: datetime.date
    report_cadence: ReportCadence
    grades: list[Grade]
    periods: list[PeriodOut]


class ProgrammeIn(Schema):
    number: Number = Field(description="Số văn bản, ví dụ 30-QĐ/TU.")
    title: Title
    issued_on: Day
    issuing_unit_id: Id
    document_kind: DocumentKind = DocumentKind.REGULATION
    task_kinds: list[TaskKind] | None = Field(None, max_length=len(TaskKind.values))
    min_tasks_per_assignee: int = Field(1, ge=1, le=20)
    max_tasks_per_assignee: int = Field(5, ge=1, le=20)
    registration_opens: Day
    registration_closes: Day
    report_cadence: ReportCadence = ReportCadence.MONTHLY


class ProgrammeUpdateIn(Schema):
    """Only the fields sent change; the issuing unit never does (it decides who runs and approves)."""

    number: Number | None = None
    title: Title | None = None
    issued_on: Day | None = None
    document_kind: DocumentKind | None = None
    task_kinds: list[TaskKind] | None = Field(None, min_length=1, max_length=len(TaskKind.values))
    min_tasks_per_assignee: int | None = Field(None, ge=1, le=20)
    max_tasks_per_assignee: int | None = Field(None, ge=1, le=20)
    registration_opens: Day | None = None
    registration_closes: Day | None = None
    report_cadence: ReportCadence | None = None
    grades: list[Grade] | None = Field(None, min_length=1, max_length=len(Grade.values))


class PeriodReopenIn(Schema):
    reason: RequiredText = Field(description="Lý do mở lại, ghi vào nhật ký thay đổi của kỳ.")


class PeriodIn(Schema):
    name: Number = Field(description="Ví dụ: 2026; 2021–2025.")
    kind: PeriodKind = PeriodKind.YEAR
    start_date: Day
    end_date: Day
    registration_opens: Day | None = None
    registration_closes: Day | None = None


class FieldOut(Schema):
    id: int
    code: str
    name: str


class DecisionOut(Schema):
    id: int
    number: str
    title: str
    signed_on: datetime.date
    batch_number: int | None
    programme_id: int
    period_id: int
    issuing_unit_id: int
    issuing_unit_name: str = Field(alias="issuing_unit.name")
    signer_name: str = Field(description="Ủy viên Ban Thường vụ ký (T/M Ban Thường vụ).")
    signer_post: str
    amends_id: int | None = Field(description="Quyết định được sửa đổi, bổ sung bởi quyết định này.")
    locked_at: datetime.datetime | None = Field(
        alias="scan_uploaded_at",
        description="Lúc tải bản ký: từ đó danh sách việc của quyết định đã khóa.",
    )
    task_ids: list[int] = Field(description="Các việc được phê duyệt theo quyết định này.")
    # the decision register's counts (`decision_register`), the same the register page shows
    task_count: int = Field(description="Số việc được phê duyệt theo quyết định này.")
    cadre_count: int = Field(description="Số cán bộ được giao các việc đó (“N việc cho M cán bộ”).")
    unit_count: int = Field(description="Số tập thể (đơn vị) được giao các việc đó.")

    @staticmethod
    def resolve_task_ids(decision) -> list[int]:
        return sorted(task.pk for task in decision.tasks.all())


class DecisionFilter(Schema):
    programme_id: Id | None = None
    period_id: Id | None = None


class BatchApprovalIn(Schema):
    task_ids: list[Id] = Field(
        min_length=1, max_length=500, description="Các việc đã gửi, cùng chương trình và kỳ."
    )
    decision_id: Id | None = Field(
        None,
        description="Thêm các việc vào quyết định đang mở này (chưa có bản ký) thay vì tạo quyết định mới.",
    )
    number: ShortText = Field("", description="Số quyết định mới, ví dụ 125-QĐ/TU.")
    title: ShortText = Field("", description="Trống: “Quyết định phê duyệt đợt N”.")
    signed_on: Day | None = Field(
        None,
        description="Ngày ký quyết định mới, là ngày phê duyệt của các việc: không sau hôm nay, "
        "không trước ngày kỳ mở.",
    )
    batch_number: int | None = Field(None, ge=1, le=100)
    comment: ShortText = ""


class DecisionAmendIn(Schema):
    number: ShortText = Field(description="Số quyết định sửa đổi, ví dụ 140-QĐ/TU.")
    signed_on: Day = Field(
        description="Ngày ký: không trước ngày ký quyết định được sửa đổi, không sau hôm nay; là ngày phê "
        "duyệt của các việc phê duyệt theo quyết định này."
    )
    title: ShortText = Field("", description="Trống: “Sửa đổi, bổ sung Quyết định số …”.")
    signer_name: ShortText = ""
    signer_post: ShortText = ""


def _programmes(request: ApiRequest) -> QuerySet[Programme]:
    return selectors.programmes_visible_to(request.auth).prefetch_related(
        Prefetch("periods", queryset=Period.objects.order_by("-start_date"))
    )


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **ERRORS},
    operation_id="programme_list",
    summary="Chương trình",
)
@paginate(Pages)
def programme_list(request: ApiRequest):
    return _programmes(request).order_by("-issued_on", "number", "pk")


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **ERRORS},
    operation_id="programme_get",
    summary="Một chương trình",
)
def programme_get(request: ApiRequest, programme_id: Id):
    return get_object_or_404(_programmes(request), pk=programme_id)


@router.post(
    "/programmes",
    response={201: ProgrammeOut, **WRITE_ERRORS},
    operation_id="programme_create",
    summary="Ban hành chương trình",
)
def programme_create(request: ApiRequest, payload: ProgrammeIn):
    if not has_role(request.auth, Role.ORGANIZER):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức được tạo chương trình."))
    unit = get_object_or_404(units_visible_to(request.auth), pk=payload.issuing_unit_id)
    programme = services.programme_create(
        actor=request.auth,
        issuing_unit=unit,
        **payload.dict(exclude={"issuing_unit_id"}, exclude_none=True),
    )
    return Status(201, get_object_or_404(_programmes(request), pk=programme.pk))


@router.patch(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    operation_id="programme_update",
    summary="Sửa chương trình",
    description="Ban Tổ chức của đơn vị ban hành sửa; trường để trống hoặc null giữ nguyên.",
)
def programme_update(request: ApiRequest, programme_id: Id, payload: ProgrammeUpdateIn):
    programme = get_object_or_404(_programmes(request), pk=programme_id)
    services.programme_update(actor=request.auth, programme=programme, **payload.dict(exclude_none=True))
    return get_object_or_404(_programmes(request), pk=programme_id)


@router.post(
    "/programmes/{programme_id}/periods",
    response={201: PeriodOut, **WRITE_ERRORS},
    operation_id="period_create",
    summary="Thêm kỳ thực hiện",
)
def period_create(request: ApiRequest, programme_id: Id, payload: PeriodIn):
    programme = get_object_or_404(selectors.programmes_visible_to(request.auth), pk=programme_id)
    return Status(201, services.period_create(actor=request.auth, programme=programme, **payload.dict()))


@router.post(
    "/periods/{period_id}/close",
    response={200: PeriodOut, **WRITE_ERRORS},
    operation_id="period_close",
    summary="Khóa kỳ",
)
def period_close(request: ApiRequest, period_id: Id):
    return services.period_close(actor=request.auth, period=_visible_period(request, period_id))


@router.post(
    "/periods/{period_id}/reopen",
    response={200: PeriodOut, **WRITE_ERRORS},
    operation_id="period_reopen",
    summary="Mở lại kỳ đã khóa",
)
def period_reopen(request: ApiRequest, period_id: Id, payload: PeriodReopenIn):
    period = _visible_period(request, period_id)
    return services.period_reopen(actor=request.auth, period=period, reason=payload.reason)


def _visible_period(request: ApiRequest, period_id: int) -> Period:
    visible = selectors.programmes_visible_to(request.auth)
    return get_object_or_404(Period.objects.filter(programme__in=visible), pk=period_id)


@router.get(
    "/fields", response={200: list[FieldOut], **ERRORS}, operation_id="field_list", summary="Lĩnh vực"
)
def field_list(request: ApiRequest):
    return selectors.active_fields().order_by("rank", "name")


@router.get(
    "/decisions",
    response={200: list[DecisionOut], **ERRORS},
    operation_id="decision_list",
    summary="Quyết định phê duyệt",
)
@paginate(Pages)
def decision_list(request: ApiRequest, filters: Query[DecisionFilter]):
    qs = _decisions(request)
    if filters.programme_id is not None:
        qs = qs.filter(programme_id=filters.programme_id)
    if filters.period_id is not None:
        qs = qs.filter(period_id=filters.period_id)
    return qs.order_by("-signed_on", "-pk")


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **ERRORS},
    operation_id="decision_get",
    summary="Một quyết định",
)
def decision_get(request: ApiRequest, decision_id: Id):
    return get_object_or_404(_decisions(request), pk=decision_id)


def _decisions(request: ApiRequest) -> QuerySet[Decision]:
    """The decisions the caller may see, with the register's counts."""
    return decision_register(request.auth).prefetch_related("tasks")


@router.post(
    "/decisions",
    response={201: DecisionOut, **WRITE_ERRORS},
    operation_id="decision_approve_batch",
    url_name="decision_approve_batch",
    summary="Phê duyệt nhiều việc theo một quyết định",
    description="Tất cả hoặc không: một việc không phê duyệt được thì không việc nào được phê duyệt.",
)
def decision_approve_batch_op(request: ApiRequest, payload: BatchApprovalIn):
    if not may_decide_tasks(request.auth):
        raise PermissionDeniedError(
            _("Chỉ cấp phê duyệt và lãnh đạo đơn vị được ban hành quyết định phê duyệt.")
        )
    ids = list(dict.fromkeys(payload.task_ids))
    # A task the caller cannot see is not found, and is never named.
    if tasks_visible_to(request.auth).filter(pk__in=ids).count() != len(ids):
        raise Http404
    existing = (
        None
        if payload.decision_id is None
        else get_object_or_404(selectors.decisions_visible_to(request.auth), pk=payload.decision_id)
    )
    decision = decision_approve_batch(
        actor=request.auth,
        tasks=ids,
        decision=existing,
        number=payload.number,
        title=payload.title,
        signed_on=payload.signed_on,
        batch_number=payload.batch_number,
        comment=payload.comment,
    )
    return Status(201, _decisions(request).get(pk=decision.pk))


@router.post(
    "/decisions/{decision_id}/scan",
    response={200: DecisionOut, **WRITE_ERRORS},
    operation_id="decision_attach_scan",
    url_name="decision_attach_scan",
    summary="Tải bản ký của quyết định",
    description="Bản ký (PDF, tối đa 20 MB) do người phê duyệt của cơ quan ban hành tải lên, gửi dạng "
    "multipart/form-data (trường `scan`). Từ đó danh sách việc của quyết định được khóa: muốn thay đổi, "
    "ban hành quyết định sửa đổi, bổ sung quyết định này.",
)
def decision_attach_scan(request: ApiRequest, decision_id: Id, scan: File[UploadedFile]):
    visible = selectors.decisions_visible_to(request.auth)
    decision = get_object_or_404(visible, pk=decision_id)
    services.decision_attach_scan(actor=request.auth, decision=decision, file=scan)
    return _decisions(request).get(pk=decision_id)


@router.post(
    "/decisions/{decision_id}/amendments",
    response={201: DecisionOut, **WRITE_ERRORS},
    operation_id="decision_amend",
    url_name="decision_amend",
    summary="Ban hành quyết định sửa đổi, bổ sung",
    description="Chỉ quyết định đã có bản ký (danh sách việc đã khóa) mới được sửa đổi. Quyết định mới còn "
    "mở: phê duyệt việc theo quyết định này bằng `decision_id` của thao tác phê duyệt nhiều việc.",
)
def decision_amend(request: ApiRequest, decision_id: Id, payload: DecisionAmendIn):
    visible = selectors.decisions_visible_to(request.auth)
    decision = get_object_or_404(visible, pk=decision_id)
    amending = services.decision_amend(actor=request.auth, decision=decision, **payload.dict())
    return Status(201, _decisions(request).get(pk=amending.pk))
