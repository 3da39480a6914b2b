"""Issue 11, critical 2: a Word template is code the server runs. The attack as it was performed (a
commune organizer uploads `{{ cycler.__init__.__globals__.os.popen('id').read() }}`) is refused before
anything runs or is stored; the sandbox refuses it at render time too; and a commune's template never
changes the province's report."""

import datetime
import io
import os
import subprocess
import zipfile

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Unit
from dotpha.org.tests.factories import make_user
from dotpha.reports.exports import template_rules, word
from dotpha.reports.exports.docx_template import ANNUAL_REPORT
from dotpha.reports.models import ReportTemplate, TemplateKind
from dotpha.reports.report import report_context
from dotpha.reports.sample import sample_context
from dotpha.reports.services import report_template_upload

pytestmark = pytest.mark.django_db

ATTACK = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"


def _docx(*paragraphs: str, base: bool = False) -> bytes:
    """A Word file made in python-docx, as an office would type it: a blank document, or the default
    template with paragraphs added at the top."""
    document = docx.Document(str(ANNUAL_REPORT)) if base else docx.Document()
    for text in paragraphs:
        if base:
            document.paragraphs[0].insert_paragraph_before(text)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("mau.docx", data, content_type="application/octet-stream")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def no_process(monkeypatch):
    """Fails the test if anything tries to start a process."""
    spawned: list = []

    def refuse(*args, **kwargs):
        spawned.append(args)
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(os, "popen", refuse)
    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    return spawned


@pytest.fixture
def commune_organizer(world):
    return make_user("xa_tochuc", Role.ORGANIZER, world.commune)


def _stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_attack_template_is_refused_at_upload(
    world, client, commune_organizer, media, no_process, tmp_path
):
    marker = tmp_path / "ran"
    attack = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    client.force_login(commune_organizer)
    for text in (ATTACK, attack):
        response = client.post(
            reverse("reports:templates"), {"unit": world.commune.pk, "file": _upload(_docx(text))}
        )
        assert response.status_code == 200
        assert "Mẫu dùng biến không được phép: cycler" in response.text
    assert ReportTemplate.objects.count() == 0
    assert ReportTemplate.history.count() == 0  # type: ignore[attr-defined]
    assert _stored_files(media) == []
    assert not marker.exists() and no_process == []


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ cycler }}", "Mẫu dùng biến không được phép: cycler"),
        ("{{ ''.__class__ }}", "Mẫu dùng thuộc tính ẩn, không được phép: ''.__class__"),
        ("{{ f.__dict__ }}", "Mẫu dùng thuộc tính ẩn, không được phép: f.__dict__"),
        ("{{ heading['__class__'] }}", "Mẫu dùng thuộc tính ẩn, không được phép: heading[…]"),
        ("{{ heading._issuer }}", "Mẫu dùng thuộc tính ẩn, không được phép: heading._issuer"),
        ("{{ scope|attr('upper') }}", "Mẫu dùng bộ lọc không được phép: attr"),
        ("{{ scope|safe }}", "Mẫu dùng bộ lọc không được phép: safe"),
        ("{{ scope is callable }}", "Mẫu dùng phép thử không được phép: callable"),
        ("{{ heading.recipients.append }}", "Mẫu dùng thuộc tính không được phép: heading.recipients.append"),
        ("{{ scope.upper() }}", "Mẫu dùng thuộc tính không được phép: scope.upper"),
        ("{{ lipsum }}", "Mẫu dùng biến không được phép: lipsum"),
        ("{{ range(10) }}", "Mẫu dùng biến không được phép: range"),
        ("{% set x = scope %}", "Mẫu dùng thẻ không được phép: set"),
        ("{% include 'base.html' %}", "không được phép: include"),
        ("{% macro m() %}{% endmacro %}", "không được phép: macro"),
        ("{{ 'a' * 1000000000 }}", "Mẫu dùng phép nhân không được phép."),
        ("{{ 9 ** 9 ** 9 }}", "không được phép: **"),
        (
            "{% autoescape false %}{{ scope }}{% endautoescape %}",
            "không được phép: autoescape",
        ),
        ("{% filter upper %}{{ scope }}{% endfilter %}", "không được phép: filter"),
        ("{{ units|join(attribute='__class__') }}", "thuộc tính ẩn, không được phép: attribute='__class__'"),
        ("{{ units|join(attribute='label') }}{{ cycler }}", "biến không được phép: cycler"),
    ],
)
def test_templates_outside_the_allow_list_are_refused(world, commune_organizer, media, source, message):
    _assert_upload_refused(world, commune_organizer, media, source, message)


