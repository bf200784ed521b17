#!/usr/bin/env python3
"""Compare two PostgreSQL databases and two file trees: the proof that a restore
gives the same data (scripts/backup_check.sh).

    backup_compare.py SOURCE_URL RESTORED_URL [SOURCE_DIR RESTORED_DIR]

For every table in the public schema: the row count and an md5 of all its rows in
a fixed order; every sequence's last value; every file's sha256. Prints the totals
and exits non-zero on any difference.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import psycopg
from psycopg import sql


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    result = {}
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' "
                "ORDER BY t::text)), '') FROM {} AS t"
            ).format(sql.Identifier(table))
            row = connection.execute(query).fetchone()
            assert row is not None
            result[f"table {table}"] = (row[0], row[1])
        for name, value in connection.execute(
            "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences "
            "WHERE schemaname = 'public'"
        ).fetchall():
            result[f"sequence {name}"] = (value, "")
    return result


def files(root: str) -> dict[str, str]:
    base = Path(root)
    return {
        str(path.relative_to(base)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(base.rglob("*"))
        if path.is_file()
    }


def main(argv: list[str]) -> int:
    source, restored = fingerprint(argv[1]), fingerprint(argv[2])
    problems = [
        f"{key}: {source.get(key)} in the source, {restored.get(key)} restored"
        for key in sorted(source.keys() | restored.keys())
        if source.get(key) != restored.get(key)
    ]
    tables = [key for key in source if key.startswith("table ")]
    rows = sum(source[key][0] for key in tables)
    summary = f"{len(tables)} tables, {rows} rows"
    if len(argv) > 4:
        source_files, restored_files = files(argv[3]), files(argv[4])
        problems += [
            f"file {name} differs or is missing"
            for name in sorted(source_files.keys() | restored_files.keys())
            if source_files.get(name) != restored_files.get(name)
        ]
        summary += f", {len(source_files)} files"
    for problem in problems:
        print("DIFFERENT " + problem, file=sys.stderr)
    if problems:
        return 1
    print(f"identical: {summary} (row checksums, sequences, file checksums)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
