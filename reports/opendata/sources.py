"""Reading a file's cells as text: CSV (any common encoding and delimiter) or Excel.

Every cell comes back as the text a person would see, so the readers treat both the
same way: numbers as written ("61.2", not 61.199999), percentages with their sign,
TRUE/FALSE for booleans.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from reports.opendata.records import OpenDataError, Problem

XLSX_MAGIC = b"PK\x03\x04"

# Rows of a few very wide files are long; the csv module's default limit is 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)


def is_xlsx(head: bytes) -> bool:
    return head.startswith(XLSX_MAGIC)


def _decoded_lines(
    stream: IO[bytes], name: str, warnings: list[Problem]
) -> io.TextIOWrapper:
    head = stream.read(64 * 1024)
    stream.seek(0)
    encoding = "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        try:
            _check_utf8(stream)
        except UnicodeDecodeError as error:
            encoding = "cp1252"
            warnings.append(
                Problem(
                    name,
                    None,
                    None,
                    "the file is not UTF-8 (a byte at position "
                    f"{error.start} cannot be read as UTF-8); read as Windows-1252",
                )
            )
        stream.seek(0)
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def _check_utf8(stream: IO[bytes]) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    while chunk := stream.read(1024 * 1024):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            raise UnicodeDecodeError(
                "utf-8", b"", offset + error.start, offset + error.end, error.reason
            ) from None
        offset += len(chunk)
    decoder.decode(b"", final=True)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def csv_rows(
    stream: IO[bytes], name: str, warnings: list[Problem]
) -> Iterator[list[str]]:
    """The rows of a CSV file as lists of text (no header handling here)."""
    text = _decoded_lines(stream, name, warnings)
    first = text.readline()
    text.seek(0)
    reader = csv.reader(text, delimiter=_delimiter(first), strict=False)
    try:
        yield from reader
    except csv.Error as error:
        raise OpenDataError(
            Problem(name, reader.line_num, None, f"the CSV cannot be read: {error}")
        ) from error
    finally:
        # Leave the caller's stream open (a wrapper closes what it wraps).
        with contextlib.suppress(ValueError):
            text.detach()


def cell_text(value: object, number_format: str = "General") -> str:
    """A spreadsheet cell as the text it shows."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (number_format or ""):
            return _plain(number * 100) + "%"
        return _plain(number)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _plain(number: Decimal) -> str:
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


def xlsx_rows(stream: IO[bytes], name: str) -> Iterator[list[str]]:
    """The rows of the first worksheet of an Excel workbook, as text."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise OpenDataError(
            Problem(name, None, None, f"the Excel workbook cannot be opened: {error}")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            yield [
                cell_text(cell.value, getattr(cell, "number_format", "General"))
                for cell in row
            ]
    finally:
        workbook.close()


def file_rows(
    stream: IO[bytes], name: str, warnings: list[Problem]
) -> Iterator[list[str]]:
    """The rows of a CSV or Excel file, told apart by their first bytes."""
    head = stream.read(4)
    stream.seek(0)
    if is_xlsx(head):
        return xlsx_rows(stream, name)
    return csv_rows(stream, name, warnings)