def _assert_upload_refused(world, organizer, media, source: str, message: str) -> None:
    """The commune organizer's upload of `source` is refused with `message`: no row, no history, no file."""
    with pytest.raises(ApplicationError) as caught:
        report_template_upload(
            actor=organizer,
            kind=TemplateKind.ANNUAL_REPORT,
            unit=world.commune,
            file=_upload(_docx(source, base=True)),
        )
    assert message in caught.value.message
    assert ReportTemplate.objects.count() == 0
    assert ReportTemplate.history.count() == 0  # type: ignore[attr-defined]
    assert _stored_files(media) == []


def test_a_refused_tag_in_a_header_or_the_document_properties_is_found():
    document = docx.Document(str(ANNUAL_REPORT))
    document.sections[0].header.paragraphs[0].text = "{{ cycler }}"
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(word.TemplateInvalid, match="cycler"):
        word.check_docx(out.getvalue())
    document = docx.Document(str(ANNUAL_REPORT))
    document.core_properties.title = "{{ joiner }}"
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(word.TemplateInvalid, match="joiner"):
        word.check_docx(out.getvalue())


def test_the_sandbox_refuses_what_the_allow_list_might_miss(monkeypatch, no_process):
    """Defence in depth: with the allow-list switched off, rendering still cannot reach Python."""
    monkeypatch.setattr(word, "check_source", lambda source: None)
    monkeypatch.setattr(template_rules, "check_tree", lambda tree: None)  # the sandbox's own check too
    with pytest.raises(word.TemplateInvalid):
        word.render_docx(_docx(ATTACK), sample_context(TemplateKind.ANNUAL_REPORT))
    with pytest.raises(word.TemplateInvalid):
        word.render_docx(_docx("{{ f.__class__.__mro__ }}"), sample_context(TemplateKind.ANNUAL_REPORT))
    assert no_process == []


def test_a_stored_template_from_before_the_check_is_refused_when_used(world, year, client, media, no_process):
    """A template uploaded before the allow-list existed is checked again before it is rendered."""
    organizer = world.users["organizer"]
    template = ReportTemplate(
        kind=TemplateKind.ANNUAL_REPORT, unit=world.province, original_name="cu.docx", uploaded_by=organizer
    )
    template.file.save("mau.docx", ContentFile(_docx(ATTACK)), save=True)
    client.force_login(organizer)
    response = client.get(reverse("reports:export", args=["report_docx"]), {"period": year.period.pk})
    assert response.status_code == 409
    assert "Mẫu dùng biến không được phép: cycler" in response.content.decode()
    assert no_process == []


def test_the_default_and_a_benign_edited_template_render(world, year, client, commune_organizer, media):
    # the default template passes the allow-list and renders
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:export", args=["report_docx"]), {"period": year.period.pk})
    assert response.status_code == 200
    assert "đã giao 244 việc" in _text(response.content)
    # an office's edit with filters, a condition and a loop is accepted and used
    edited = _docx(
        "MẪU XÃ: {{ scope|upper }} — {{ f.approved }} việc{% if party %} (Đảng){% endif %}",
        "{% for g in grades %}{{ loop.index }}. {{ g.label|default('') }}; {% endfor %}",
        base=True,
    )
    template = report_template_upload(
        actor=commune_organizer, kind=TemplateKind.ANNUAL_REPORT, unit=world.commune, file=_upload(edited)
    )
    assert template.unit == world.commune
    client.force_login(commune_organizer)
    response = client.get(
        reverse("reports:export", args=["report_docx"]), {"period": year.period.pk, "unit": world.commune.pk}
    )
    assert response.status_code == 200
    assert f"MẪU XÃ: {world.commune.name.upper()}" in _text(response.content)


