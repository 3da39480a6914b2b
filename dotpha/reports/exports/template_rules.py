"""What Jinja an uploaded Word template may contain. A template is code that the server runs, so it is
checked against an allow-list before it is stored and again before it is rendered: only the documented
report variables (`dotpha.reports.report.report_context`) and their documented attributes, a few
formatting filters and tests, `if` and `for`. No calls, no `set`/`macro`/`include`, no attribute that
starts with an underscore, subscripts by a written number only, loops only over the report's data and at
most two deep, so a template's cost stays proportional to the data. Rendering itself runs in a sandbox
without Jinja's globals that checks every source it compiles and reads only the listed attributes
(`ReportSandbox`), so a gap in this list still cannot reach Python's internals."""

import dataclasses
import io

from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from dotpha.reports.annexes import Group, TaskLine
from dotpha.reports.heading import Heading
from dotpha.reports.report import AnnexNote, AnnexRow
from dotpha.reports.selectors import RATES, Figures

# The top-level names of the report's context; a test keeps this equal to report_context's keys.
CONTEXT_NAMES = frozenset(
    {
        "heading",
        "motto1",
        "motto2",
        "party",
        "year",
        "scope",
        "filters",
        "f",
        "units",
        "unit_columns",
        "fields",
        "grades",
        "cadres",
        "cadre_columns",
        "grade_columns",
        "sections",
        "monitoring",
        "generated_on",
        "snapshot",
        "annex",
    }
)


def _public_names(cls: type) -> set[str]:
    names = {f.name for f in dataclasses.fields(cls)}
    names |= {name for name, value in vars(cls).items() if isinstance(value, property)}
    return names


def _figure_names() -> set[str]:
    return {f.name for f in dataclasses.fields(Figures)} | {"evaluated", "finished"} | {n for n, _ in RATES}


# The attributes (and string keys) of the documented context objects: the heading, the annex rows, the
# groups and their task lines, the figures `f`, the extra sections (monitoring: paragraphs, rows of
# label/value), the note on the Excel annex (`annex`), and the `loop` of a for loop (docxtpl's merged
# cells use loop.first and loop.length).
ATTRIBUTE_NAMES = frozenset(
    _public_names(Heading)
    | _public_names(AnnexRow)
    | _public_names(AnnexNote)
    | _public_names(Group)
    | _public_names(TaskLine)
    | _figure_names()
    | {"monitoring", "paragraphs", "rows", "label", "value"}
    | {"taken_on", "hash"}
    | {"index", "index0", "revindex", "revindex0", "first", "last", "length"}
)

FILTERS = frozenset(
    {
        "capitalize",
        "count",
        "d",
        "default",
        "e",
        "escape",
        "first",
        "int",
        "join",
        "last",
        "length",
        "lower",
        "round",
        "string",
        "title",
        "trim",
        "truncate",
        "upper",
        "wordcount",
    }
)
TESTS = frozenset(
    {
        "defined",
        "undefined",
        "none",
        "number",
        "string",
        "even",
        "odd",
        "divisibleby",
        "in",
        "eq",
        "ne",
        "lt",
        "le",
        "gt",
        "ge",
        "true",
        "false",
    }
)

# The node types a template may be made of; anything else (calls, set, macro, include, import, with,
# dict literals, power...) is refused by its type.
_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Const,
    nodes.Name,
    nodes.Getattr,
    nodes.Getitem,
    nodes.If,
    nodes.For,
    nodes.CondExpr,
    nodes.Filter,
    nodes.Test,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Pos,
    nodes.Add,
    nodes.Sub,
    nodes.Concat,
    nodes.Tuple,
    nodes.List,
    nodes.Keyword,
    nodes.Mul,
)


# the refused node types by the tag or operator the office typed, for the message
_TAG_NAMES: dict[type[nodes.Node], str] = {
    nodes.ScopedEvalContextModifier: "autoescape",
    nodes.EvalContextModifier: "autoescape",
    nodes.FilterBlock: "filter",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
    nodes.Block: "block",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.With: "with",
    nodes.Pow: "**",
    nodes.Div: "/",
    nodes.FloorDiv: "//",
    nodes.Mod: "%",
    nodes.Dict: "{…}",
    nodes.Slice: "[…:…]",
}


# loops nest at most this deep (the default template's annexes: groups, then their tasks); with loops
# only over the report's data, a template's cost stays proportional to the data it shows
MAX_LOOP_DEPTH = 2


class TemplateRefused(Exception):
    """The template uses something outside the allow-list; the message names it, in Vietnamese."""


