"""Helpers for the open-data tests: the sample files and small files in memory.

The samples are read from ../shared/samples beside the repository when it is there
(the shared copy is the reference), else from the copies kept in tests/reports/samples.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.conf import settings

from reports.opendata.importer import SourceFile, open_data_import
from reports.opendata.outcome import ImportReport

HERE = Path(__file__).parent
SHARED = Path(settings.BASE_DIR).parent / "shared" / "samples"
NEWER = "council-layout-2022-30.csv"
OLDER = "council-layout-2016-24.csv"


def sample_path(name: str) -> Path:
    shared = SHARED / name
    return shared if shared.is_file() else HERE / "samples" / name


def source(name: str, data: bytes | str) -> SourceFile:
    """A file to import from bytes in memory."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return SourceFile(name=name, open=lambda: io.BytesIO(raw))


def csv_text(rows: list[list[str]], *, line_end: str = "\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    return buffer.getvalue()


def import_paths(*paths: Path, **options: Any) -> ImportReport:
    return open_data_import(files=[SourceFile.from_path(p) for p in paths], **options)


def import_text(name: str, text: str, **options: Any) -> ImportReport:
    return open_data_import(files=[source(name, text)], **options)


def sample_rows(name: str) -> list[list[str]]:
    with sample_path(name).open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def sample_text(name: str) -> str:
    return sample_path(name).read_bytes().decode("utf-8-sig")
