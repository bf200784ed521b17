"""Reading any open-data file: the format is told from its header."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from reports.opendata.council import read_council
from reports.opendata.headers import looks_like_council_header, looks_like_tidy_header
from reports.opendata.records import OpenDataError, ParsedFile, Problem
from reports.opendata.sources import file_rows
from reports.opendata.tidy import read_tidy

# A title or a note may stand above the header; look this far down for it.
HEADER_SEARCH_ROWS = 10


def read_file(
    *, name: str, stream: IO[bytes], plan: str | None = None, year: str | None = None
) -> ParsedFile:
    """Read and validate a whole file (council layouts or tidy; CSV or Excel).

    Raises OpenDataError naming the file, row and column when the file cannot be
    imported; everything that can be read with a doubt is read and warned about.
    """
    warnings: list[Problem] = []
    rows: Iterator[tuple[int, list[str]]] = enumerate(
        file_rows(stream, name, warnings), start=1
    )
    above: list[tuple[int, list[str]]] = []
    for row_number, cells in rows:
        if looks_like_tidy_header(cells):
            reader = read_tidy
        elif looks_like_council_header(cells):
            reader = read_council
        else:
            above.append((row_number, cells))
            if len(above) >= HEADER_SEARCH_ROWS:
                break
            continue
        for skipped, skipped_cells in above:
            if any(cell.strip() for cell in skipped_cells):
                warnings.append(
                    Problem(
                        name, skipped, None, "the row is above the header; not imported"
                    )
                )
        parsed = reader(
            file=name,
            header_row=row_number,
            header=cells,
            rows=rows,
            plan=plan,
            year=year,
        )
        parsed.warnings[:0] = warnings
        return parsed
    if not above:
        raise OpenDataError(Problem(name, None, None, "the file is empty"))
    raise OpenDataError(
        Problem(
            name,
            1,
            None,
            "no header found: a council open-data file needs a Metric (or "
            "Indicator) column and period columns such as '2024-25 end of year "
            "metric value'; a tidy file needs the columns metric, period and value",
        )
    )