class ReportSandbox(ImmutableSandboxedEnvironment):
    """The environment every Word template renders in: sandboxed, strict, autoescaped, without Jinja's
    globals (range, lipsum, cycler, joiner, namespace, dict), with only the allowed filters and tests, and
    reading only the allow-listed attributes at run time too. Every source it compiles passes the
    allow-list first, so a part of the .docx that `template_sources` did not list is refused, not run."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self.globals.clear()
        self.filters = {name: f for name, f in self.filters.items() if name in FILTERS}
        self.tests = {name: t for name, t in self.tests.items() if name in TESTS}

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        return attr in ATTRIBUTE_NAMES and super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value):
        # Jinja hands out a sandboxed `str.format` without asking is_safe_attribute; reports need none
        return None

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        check_tree(tree)
        return tree


def sandbox() -> ReportSandbox:
    return ReportSandbox()


FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


class ReportDocxTemplate(DocxTemplate):
    """docxtpl 0.20.2, with its footnotes rendered once. docxtpl renders every footnotes part of the
    package once per section, each pass over the previous pass's output: the second pass would run the
    names users typed (a unit called `{{ lipsum() }}`) as Jinja. Here each part renders once, from its
    original source."""

    def footnote_parts(self) -> list:
        # exactly docxtpl's selection (render_footnotes): every part of the package of this type
        self.init_docx(reload=False)
        return [part for part in self.docx.part.package.parts if part.content_type == FOOTNOTES_TYPE]

    @staticmethod
    def footnote_xml(part) -> str:
        return part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob

    def render_footnotes(self, context, jinja_env=None) -> None:
        for part in self.footnote_parts():
            xml = self.patch_xml(self.footnote_xml(part))
            part._blob = self.render_xml_part(xml, part, context, jinja_env).encode("utf-8")

    def sources(self) -> list[str]:
        """The Jinja sources `render` compiles, selected and patched as docxtpl does: the body, the
        headers and footers the document links to, the document properties and every footnotes part."""
        self.init_docx(reload=False)
        sources = [self.patch_xml(self.get_xml())]
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            sources += [self.patch_xml(self.get_part_xml(part)) for _, part in self.get_headers_footers(uri)]
        sources += [getattr(self.docx.core_properties, name) or "" for name in PROPERTIES]
        sources += [self.patch_xml(self.footnote_xml(part)) for part in self.footnote_parts()]
        return sources


def template_sources(data: bytes) -> list[str]:
    """The Jinja sources docxtpl renders from a .docx (see ReportDocxTemplate.sources)."""
    return ReportDocxTemplate(io.BytesIO(data)).sources()


def _shown(node: nodes.Node) -> str:
    """The offending tag as the user typed it, near enough to find it in Word."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_shown(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_shown(node.node)}[…]"
    if isinstance(node, nodes.Call):
        return f"{_shown(node.node)}(…)"
    if isinstance(node, nodes.Keyword):
        return f"{node.key}={_shown(node.value)}"
    if isinstance(node, nodes.List | nodes.Tuple):
        return "[…]"
    if isinstance(node, nodes.Filter):
        return f"…|{node.name}"
    return type(node).__name__


def _is_data(node: nodes.Node) -> bool:
    """A name of the context or a loop, or an attribute or item of one: what a loop may run over."""
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        node = node.node
    return isinstance(node, nodes.Name)


def _check_node(node: nodes.Node, local_names: set[str], depth: int = 0) -> None:
    """Children first, so the message names the innermost offender (`cycler`, not the call around it)."""
    if isinstance(node, nodes.For):
        _check_node(node.iter, local_names, depth)
        if not _is_data(node.iter):
            # a list literal or a filtered string: ten such loops nested would run 10ⁿ times
            raise TemplateRefused(
                _("Mẫu chỉ được lặp trên dữ liệu của báo cáo, không lặp trên: %(expression)s")
                % {"expression": _shown(node.iter)}
            )
        if depth + 1 > MAX_LOOP_DEPTH:
            raise TemplateRefused(
                _("Mẫu lồng quá %(max_loop_depth)s vòng lặp for.") % {"max_loop_depth": MAX_LOOP_DEPTH}
            )
        targets = [node.target, *node.target.find_all(nodes.Name)]  # find_all skips the node itself
        inner = local_names | {"loop"} | {n.name for n in targets if isinstance(n, nodes.Name)}
        for child in node.body:
            _check_node(child, inner, depth + 1)
        for child in node.else_:
            _check_node(child, local_names, depth)
        if node.test is not None:
            _check_node(node.test, inner, depth + 1)
    else:
        for child in node.iter_child_nodes():
            _check_node(child, local_names, depth)
    _check_one(node, local_names)


