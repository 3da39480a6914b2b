"""What Jinja an uploaded Word template may contain. A template is code that the server runs, so it is
checked against an allow-list before it is stored and again before it is rendered: only the documented
report variables (`dotpha.reports.report.report_context`) and their documented attributes, a few
formatting filters and tests, `if` and `for`. No calls, no `set`/`macro`/`include`, no attribute that
starts with an underscore. Rendering itself runs in Jinja's immutable sandbox (see `word.py`), so a
gap in this list still cannot reach Python's internals."""

import dataclasses
import io

from docx import Document
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from dotpha.reports.annexes import Group, TaskLine
from dotpha.reports.heading import Heading
from dotpha.reports.report import AnnexRow
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
# label/value), and the `loop` of a for loop (docxtpl's merged cells use loop.first and loop.length).
ATTRIBUTE_NAMES = frozenset(
    _public_names(Heading)
    | _public_names(AnnexRow)
    | _public_names(Group)
    | _public_names(TaskLine)
    | _figure_names()
    | {"monitoring", "paragraphs", "rows", "label", "value"}
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
        "replace",
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


class TemplateRefused(Exception):
    """The template uses something outside the allow-list; the message names it, in Vietnamese."""


def sandbox() -> ImmutableSandboxedEnvironment:
    """The environment every Word template renders in: sandboxed, strict, autoescaped."""
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def template_sources(data: bytes) -> list[str]:
    """The Jinja sources docxtpl renders from a .docx: the body, headers, footers, footnotes (as docxtpl
    patches them) and the document properties."""
    tpl = DocxTemplate(io.BytesIO(data))
    doc = Document(io.BytesIO(data))
    sources = [tpl.patch_xml(tpl.xml_to_string(doc._element.body))]
    for rel in doc.part.rels.values():
        if rel.is_external:
            continue
        part = rel.target_part
        content_type = getattr(part, "content_type", "")
        if rel.reltype in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI) or content_type.endswith(
            "footnotes+xml"
        ):
            sources.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(part.blob))))
    props = doc.core_properties
    sources += [
        getattr(props, name) or ""
        for name in ("author", "comments", "identifier", "language", "subject", "title")
    ]
    return sources


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
    return type(node).__name__


def _check_node(node: nodes.Node, local_names: set[str]) -> None:
    """Children first, so the message names the innermost offender (`cycler`, not the call around it)."""
    if isinstance(node, nodes.For):
        _check_node(node.iter, local_names)
        targets = [node.target, *node.target.find_all(nodes.Name)]  # find_all skips the node itself
        inner = local_names | {"loop"} | {n.name for n in targets if isinstance(n, nodes.Name)}
        for child in node.body:
            _check_node(child, inner)
        for child in node.else_:
            _check_node(child, local_names)
        if node.test is not None:
            _check_node(node.test, inner)
    else:
        for child in node.iter_child_nodes():
            _check_node(child, local_names)
    _check_one(node, local_names)


def _check_one(node: nodes.Node, local_names: set[str]) -> None:
    if not isinstance(node, _ALLOWED_NODES):
        if isinstance(node, nodes.Call):
            raise TemplateRefused(f"Mẫu gọi hàm, không được phép: {_shown(node)}")
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            raise TemplateRefused("Mẫu dùng thẻ không được phép: set")
        tag = _TAG_NAMES.get(type(node), type(node).__name__.lower())
        raise TemplateRefused(f"Mẫu dùng thẻ hoặc phép tính không được phép: {tag}")
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in CONTEXT_NAMES | local_names:
        raise TemplateRefused(f"Mẫu dùng biến không được phép: {node.name}")
    if isinstance(node, nodes.Getattr):
        _check_attribute(node.attr, node)
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            _check_attribute(arg.value, node)
        elif not (isinstance(arg, nodes.Const) and isinstance(arg.value, int)) and not isinstance(
            arg, nodes.Name | nodes.Getattr
        ):
            raise TemplateRefused(f"Mẫu dùng chỉ số không được phép: {_shown(node)}")
    if isinstance(node, nodes.Filter) and node.name not in FILTERS:
        raise TemplateRefused(f"Mẫu dùng bộ lọc không được phép: {node.name}")
    if isinstance(node, nodes.Keyword) and node.key == "attribute":
        # join(attribute="…") reads an attribute by name: the same rules as a dot
        if not (isinstance(node.value, nodes.Const) and isinstance(node.value.value, str)):
            raise TemplateRefused("Mẫu dùng thuộc tính không được phép: attribute=…")
        _check_attribute(node.value.value, node)
    if isinstance(node, nodes.Test) and node.name not in TESTS:
        raise TemplateRefused(f"Mẫu dùng phép thử không được phép: {node.name}")
    if isinstance(node, nodes.Mul):
        # only docxtpl's merged cells ({% hm %}) multiply, by loop.length; a string times a huge number
        # would fill the memory
        right = node.right
        if not (isinstance(right, nodes.Getattr) and right.attr == "length"):
            raise TemplateRefused("Mẫu dùng phép nhân không được phép.")


def _check_attribute(name: str, node: nodes.Node) -> None:
    if name.startswith("_"):
        raise TemplateRefused(f"Mẫu dùng thuộc tính ẩn, không được phép: {_shown(node)}")
    if name not in ATTRIBUTE_NAMES:
        raise TemplateRefused(f"Mẫu dùng thuộc tính không được phép: {_shown(node)}")


def check_source(source: str) -> None:
    """Raises TemplateRefused when `source` uses anything outside the allow-list."""
    try:
        tree = sandbox().parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(f"Mẫu có thẻ viết sai (dòng {exc.lineno}): {exc.message}") from exc
    _check_node(tree, set())
