"""The project's form renderer writes a <select> in Python: the page must get the same markup Django's own
templates write, for every kind of select the forms use."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from dotpha.core.form_renderer import FormRenderer


class Sample(forms.Form):
    single = forms.ChoiceField(
        choices=[("", "— Chọn —"), ("1", 'Sở <Tài chính> & "Kế hoạch"'), ("2", "Xã A")]
    )
    several = forms.MultipleChoiceField(
        choices=[("a", "Một"), ("b", "Hai"), ("c", "Ba")],
        widget=forms.SelectMultiple(attrs={"size": 5, "class": "form-select", "data-x": "y'z"}),
    )
    grouped = forms.ChoiceField(
        choices=[
            ("Cấp tỉnh", [("p1", "Sở Nội vụ"), ("p2", "Sở Y tế")]),
            ("Cấp xã", [("c1", "Xã Bình Minh")]),
        ],
        required=False,
    )
    marked = forms.ChoiceField(
        choices=[("s", mark_safe("Sở A &amp; B")), ("l", gettext_lazy("Tất cả")), (3, 3)], required=False
    )
    yes_no = forms.NullBooleanField()
    locked = forms.ChoiceField(choices=[("x", "X")], disabled=True)


def _rendered(renderer, data) -> dict[str, str]:
    form = Sample(data, renderer=renderer)
    form.is_valid()
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"single": "1", "several": ["a", "c"], "grouped": "p2", "yes_no": "true"},
        {"single": "9", "several": ["zz"], "yes_no": "false"},  # invalid: the errors' aria attributes
    ],
)
def test_every_select_is_the_markup_djangos_templates_write(data):
    ours = _rendered(FormRenderer(), data)
    django = _rendered(DjangoTemplates(), data)
    for name in Sample.base_fields:
        assert parse_html(ours[name]) == parse_html(django[name]), name
    assert "&lt;Tài chính&gt; &amp; &quot;Kế hoạch&quot;" in ours["single"]
    assert "<Tài" not in ours["single"]
    assert ">Sở A &amp; B</option>" in ours["marked"]  # marked safe: not escaped twice


def test_the_chosen_options_are_marked_selected():
    html = _rendered(FormRenderer(), {"single": "2", "several": ["a", "b"]})
    assert '<option value="2" selected>Xã A</option>' in html["single"]
    assert '<option value="a" selected>Một</option><option value="b" selected>Hai</option>' in html["several"]
    assert '<option value="c">Ba</option>' in html["several"]
    assert " multiple" in html["several"]


def test_the_project_renders_its_forms_with_it(settings):
    assert settings.FORM_RENDERER == "dotpha.core.form_renderer.FormRenderer"
    form = Sample()
    assert isinstance(form.renderer, FormRenderer)
    # every other widget is still rendered by Django's own template
    text = forms.TextInput(attrs={"class": "form-control"})
    assert text.render("q", "Sở <A>", renderer=FormRenderer()) == text.render(
        "q", "Sở <A>", renderer=DjangoTemplates()
    )


ATTACK = '"><script>alert(1)</script><option value="x'


class Hostile(forms.Form):
    """A name typed by a user lands in an option's label and value, an optgroup's label and an attribute."""

    plain = forms.ChoiceField(choices=[(ATTACK, ATTACK), ("ok", "Sở ' onmouseover='alert(1)")])
    grouped = forms.ChoiceField(choices=[(ATTACK, [("a", "A")])], required=False)


def test_hostile_text_in_values_labels_groups_and_attributes_stays_text():
    form = Hostile({"plain": ATTACK}, renderer=FormRenderer())
    form.fields["plain"].widget.attrs["data-note"] = ATTACK
    html = str(form["plain"]) + str(form["grouped"])
    assert "<script>" not in html and "onmouseover='" not in html
    assert html.count("<option") == 3 and html.count("<select") == 2  # no option or select injected
    escaped = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;option value=&quot;x"
    assert f'<option value="{escaped}" selected>{escaped}</option>' in html
    assert f'<optgroup label="{escaped}">' in html and f'data-note="{escaped}"' in html
    assert "Sở &#x27; onmouseover=&#x27;alert(1)" in html
    # the same markup Django's templates write from the same hostile input
    django = Hostile({"plain": ATTACK}, renderer=DjangoTemplates())
    django.fields["plain"].widget.attrs["data-note"] = ATTACK
    assert parse_html(html) == parse_html(str(django["plain"]) + str(django["grouped"]))
