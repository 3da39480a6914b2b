"""A unit whose name holds markup, as a province's administrator could type it, is shown as text in the
task list's unit filter: the page's picker is written by the project's renderer."""

import pytest
from django.urls import reverse

from dotpha.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db

NAME = 'Sở <script>alert("x")</script> & "Kế hoạch"'


def test_a_unit_name_with_markup_is_text_in_the_filter(client, world):
    unit = make_unit(world.province, NAME, "P-HOSTILE")
    client.force_login(world.users["organizer"])
    page = client.get(reverse("tasks:list"))
    assert page.status_code == 200
    assert "<script>alert(" not in page.text
    escaped = "Sở &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Kế hoạch&quot;"
    assert f'<option value="{unit.pk}">{escaped}</option>' in page.text