def test_a_commune_template_never_changes_the_province_report(world, year, client, commune_organizer, media):
    province_before = client
    client.force_login(world.users["organizer"])
    before = _text(
        province_before.get(
            reverse("reports:export", args=["report_docx"]), {"period": year.period.pk}
        ).content
    )
    report_template_upload(
        actor=commune_organizer,
        kind=TemplateKind.ANNUAL_REPORT,
        unit=world.commune,
        file=_upload(_docx("MẪU RIÊNG CỦA XÃ", base=True)),
    )
    after = _text(
        client.get(reverse("reports:export", args=["report_docx"]), {"period": year.period.pk}).content
    )
    assert "MẪU RIÊNG CỦA XÃ" not in after and after == before
    assert "I. KẾT QUẢ THỰC HIỆN" in after
    # the commune's own report uses it
    commune = client.get(
        reverse("reports:export", args=["report_docx"]), {"period": year.period.pk, "unit": world.commune.pk}
    )
    assert "MẪU RIÊNG CỦA XÃ" in _text(commune.content)


def _template_unit(unit):
    """The unit whose template a report of `unit` uses (None: the default file)."""
    template = word.current_template(TemplateKind.ANNUAL_REPORT, unit)
    return template.unit if template else None


def test_a_province_template_applies_below_until_a_unit_has_its_own(world, year, commune_organizer, media):
    report_template_upload(
        actor=world.users["organizer"],
        kind=TemplateKind.ANNUAL_REPORT,
        unit=world.province,
        file=_upload(_docx("MẪU TỈNH", base=True)),
    )
    assert _template_unit(world.commune) == world.province
    assert _template_unit(world.finance) == world.province
    report_template_upload(
        actor=commune_organizer,
        kind=TemplateKind.ANNUAL_REPORT,
        unit=world.commune,
        file=_upload(_docx("MẪU XÃ", base=True)),
    )
    assert _template_unit(world.commune) == world.commune
    assert _template_unit(world.province) == world.province
    assert _template_unit(world.other_commune) == world.province


def test_a_commune_organizer_cannot_upload_for_the_province(world, client, commune_organizer, media):
    with pytest.raises(PermissionDeniedError):
        report_template_upload(
            actor=commune_organizer,
            kind=TemplateKind.ANNUAL_REPORT,
            unit=world.province,
            file=_upload(ANNUAL_REPORT.read_bytes()),
        )
    client.force_login(commune_organizer)
    response = client.post(
        reverse("reports:templates"), {"unit": world.province.pk, "file": _upload(ANNUAL_REPORT.read_bytes())}
    )
    assert response.status_code == 200 and "Hãy chọn" in response.text  # not one of the offered units
    assert ReportTemplate.objects.count() == 0 and _stored_files(media) == []


def test_the_template_page_and_files_are_scoped(world, client, commune_organizer, media):
    province_template = report_template_upload(
        actor=world.users["organizer"],
        kind=TemplateKind.ANNUAL_REPORT,
        unit=world.province,
        file=_upload(_docx("MẪU TỈNH", base=True)),
    )
    ward_template = report_template_upload(
        actor=make_user("phuong_tochuc", Role.ORGANIZER, world.other_commune),
        kind=TemplateKind.ANNUAL_REPORT,
        unit=world.other_commune,
        file=_upload(_docx("MẪU PHƯỜNG", base=True)),
    )
    client.force_login(commune_organizer)
    page = client.get(reverse("reports:templates")).text
    # another unit's uploads are not listed; the template the commune uses is the province's, named so
    assert f'data-template="{ward_template.pk}"' not in page
    assert f'data-template="{province_template.pk}"' not in page
    assert "của Tỉnh Thử Nghiệm" in page
    # the template in use can be downloaded to edit; another commune's cannot
    assert client.get(reverse("reports:template_file", args=[province_template.pk])).status_code == 200
    assert client.get(reverse("reports:template_file", args=[ward_template.pk])).status_code == 404


