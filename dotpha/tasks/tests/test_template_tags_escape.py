"""The tags that write a task's badges, assignee and look-alikes as HTML (`task_badges`, `lookalike_marks`)
mark their output safe: every text in it is what people typed (titles, names, periods, the address's query)
and must arrive escaped, markup and quotes alike."""

from django.template import Context, Template
from django.test import RequestFactory

from dotpha.org.models import Cadre, Unit
from dotpha.programmes.models import Period, RoutineDuty
from dotpha.tasks.lookalikes import Word
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.selectors.lookalikes import Lookalike, Relation, TaskLookalikes

HOSTILE = '<script>alert(1)</script>" onmouseover="x'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x"


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_an_assignee_cadre_or_collective_is_escaped_and_a_search_still_marked():
    cadre_task = Task(status=TaskStatus.APPROVED, assignee_cadre=Cadre(pk=7, full_name="Lê Văn " + HOSTILE))
    page = render("{% load task_badges %}{% assignee task q %}", task=cadre_task, q="văn")
    assert "<script>" not in page and 'onmouseover="' not in page
    assert ESCAPED in page and "<mark>Văn</mark>" in page
    unit_task = Task(status=TaskStatus.APPROVED, assignee_unit=Unit(pk=3, name="Xã " + HOSTILE))
    page = render("{% load task_badges %}{% assignee task %}", task=unit_task)
    assert "<script>" not in page and ESCAPED in page and "tập thể</span>" in page


def test_a_badge_writes_only_known_classes_and_escapes_an_unknown_state():
    page = render("{% load task_badges %}{% status_badge task %}", task=Task(status=TaskStatus.RETURNED))
    assert page == '<span class="badge text-bg-warning" data-status="returned">Trả lại để hoàn thiện</span>'
    page = render("{% load task_badges %}{% progress_badge state %}", state=HOSTILE)
    assert "<script>" not in page and f'data-progress="{ESCAPED}"' in page
    assert render("{% load task_badges %}{% progress_badge state %}", state="") == ""


def test_marked_words_escape_each_word_and_mark_only_the_differing_ones():
    words = [Word("<b>Số", False), Word(HOSTILE, True)]
    page = render("{% load lookalike_marks %}{{ words|marked_words }}", words=words)
    assert page == f"&lt;b&gt;Số <mark>{ESCAPED}</mark>"


def test_a_queued_tasks_look_alikes_escape_every_text_and_the_query():
    other = Task(
        pk=42,
        status=TaskStatus.APPROVED,
        period=Period(pk=1, name="2025 " + HOSTILE),
        assignee_cadre=Cadre(pk=7, full_name="Cán bộ " + HOSTILE),
    )
    found = TaskLookalikes(
        shown=[
            Lookalike(other, 90, Relation.SAME_UNIT, [Word(HOSTILE, True)]),
            Lookalike(None, 85, Relation.ROUTINE, [Word("Nhiệm vụ", False)], duty=RoutineDuty(pk=5)),
        ],
        dismissed=2,
    )
    request = RequestFactory().get("/tasks/approvals/", {"q": HOSTILE})
    page = render(
        "{% load lookalike_marks %}{% queue_lookalikes task found %}",
        task=Task(pk=9),
        found=found,
        request=request,
    )
    assert "<script>" not in page and 'onmouseover="' not in page
    assert page.count(ESCAPED) == 3  # the title, the period, the cadre
    # the query goes back into the button's address encoded, never as markup
    assert 'formaction="/tasks/9/lookalikes/dismiss/?q=%3Cscript%3Ealert%281%29' in page
    assert 'data-routine-duty="5"' in page and 'data-dismissed="2"' in page
    empty = render(
        "{% load lookalike_marks %}{% queue_lookalikes task found %}",
        task=Task(pk=9),
        found=TaskLookalikes(),
        request=request,
    )
    assert empty == ""
