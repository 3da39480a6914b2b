"""The report as PDF: the same context as the Word file, laid out by an HTML template and WeasyPrint.
Times New Roman is asked for first; on Linux servers fonts-liberation2's Liberation Serif (same metrics)
takes its place. The page is self-contained: WeasyPrint may fetch nothing (no protocol is allowed)."""

import os

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

PDF_TYPE = "application/pdf"

# The font subsets WeasyPrint embeds (through fontTools) carry the time they were made, so the same report
# would differ byte for byte from one second to the next; fontTools takes that time from SOURCE_DATE_EPOCH
# when it is set (the reproducible-builds convention). A closed period's report must come out identical.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1735689600")  # 01/01/2025


def render_pdf(context: dict, *, template: str = "reports/pdf/annual_report.html") -> bytes:
    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
