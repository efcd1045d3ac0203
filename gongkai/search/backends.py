"""Full-text engines behind one small interface (ADR 0008).

A backend turns a parsed query (``Query``: groups of alternatives of tokens) into a SQL
subquery ``SELECT id, score`` over the matching ``SearchDocument`` rows; everything else
(visibility, filters, facets, paging, snippets) is plain SQL shared by both backends in
``selectors``. Tokens reach the engine only as bound parameters or, for FTS5 and
``to_tsquery``, as quoted strings built from letters and digits, so no user input is ever
read as query syntax (``"``, ``*``, ``NEAR``, ``:``, ``AND``/``OR``, parentheses).

An OpenSearch backend (IK analyzer) would implement the same ``Backend`` methods against
its own index; see the ADR.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from django.db import connection

# Relative weight of the indexed columns: title, body, identifiers, pinyin of the title.
TITLE_WEIGHT, BODY_WEIGHT, EXTRA_WEIGHT, PINYIN_WEIGHT = 4.0, 1.0, 2.0, 1.5


@dataclass
class Query:
    """``groups`` are ANDed (ORed when ``any_group``); a group matches when one of its
    alternatives does; an alternative matches when all of its tokens do."""

    groups: list[list[list[str]]] = field(default_factory=list)
    any_group: bool = False

    def empty(self) -> bool:
        return not any(alt for group in self.groups for alt in group)


class Backend(ABC):
    vendor = ""

    @abstractmethod
    def match_sql(self, query: Query) -> tuple[str, list]:
        """``SELECT id, score`` of the documents matching ``query`` (higher score better)."""

    @abstractmethod
    def ids_sql(self, query: Query) -> tuple[str, list]:
        """``SELECT id`` of the matching documents, unranked (for counts and facets)."""

    def available(self) -> bool:
        return True


def _quote_fts5(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class SqliteBackend(Backend):
    """FTS5 external-content table ``search_fts`` (migration 0002), ranked by bm25()."""

    vendor = "sqlite"

    def expression(self, query: Query) -> str:
        groups = []
        for group in query.groups:
            alts = []
            for alt in group:
                if alt:
                    alts.append("(" + " AND ".join(_quote_fts5(t) for t in alt) + ")")
            if alts:
                groups.append("(" + " OR ".join(alts) + ")")
        return (" OR " if query.any_group else " AND ").join(groups)

    def match_sql(self, query: Query) -> tuple[str, list]:
        sql = (f"SELECT rowid AS id, -bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, "  # noqa: S608 (weights are constants)
               f"{EXTRA_WEIGHT}, {PINYIN_WEIGHT}) AS score FROM search_fts "
               "WHERE search_fts MATCH %s")
        return sql, [self.expression(query)]

    def ids_sql(self, query: Query) -> tuple[str, list]:
        return "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s", [self.expression(query)]


def _quote_tsquery(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


class PostgresBackend(Backend):
    """Generated ``fts`` tsvector column with a GIN index (migration 0002), ts_rank()."""

    vendor = "postgresql"

    def expression(self, query: Query) -> str:
        groups = []
        for group in query.groups:
            alts = []
            for alt in group:
                if alt:
                    alts.append("(" + " & ".join(_quote_tsquery(t) for t in alt) + ")")
            if alts:
                groups.append("(" + " | ".join(alts) + ")")
        return (" | " if query.any_group else " & ").join(groups)

    def match_sql(self, query: Query) -> tuple[str, list]:
        expression = self.expression(query)
        # Weights D, C, B, A: body, pinyin, identifiers, title (same order as SQLite's).
        weights = "{" + ",".join(str(w / 4) for w in (BODY_WEIGHT, PINYIN_WEIGHT, EXTRA_WEIGHT,
                                                       TITLE_WEIGHT)) + "}"
        sql = ("SELECT id, ts_rank(%s::float4[], fts, q) * 10 AS score "
               "FROM search_searchdocument, to_tsquery('simple', %s) AS q WHERE fts @@ q")
        return sql, [weights, expression]

    def ids_sql(self, query: Query) -> tuple[str, list]:
        return ("SELECT id FROM search_searchdocument WHERE fts @@ to_tsquery('simple', %s)",
                [self.expression(query)])


class NullBackend(Backend):
    """A database with neither engine: nothing matches, nothing breaks."""

    def match_sql(self, query: Query) -> tuple[str, list]:
        return "SELECT id, 0.0 AS score FROM search_searchdocument WHERE 1 = 0", []

    def ids_sql(self, query: Query) -> tuple[str, list]:
        return "SELECT id FROM search_searchdocument WHERE 1 = 0", []

    def available(self) -> bool:
        return False


def get_backend() -> Backend:
    vendor = connection.vendor
    if vendor == "sqlite":
        return SqliteBackend()
    if vendor == "postgresql":
        return PostgresBackend()
    return NullBackend()
