"""The report as PDF: the same context as the Word file, laid out by an HTML template and WeasyPrint.
Times New Roman is asked for first; on Linux servers fonts-liberation2's Liberation Serif (same metrics)
takes its place. The page is self-contained: WeasyPrint may fetch nothing (no protocol is allowed)."""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

PDF_TYPE = "application/pdf"


def render_pdf(context: dict, *, template: str = "reports/pdf/annual_report.html") -> bytes:
    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
