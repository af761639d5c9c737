"""The report as an Excel workbook (one sheet per table), as channel-neutral bytes; the chart is in report_chart."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from handlers.report_render import Section
from handlers.types import Attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_LIMIT = 31


def workbook(tables: tuple[Section, ...], filename: str) -> Attachment:
    """One sheet per table, heads in bold."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in tables:
        sheet = book.create_sheet(title=table.title[:SHEET_NAME_LIMIT])
        sheet.append(table.heads)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 40
    buffer = BytesIO()
    book.save(buffer)
    return Attachment(kind="document", filename=filename, content=buffer.getvalue(), mime_type=XLSX)
