"""Writes to the law library: the folder import behind ``gongkai laws import PATH``.

Import is idempotent by the file's path below the corpus root: an unchanged file (same
SHA-256) is skipped, a changed one replaces its law's articles, a new one is added. Files
are written in batches with ``bulk_create`` (one transaction per batch, so a 1,800-file
corpus is not one giant transaction). Search indexing and embeddings follow either in the
caller's process (``indexing.laws_index_now``: the command and the demo) or as background
jobs (``laws.index``, ``qa.embed_laws``).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.policies import PermissionDeniedError, is_platform_admin
from gongkai.laws.models import Law, LawArticle
from gongkai.laws.parser import FILE_DATE_RE, LawParseError, parse_law
from gongkai.laws.signals import laws_imported

log = logging.getLogger("gongkai.laws")

SKIPPED_NAMES = {"_index.md", "README.md"}
BATCH_FILES = 200
ARTICLE_BATCH = 2000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    articles: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    law_ids: list[int] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.failures)

    def lines(self) -> list[str]:
        out = [f"文件 {self.files} 个:新增 {self.created},更新 {self.updated},"
               f"未变 {self.unchanged},无法解析 {len(self.failures)};写入条文 {self.articles} 条。"]
        out += [f"  无法解析 {path}:{reason}" for path, reason in self.failures]
        return out


def law_files(root: Path) -> Iterator[Path]:
    """The law files below ``root`` in a stable order; folder indexes are not laws."""
    for path in sorted(root.rglob("*.md")):
        if path.name not in SKIPPED_NAMES and path.is_file():
            yield path


@dataclass
class _Pending:
    relative: str
    category: str
    folder: str
    sha: str
    parsed: Any
    existing_id: int | None


def _law_fields(item: _Pending) -> dict[str, Any]:
    parsed = item.parsed
    return {
        "title": parsed.title, "subtitle": parsed.subtitle, "category": item.category,
        "folder": item.folder, "version_date": parsed.version_date,
        "history": parsed.history, "preamble": parsed.preamble,
        "article_count": len(parsed.articles), "source_path": item.relative, "sha256": item.sha,
    }


def _write_batch(batch: list[_Pending], report: ImportReport) -> list[int]:
    """Write one batch of parsed files; returns the ids of the laws written."""
    now = timezone.now()
    new = [item for item in batch if item.existing_id is None]
    changed = [item for item in batch if item.existing_id is not None]
    ids: list[tuple[int, _Pending]] = []
    if changed:
        from gongkai.laws.indexing import remove_articles

        before = dict(Law.objects.filter(pk__in=[i.existing_id for i in changed])
                      .values_list("pk", "article_count"))
        for item in changed:
            assert item.existing_id is not None
            gone = range(len(item.parsed.articles) + 1, before.get(item.existing_id, 0) + 1)
            if gone:
                remove_articles(item.existing_id, gone)
        LawArticle.objects.filter(law_id__in=[i.existing_id for i in changed]).delete()
        for item in changed:
            assert item.existing_id is not None
            Law.objects.filter(pk=item.existing_id).update(imported_at=now, **_law_fields(item))
            ids.append((item.existing_id, item))
    created = Law.objects.bulk_create([Law(imported_at=now, **_law_fields(i)) for i in new])
    ids += [(law.pk, item) for law, item in zip(created, new, strict=True)]
    articles = [LawArticle(law_id=law_id, number=a.number, ordinal=a.ordinal, chapter=a.chapter,
                           text=a.text)
                for law_id, item in ids for a in item.parsed.articles]
    LawArticle.objects.bulk_create(articles, batch_size=ARTICLE_BATCH)
    report.created += len(new)
    report.updated += len(changed)
    report.articles += len(articles)
    return [law_id for law_id, _ in ids]


def laws_refresh_in_force(keys: Iterable[tuple[str, str]] | None = None) -> None:
    """Among the versions of one law (same title and subtitle) the latest is in force.

    A version without a date counts as older than any dated one; between equal dates
    the later import wins."""
    laws = Law.objects.all()
    wanted = set(keys) if keys is not None else None
    groups: dict[tuple[str, str], list[tuple[Any, int]]] = {}
    for pk, title, subtitle, date in laws.values_list("pk", "title", "subtitle", "version_date"):
        if wanted is None or (title, subtitle) in wanted:
            groups.setdefault((title, subtitle), []).append((date, pk))
    current, old = [], []
    for versions in groups.values():
        versions.sort(key=lambda v: (v[0] is not None, v[0] or 0, v[1]))
        current.append(versions[-1][1])
        old += [pk for _, pk in versions[:-1]]
    for chunk in _chunks(current, 500):
        Law.objects.filter(pk__in=chunk).update(in_force=True)
    for chunk in _chunks(old, 500):
        Law.objects.filter(pk__in=chunk).update(in_force=False)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _enqueue_index(law_ids: list[int]) -> None:
    from gongkai.jobs.registry import job_enqueue

    job_enqueue("laws.index", key=f"import-{timezone.now().isoformat()}", law_ids=law_ids)


def laws_import(root: Path | str, *, actor: Any = None, only: Iterable[str] | None = None,
                index_async: bool = True) -> ImportReport:
    """Import every law file below ``root`` (or only those whose name, without the date,
    is in ``only``). ``actor`` None means the command line (an operator on the server); a
    person must be a platform administrator, since the library is shared by every agency.
    ``index_async`` enqueues the search indexing (and, through ``laws_imported``, the
    embeddings) of what changed once this commits; without it the caller indexes them,
    usually with ``indexing.laws_index_now``."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDeniedError("only platform administrators import laws")
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"not a folder: {root}")
    report = ImportReport()
    existing = {path: (pk, sha) for pk, path, sha
                in Law.objects.values_list("pk", "source_path", "sha256")}
    keys: set[tuple[str, str]] = set()
    batch: list[_Pending] = []
    names = set(only) if only is not None else None
    for path in law_files(root):
        if names is not None and FILE_DATE_RE.sub("", path.stem) not in names:
            continue
        relative = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        sha = hashlib.sha256(raw).hexdigest()
        known = existing.get(relative)
        if known and known[1] == sha:
            report.unchanged += 1
            continue
        try:
            parsed = parse_law(raw.decode("utf-8"), path.stem)
        except UnicodeDecodeError:
            report.failures.append((relative, "不是 UTF-8 编码的文本"))
            continue
        except LawParseError as exc:
            report.failures.append((relative, str(exc)))
            continue
        parts = path.relative_to(root).parent.parts
        batch.append(_Pending(relative=relative, category=parts[0] if parts else "其他",
                              folder="/".join(parts), sha=sha, parsed=parsed,
                              existing_id=known[0] if known else None))
        keys.add((parsed.title, parsed.subtitle))
        if len(batch) >= BATCH_FILES:
            with transaction.atomic():
                report.law_ids += _write_batch(batch, report)
            batch = []
    with transaction.atomic():
        if batch:
            report.law_ids += _write_batch(batch, report)
        laws_refresh_in_force(keys)
        if report.created or report.updated or report.failures:
            # A re-run that found nothing new leaves no trace (the demo loads twice).
            audit_record(actor=actor, verb="laws.import", details={
                "root": root.name, "created": report.created, "updated": report.updated,
                "unchanged": report.unchanged, "failures": len(report.failures),
                "articles": report.articles})
        if report.law_ids:
            laws_imported.send(sender=Law, law_ids=list(report.law_ids), deferred=index_async)
            if index_async:
                ids = list(report.law_ids)
                transaction.on_commit(lambda: _enqueue_index(ids))
    log.info("laws import: %s", report.lines()[0])
    return report