def _check_one(node: nodes.Node, local_names: set[str]) -> None:
    if not isinstance(node, _ALLOWED_NODES):
        if isinstance(node, nodes.Call):
            raise TemplateRefused(
                _("Mẫu gọi hàm, không được phép: %(expression)s") % {"expression": _shown(node)}
            )
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            raise TemplateRefused(_("Mẫu dùng thẻ không được phép: set"))
        tag = _TAG_NAMES.get(type(node), type(node).__name__.lower())
        raise TemplateRefused(_("Mẫu dùng thẻ hoặc phép tính không được phép: %(tag)s") % {"tag": tag})
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in CONTEXT_NAMES | local_names:
        raise TemplateRefused(_("Mẫu dùng biến không được phép: %(name)s") % {"name": node.name})
    if isinstance(node, nodes.Getattr):
        _check_attribute(node.attr, node)
    if isinstance(node, nodes.Getitem):
        # only a number written in the template (`r.cells[3]`): a key computed from a variable or a
        # loop over names would reach any attribute (`heading[k]` with k = '__class__')
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            _check_attribute(arg.value, node)
        if isinstance(arg, nodes.Neg):
            arg = arg.node
        if not (isinstance(arg, nodes.Const) and type(arg.value) is int):
            raise TemplateRefused(
                _("Mẫu dùng chỉ số không được phép (chỉ được dùng số): %(expression)s")
                % {"expression": _shown(node)}
            )
    if isinstance(node, nodes.Filter) and node.name not in FILTERS:
        raise TemplateRefused(_("Mẫu dùng bộ lọc không được phép: %(name)s") % {"name": node.name})
    if isinstance(node, nodes.Filter) and node.name == "join":
        # join repeats its separator between every item (every letter of a string): chained, or with a
        # computed separator, the output multiplies at each step; on the report's data with a written
        # separator it stays proportional to the data
        if node.node is None or not _is_data(node.node):
            raise TemplateRefused(_("Mẫu chỉ được dùng bộ lọc join trên dữ liệu của báo cáo."))
        if not all(isinstance(arg, nodes.Const) and isinstance(arg.value, str) for arg in node.args):
            raise TemplateRefused(
                _("Bộ lọc join chỉ được dùng dấu nối viết sẵn trong mẫu, ví dụ join(', ').")
            )
    if isinstance(node, nodes.Keyword) and node.key == "attribute":
        # join(attribute="…") reads an attribute by name: the same rules as a dot
        if not (isinstance(node.value, nodes.Const) and isinstance(node.value.value, str)):
            raise TemplateRefused(_("Mẫu dùng thuộc tính không được phép: attribute=…"))
        _check_attribute(node.value.value, node)
    if isinstance(node, nodes.Test) and node.name not in TESTS:
        raise TemplateRefused(_("Mẫu dùng phép thử không được phép: %(name)s") % {"name": node.name})
    if isinstance(node, nodes.Mul):
        # only docxtpl's merged cells ({% hm %}) multiply: a number written in the cell times loop.length.
        # A string times a huge number would fill the memory; a product of products grows as a power.
        left, right = node.left, node.right
        if not (isinstance(right, nodes.Getattr) and right.attr == "length") or not (
            isinstance(left, nodes.Const) and type(left.value) is int
        ):
            raise TemplateRefused(_("Mẫu dùng phép nhân không được phép."))


def _check_attribute(name: str, node: nodes.Node) -> None:
    if name.startswith("_"):
        raise TemplateRefused(
            _("Mẫu dùng thuộc tính ẩn, không được phép: %(expression)s") % {"expression": _shown(node)}
        )
    if name not in ATTRIBUTE_NAMES:
        raise TemplateRefused(
            _("Mẫu dùng thuộc tính không được phép: %(expression)s") % {"expression": _shown(node)}
        )


def check_tree(tree: nodes.Template) -> None:
    """Raises TemplateRefused when the parsed template uses anything outside the allow-list."""
    _check_node(tree, set())


def check_source(source: str) -> None:
    """Raises TemplateRefused when `source` uses anything outside the allow-list (ReportSandbox checks
    every source it parses)."""
    try:
        sandbox().parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(
            _("Mẫu có thẻ viết sai (dòng %(lineno)s): %(message)s")
            % {"lineno": exc.lineno, "message": exc.message}
        ) from exc
