"""The tables ``graphmodel diff`` writes: their names, without pandas (for a parser)."""

from __future__ import annotations

__all__ = ["DIFF_TABLES"]

#: the tables ``graphmodel diff --table`` writes
DIFF_TABLES = ("changes", "actors", "councils")
