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
# What other files people upload by mistake begin with.
_NOT_TEXT = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old Excel (.xls) or Word workbook: save it as .xlsx or CSV",
    ),
    (b"\x1f\x8b", "a compressed (gzip) file"),
)
_NOT_CSV = "the file is not a CSV or Excel (.xlsx) file"

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
    line_num = 0
    try:
        first = text.readline()
        text.seek(0)
        reader = csv.reader(text, delimiter=_delimiter(first), strict=False)
        for row in reader:
            line_num += 1
            yield row
    except csv.Error as error:
        raise OpenDataError(
            Problem(name, line_num + 1, None, f"the CSV cannot be read: {error}")
        ) from error
    except UnicodeDecodeError as error:
        raise OpenDataError(
            Problem(
                name,
                line_num + 1,
                None,
                f"{_NOT_CSV}: a byte at position {error.start} of a line is neither "
                "UTF-8 nor Windows-1252 text",
            )
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


def _refuse_binary(head: bytes, name: str) -> None:
    """Refuse, by its first bytes, a file that is no spreadsheet at all."""
    if not head:
        raise OpenDataError(Problem(name, None, None, "the file is empty"))
    for magic, what in _NOT_TEXT:
        if head.startswith(magic):
            raise OpenDataError(Problem(name, None, None, f"{_NOT_CSV}: it is {what}"))
    if b"\x00" in head and not head.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise OpenDataError(
            Problem(name, None, None, f"{_NOT_CSV}: it holds binary data, not text")
        )


def file_rows(
    stream: IO[bytes], name: str, warnings: list[Problem]
) -> Iterator[list[str]]:
    """The rows of a CSV or Excel file, told apart by their first bytes. Raises
    OpenDataError for a file that is neither (empty, an image, binary data)."""
    head = stream.read(8192)
    stream.seek(0)
    if is_xlsx(head):
        return xlsx_rows(stream, name)
    _refuse_binary(head, name)
    return csv_rows(stream, name, warnings)