def test_the_allow_list_names_exactly_the_report_context(world, year):
    from dotpha.reports.exports.catalogue import parse_stats

    parsed = parse_stats(world.users["organizer"], {"period": str(year.period.pk)})
    context = report_context(
        world.users["organizer"], parsed.root, parsed.filter, parsed.heading, today=datetime.date(2026, 1, 1)
    )
    assert set(context) == template_rules.CONTEXT_NAMES == set(sample_context(TemplateKind.ANNUAL_REPORT))


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_zip({"hello.txt": b"not word"}), "Không đọc được tệp mẫu Word."),
        (_zip({"word/document.xml": b"\0" * (51 * 1024 * 1024)}), "giải nén ra quá lớn"),
    ],
)
def test_a_broken_or_bombed_docx_is_refused_with_a_message(world, media, data, message):
    with pytest.raises(ApplicationError) as caught:
        report_template_upload(
            actor=world.users["organizer"],
            kind=TemplateKind.ANNUAL_REPORT,
            unit=world.province,
            file=_upload(data),
        )
    assert message in caught.value.message
    assert ReportTemplate.objects.count() == 0 and _stored_files(media) == []


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _footnotes_xml(text: str) -> bytes:
    return (
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    ).encode()


def _with_footnotes(text: str, *, partname: str, from_package: bool, sections: int = 1) -> bytes:
    """The default template with a part of the footnotes type, as Word writes it (`/word/footnotes.xml`,
    linked from the document) or hidden (`/word/evil.xml`, linked only from the package's own rels)."""
    document = docx.Document(str(ANNUAL_REPORT))
    for _ in range(sections - 1):
        document.add_section()
    package = document.part.package
    part = Part(PackURI(partname), template_rules.FOOTNOTES_TYPE, _footnotes_xml(text), package)
    if from_package:
        package.relate_to(part, "http://example.com/relationships/evil")
    else:
        document.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HIDDEN_FOOTNOTE = "{{ lipsum(n=3) }}{% for a in range(3) %}X{% endfor %}{{ cycler }}"


def test_a_footnotes_part_hidden_in_the_package_is_checked_and_refused(world, commune_organizer, media):
    """C1: docxtpl renders every part of the footnotes type, wherever it is linked from."""
    data = _with_footnotes(HIDDEN_FOOTNOTE, partname="/word/evil.xml", from_package=True)
    with pytest.raises(ApplicationError) as caught:
        report_template_upload(
            actor=commune_organizer, kind=TemplateKind.ANNUAL_REPORT, unit=world.commune, file=_upload(data)
        )
    assert "Mẫu dùng biến không được phép: lipsum" in caught.value.message
    assert ReportTemplate.objects.count() == 0 and _stored_files(media) == []


def test_a_part_the_checker_did_not_list_is_refused_when_rendered(monkeypatch, no_process):
    """C1, defence: the sandbox checks every source it compiles, so a part `template_sources` misses is
    refused rather than run."""
    data = _with_footnotes("{{ lipsum(n=3) }}", partname="/word/evil.xml", from_package=True)
    monkeypatch.setattr(template_rules.ReportDocxTemplate, "footnote_parts", lambda self: [])
    word.check_docx(data)  # the checker, blinded, sees nothing wrong
    monkeypatch.undo()
    monkeypatch.setattr(word, "check_docx", lambda template: None)
    with pytest.raises(word.TemplateInvalid, match="lipsum"):
        word.render_docx(data, sample_context(TemplateKind.ANNUAL_REPORT))
    assert no_process == []


def test_a_name_typed_by_a_user_is_printed_never_run(world, year, client, commune_organizer, media):
    """C2: docxtpl rendered footnotes once per section, each pass over the last one's output, so a unit
    named `{{ 7*7 }}` ran as Jinja in the second pass. Now the name comes out as typed."""
    typed = "Xã {{ 7*7 }} {{ lipsum(n=1)[:60] }}"
    Unit.objects.filter(pk=world.commune.pk).update(name=typed)
    template = _with_footnotes(
        "[{{ scope }}]", partname="/word/footnotes.xml", from_package=False, sections=3
    )
    report_template_upload(
        actor=commune_organizer, kind=TemplateKind.ANNUAL_REPORT, unit=world.commune, file=_upload(template)
    )
    client.force_login(commune_organizer)
    response = client.get(
        reverse("reports:export", args=["report_docx"]), {"period": year.period.pk, "unit": world.commune.pk}
    )
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        footnotes = archive.read("word/footnotes.xml").decode()
    assert f"[{typed}]" in footnotes
    assert "49" not in footnotes and "Lorem" not in footnotes


TEN = "[1,2,3,4,5,6,7,8,9,10]"
GROWS = "|replace('', 'aaaaaaaaaa')"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        # C3: a key computed at run time reaches any attribute
        (
            "{% for r in units %}{{ heading[r.label] }}{% endfor %}",
            "Mẫu dùng chỉ số không được phép (chỉ được dùng số): heading[…]",
        ),
        ("{{ heading[heading.title] }}", "Mẫu dùng chỉ số không được phép (chỉ được dùng số): heading[…]"),
        ("{{ heading['title'] }}", "Mẫu dùng chỉ số không được phép (chỉ được dùng số): heading[…]"),
        (
            "{% for k in ['__class__', 'format'] %}{{ heading[k] }}{% endfor %}",
            "Mẫu chỉ được lặp trên dữ liệu của báo cáo, không lặp trên: […]",
        ),
        # S1: output growing ×11 per filter, loops multiplying, nesting, Jinja's globals
        ("{{ heading.title" + GROWS * 3 + " }}", "Mẫu dùng bộ lọc không được phép: replace"),
        (
            f"{{% for a in {TEN} %}}{{% for b in {TEN} %}}x{{% endfor %}}{{% endfor %}}",
            "Mẫu chỉ được lặp trên dữ liệu của báo cáo, không lặp trên: […]",
        ),
        ("{% for c in heading.title|upper %}x{% endfor %}", "không lặp trên: …|upper"),
        (
            "{% for g in grades %}{% for t in g.tasks %}{% for c in t.title %}x{% endfor %}"
            "{% endfor %}{% endfor %}",
            "Mẫu lồng quá 2 vòng lặp for.",
        ),
        (
            "{{ heading.title" + "|join('aaaaaaaaaa')" * 3 + " }}",
            "Mẫu chỉ được dùng bộ lọc join trên dữ liệu của báo cáo.",
        ),
        ("{{ heading.title|join(heading.title) }}", "Bộ lọc join chỉ được dùng dấu nối viết sẵn trong mẫu"),
        ("{{ (heading.title ~ scope)|join('aaaaaaaaaa') }}", "join trên dữ liệu của báo cáo"),
        (
            "{% for g in grades %}{{ 'aaaaaaaaaa' * loop.length * loop.length }}{% endfor %}",
            "Mẫu dùng phép nhân không được phép.",
        ),
        ("{{ namespace }}", "Mẫu dùng biến không được phép: namespace"),
        ("{{ dict }}", "Mẫu dùng biến không được phép: dict"),
        ("{{ joiner }}", "Mẫu dùng biến không được phép: joiner"),
    ],
)
def test_computed_keys_and_costly_templates_are_refused(world, commune_organizer, media, source, message):
    _assert_upload_refused(world, commune_organizer, media, source, message)


@pytest.mark.parametrize(
    "source",
    ["{{ lipsum() }}", "{{ range(3) }}", "{{ cycler }}", "{{ scope.upper }}", "{{ heading.title.format }}"],
)
def test_the_sandbox_alone_has_no_globals_and_reads_only_listed_attributes(monkeypatch, no_process, source):
    """S1: with the allow-list switched off entirely, the sandbox still has no `lipsum`, `range`,
    `cycler`, and reads no attribute outside the list (a strict undefined fails the render)."""
    monkeypatch.setattr(template_rules, "check_tree", lambda tree: None)
    monkeypatch.setattr(word, "check_source", lambda source: None)
    with pytest.raises(word.TemplateInvalid):
        word.render_docx(_docx(source), sample_context(TemplateKind.ANNUAL_REPORT))
    assert no_process == []


def test_the_form_offers_exactly_the_units_the_organizer_may_upload_for(world, commune_organizer):
    """One rule for "the units the user organizes": the form's choices are the units the upload allows
    (the commune and the commune merged into it), and nothing the upload refuses."""
    from dotpha.reports.forms import TemplateUploadForm
    from dotpha.reports.permissions import can_upload_template

    offered = set(TemplateUploadForm(user=commune_organizer).fields["unit"].queryset)  # type: ignore[attr-defined]
    assert offered == {world.commune, world.old_commune}
    for unit in Unit.objects.all():
        allowed = can_upload_template(commune_organizer, unit)
        assert allowed == any(unit.path.startswith(u.path) for u in offered), unit
    assert not can_upload_template(commune_organizer, world.province)
    assert not can_upload_template(commune_organizer, world.other_commune)
