"""``gongkai backup`` and ``gongkai restore``: one archive holds everything a restore needs.

An installation is more than its database: uploaded files (``MEDIA_ROOT``), the signing
keys and the transparency log's key (``GONGKAI_SIGNING_DIR``, kept out of the database on
purpose) and the generated ``secret_key`` file. Losing any of them loses something the
law asks us to keep: published files, the ability to prove what was published (signed
PDFs, signed tree heads), the audit trail.

The backup is taken ONLINE, while web, workers and scheduler keep writing:

- SQLite: ``sqlite3.Connection.backup`` copies every page in one step under a read
  transaction, so the copy is one consistent state even in WAL mode (a plain file copy
  could miss commits still in ``-wal``, or tear a page).
- PostgreSQL: a REPEATABLE READ transaction exports its snapshot; ``pg_dump -Fc
  --snapshot`` dumps exactly that snapshot, and the manifest's facts (row counts, chain
  heads) are read in the same transaction, so they describe the dump, not "a bit later".
- Files are copied AFTER the database snapshot. Every file the snapshot references was
  on disk before the row that references it committed (a ``FileField`` writes its file in
  ``pre_save``, inside the transaction, before the INSERT; keys are written before their
  certificate row or the first signed tree head), and Gongkai never deletes or rewrites a
  referenced file (storage picks a new name rather than overwrite). So every referenced
  file is there when we copy; files newer than the snapshot are harmless extras. The
  backup checks this itself and lists any referenced file it could not find.

The archive is a tar (gzip when the name ends in ``.gz``/``.tgz``) with ``manifest.json``
last: format version, vendor, versions, migrations, per-table row counts and digests, the
audit chain head, the transparency log's size and root, and the sha256 of every member.
``restore`` checks every member against the manifest before it writes anything, restores
into an empty target only (unless ``--force``), then proves the result: the audit chain
and transparency log verify (``gongkai audit verify``) and every table matches the
manifest. The sha256s detect corruption, not a forger who rewrites the manifest too:
keep the archive's own sha256 (printed by ``backup``) with the off-site copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings

FORMAT = 1
MANIFEST = "manifest.json"
DB_SQLITE = "database/gongkai.sqlite3"
DB_POSTGRES = "database/gongkai.pgdump"
SECRET_KEY_MEMBER = "secret_key"
PREFIXES = ("database/", "media/", "signing/")
CHUNK = 1 << 20
MIGRATION_DOC = 'docs/operations.md, "Moving from SQLite to PostgreSQL"'
# Django's own OPTIONS keys, not libpq connection parameters.
_DJANGO_PG_OPTIONS = {"isolation_level", "server_side_binding", "assume_role", "pool"}


class BackupError(Exception):
    """A backup or restore could not be made or proved; the message says what to do."""


# Facts about one database state ---------------------------------------------------------


@dataclass
class Facts:
    """What a database state holds, read the same way at backup and after restore."""

    vendor: str
    migrations: list[str]
    tables: dict[str, dict[str, Any]]
    sequences: dict[str, int | None]
    audit_head: dict[str, Any] | None
    transparency: dict[str, Any] | None
    referenced_files: list[str] = field(default_factory=list)


Query = Callable[[str], Iterable[tuple[Any, ...]]]


def _canon(value: Any) -> str:
    """A stable text form of one column value (same vendor, same driver both times)."""
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + value.hex()
    if isinstance(value, dict | list):
        return "j:" + json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if value is None:
        return "N"
    return type(value).__name__ + ":" + str(value)


def table_digest(rows: Iterable[tuple[Any, ...]]) -> tuple[int, str]:
    """Row count and an order-independent digest (sum of row sha256s mod 2**256).

    Order-independent so that no ORDER BY is needed (some tables have no usable key, and
    sorting a large table to hash it is slow); a multiset sum still changes when any row
    is altered, added or removed. It detects damage, it is not a signature.
    """
    total, count = 0, 0
    for row in rows:
        line = "\x1f".join(_canon(v) for v in row).encode("utf-8", "surrogatepass")
        total = (total + int.from_bytes(hashlib.sha256(line).digest(), "big")) % (1 << 256)
        count += 1
    return count, f"{total:064x}"


def _model_table(app_label: str, model: str) -> str | None:
    """The table of a model, looked up by label so that core imports no feature app."""
    from django.apps import apps

    try:
        return str(apps.get_model(app_label, model)._meta.db_table)
    except LookupError:
        return None


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField: the files the database refers to."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                found.append((model._meta.db_table, f.column))
    return sorted(set(found))


def _q(name: str) -> str:
    """Quote an identifier (names come from the database's own catalogue, not from users)."""
    return '"' + name.replace('"', '""') + '"'


def _facts(vendor: str, query: Query, tables: list[str], sequences: dict[str, int | None]
           ) -> Facts:
    # S608: the only text put into these queries are table and column names from the
    # database's own catalogue and Django's models, quoted by _q.
    facts = Facts(vendor=vendor, migrations=[], tables={}, sequences=sequences,
                  audit_head=None, transparency=None)
    for name in tables:
        count, digest = table_digest(query(f"SELECT * FROM {_q(name)}"))  # noqa: S608
        facts.tables[name] = {"rows": count, "sha256": digest}
    if "django_migrations" in tables:
        facts.migrations = sorted(f"{app}.{name}" for app, name in
                                  query("SELECT app, name FROM django_migrations"))
    audit_table = _model_table("audit", "AuditChainHead")
    if audit_table in tables:
        facts.audit_head = {"seq": 0, "hash": ""}
        sql = f"SELECT seq, hash FROM {_q(audit_table)} WHERE id = 1"  # noqa: S608
        for seq, digest in query(sql):
            facts.audit_head = {"seq": seq, "hash": digest}
    state_table = _model_table("transparency", "LogState")
    head_table = _model_table("transparency", "TreeHead")
    if state_table in tables:
        facts.transparency = {"size": 0, "root": ""}
        sql = f"SELECT size, root_hash FROM {_q(state_table)} WHERE id = 1"  # noqa: S608
        for size, root in query(sql):
            facts.transparency = {"size": size, "root": root}
        if head_table in tables:
            sql = (f"SELECT tree_size, root_hash, timestamp FROM {_q(head_table)} "  # noqa: S608
                   "ORDER BY tree_size DESC LIMIT 1")
            for size, root, stamp in query(sql):
                facts.transparency["signed_head"] = {"size": size, "root": root,
                                                     "timestamp": stamp}
    names: set[str] = set()
    for table, column in _file_columns():
        if table in tables:
            col = _q(column)
            sql = f"SELECT {col} FROM {_q(table)} WHERE {col} IS NOT NULL AND {col} <> ''"  # noqa: S608
            names.update(str(v) for (v,) in query(sql))
    facts.referenced_files = sorted(names)
    return facts


def sqlite_facts(path: Path) -> Facts:
    """Facts of a SQLite file, opened read-only."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        def query(sql: str) -> Iterator[tuple[Any, ...]]:
            return iter(conn.execute(sql))

        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
        # Virtual (FTS5) tables keep their data in shadow tables, which are listed.
        return _facts("sqlite", query, tables, {})
    finally:
        conn.close()


def _pg_params(*, password: bool) -> dict[str, Any]:
    """libpq parameters of the default database (DATABASE_URL)."""
    db = settings.DATABASES["default"]
    params: dict[str, Any] = {"dbname": db["NAME"]}
    for key, name in (("USER", "user"), ("HOST", "host"), ("PORT", "port")):
        if db.get(key):
            params[name] = str(db[key])
    if password and db.get("PASSWORD"):
        params["password"] = str(db["PASSWORD"])
    for key, value in (db.get("OPTIONS") or {}).items():
        if key not in _DJANGO_PG_OPTIONS and isinstance(value, str | int):
            params[key] = str(value)
    return params


def _pg_tool_args() -> tuple[str, dict[str, str]]:
    """Connection string and environment for pg_dump/pg_restore: the password goes in
    PGPASSWORD, never on a command line that other users can read in ps."""
    from psycopg.conninfo import make_conninfo

    env = dict(os.environ)
    password = settings.DATABASES["default"].get("PASSWORD")
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo(**_pg_params(password=False)), env


@contextlib.contextmanager
def _pg_connection() -> Iterator[Any]:
    import psycopg

    with psycopg.connect(**_pg_params(password=True), autocommit=True) as conn:
        conn.execute("SET TIME ZONE 'UTC'")  # the same text for times at backup and restore
        yield conn


@contextlib.contextmanager
def _pg_snapshot() -> Iterator[tuple[Any, str]]:
    """A read-only REPEATABLE READ transaction and its exported snapshot id."""
    with _pg_connection() as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        try:
            yield conn, str(row[0])
        finally:
            conn.execute("ROLLBACK")


def pg_facts(conn: Any) -> Facts:
    """Facts of the PostgreSQL database, inside the caller's snapshot transaction."""
    def query(sql: str) -> Iterator[tuple[Any, ...]]:
        # A server-side cursor streams a large table instead of loading it whole.
        with conn.cursor(name=f"gk_{secrets.token_hex(4)}") as cursor:
            cursor.itersize = 2000
            cursor.execute(sql)
            yield from cursor

    tables = [r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY 1")]
    sequences = {name: value for name, value in conn.execute(
        "SELECT sequencename, last_value FROM pg_sequences "
        "WHERE schemaname = current_schema() ORDER BY 1")}
    return _facts("postgresql", query, tables, sequences)


def pg_sequence_problems(conn: Any) -> list[str]:
    """Sequences in use whose next value would collide with an existing id (a restore must
    leave every id sequence past the largest id in its column)."""
    owned = conn.execute(
        "SELECT s.seqrelid::regclass::text, t.oid::regclass::text, a.attname "
        "FROM pg_sequence s JOIN pg_depend d ON d.objid = s.seqrelid "
        "AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
        "AND d.deptype IN ('a', 'i') JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()"
    ).fetchall()
    problems = []
    for sequence, table, column in owned:
        # Names come from regclass output, already quoted where needed.
        row = conn.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()  # noqa: S608
        top = conn.execute(f"SELECT max({_q(column)}) FROM {table}").fetchone()  # noqa: S608
        # A sequence never called (a one-row table written with id=1) is not in use.
        if row and row[1] and top and top[0] is not None:
            following = row[0] + 1
            if following <= top[0]:
                problems.append(f"sequence {sequence} would hand out {following}, but "
                                f"{table}.{column} already holds {top[0]}")
    return problems


def current_facts() -> Facts:
    """Facts of the configured database as it is now."""
    if vendor() == "sqlite":
        return sqlite_facts(Path(settings.DATABASES["default"]["NAME"]))
    with _pg_snapshot() as (conn, _):
        return pg_facts(conn)


def vendor() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if engine.endswith("postgresql") else "sqlite"


# Backup -------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    size: int
    sha256: str
    seconds: float
    manifest: dict[str, Any]


class _HashingReader:
    """Hands tarfile exactly ``size`` bytes of a file while hashing them."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.handle.read(n)
        self.digest.update(data)
        return data


def _add(tar: tarfile.TarFile, members: dict[str, dict[str, Any]], arcname: str,
         path: Path, *, mode: int | None = None) -> bool:
    """Add one file; False if it vanished (an upload rolled back after we listed it)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        return False
    with handle:
        st = os.fstat(handle.fileno())
        info = tarfile.TarInfo(arcname)
        info.size = st.st_size
        info.mtime = int(st.st_mtime)
        info.mode = mode if mode is not None else st.st_mode & 0o777
        reader = _HashingReader(handle)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    members[arcname] = {"sha256": reader.digest.hexdigest(), "size": info.size}
    return True


def _walk(root: Path) -> list[Path]:
    """Regular files under ``root``, sorted (symlinks are not followed or kept)."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def _default_name(now: dt.datetime, *, gzip: bool = False) -> str:
    return f"gongkai-backup-{now:%Y%m%dT%H%M%SZ}.tar" + (".gz" if gzip else "")


def _output_path(output: Path | None, now: dt.datetime) -> Path:
    if output is None:
        return Path.cwd() / _default_name(now)
    if output.is_dir() or str(output).endswith(os.sep):
        return output / _default_name(now)
    return output


def _gongkai_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gongkai")
    except PackageNotFoundError:
        return "unknown"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sqlite_snapshot(target: Path) -> None:
    """SQLite's online backup: one step (pages=-1), so one consistent state."""
    source = Path(settings.DATABASES["default"]["NAME"])
    if not source.exists():
        raise BackupError(f"the SQLite database {source} does not exist: nothing to back up "
                          "(wrong GONGKAI_DATA_DIR or DATABASE_URL?).")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=-1)
        # The copy stands alone: no -wal file travels with it.
        dst.execute("PRAGMA journal_mode=DELETE")
        problem = dst.execute("PRAGMA quick_check").fetchone()
        if not problem or problem[0] != "ok":
            raise BackupError(f"the database snapshot failed SQLite's quick_check: {problem}")
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite online backup of {source} failed: {exc}") from exc
    finally:
        dst.close()
        src.close()


def backup_create(*, output: Path | None = None, now: dt.datetime | None = None) -> BackupResult:
    """Write one archive with the database snapshot, files, keys and a manifest."""
    started = time.monotonic()
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    path = _output_path(output, now)
    if not path.parent.is_dir():
        raise BackupError(f"the output folder {path.parent} does not exist.")
    if path.exists():
        raise BackupError(f"{path} already exists: choose another --output.")
    gzip = path.name.endswith((".gz", ".tgz"))
    partial = path.parent / f".{path.name}.partial-{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix=".gongkai-backup-", dir=path.parent))
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw:
            manifest = _write_archive(raw, workdir, now, gzip=gzip)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return BackupResult(path=path, size=path.stat().st_size, sha256=digest.hexdigest(),
                        seconds=time.monotonic() - started, manifest=manifest)


def _write_archive(raw: IO[bytes], workdir: Path, now: dt.datetime, *, gzip: bool
                   ) -> dict[str, Any]:
    members: dict[str, dict[str, Any]] = {}
    db_vendor = vendor()
    with tarfile.open(fileobj=raw, mode="w:gz" if gzip else "w",
                      format=tarfile.PAX_FORMAT) as tar:
        # 1. The database snapshot, and the facts read from that same snapshot.
        if db_vendor == "sqlite":
            snapshot = workdir / "gongkai.sqlite3"
            _sqlite_snapshot(snapshot)
            facts = sqlite_facts(snapshot)
            _add(tar, members, DB_SQLITE, snapshot, mode=0o600)
        else:
            snapshot = workdir / "gongkai.pgdump"
            facts = _pg_dump(snapshot)
            _add(tar, members, DB_POSTGRES, snapshot, mode=0o600)
        # 2. Files, after the snapshot (see the module docstring for why this order).
        media_root = Path(settings.MEDIA_ROOT)
        media = {str(p.relative_to(media_root).as_posix()) for p in _walk(media_root)
                 if _add(tar, members, "media/" + p.relative_to(media_root).as_posix(), p)}
        signing_root = Path(settings.GONGKAI_SIGNING_DIR)
        for p in _walk(signing_root):
            _add(tar, members, "signing/" + p.relative_to(signing_root).as_posix(), p,
                 mode=0o600)
        key_file = Path(settings.DATA_DIR) / "secret_key"
        has_key = key_file.is_file() and _add(tar, members, SECRET_KEY_MEMBER, key_file,
                                              mode=0o600)
        missing = [name for name in facts.referenced_files if name not in media]
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat().replace("+00:00", "Z"),
            "host": socket.gethostname(),
            "gongkai_version": _gongkai_version(),
            "database": {"vendor": facts.vendor, "member": DB_SQLITE if db_vendor == "sqlite"
                         else DB_POSTGRES},
            "migrations": facts.migrations,
            "tables": facts.tables,
            "sequences": facts.sequences,
            "rows": sum(t["rows"] for t in facts.tables.values()),
            "audit_head": facts.audit_head,
            "transparency": facts.transparency,
            "files": {
                "media": len(media),
                "signing": sum(1 for m in members if m.startswith("signing/")),
                "referenced": len(facts.referenced_files),
                "referenced_missing": missing,
            },
            "secret_key": ("environment" if os.environ.get("SECRET_KEY")
                           else "file" if has_key else "none"),
            "members": members,
        }
        data = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
        tar.addfile(info, io.BytesIO(data))
    return manifest


def _pg_dump(target: Path) -> Facts:
    """pg_dump of an exported snapshot, with the facts read inside the same snapshot."""
    conninfo, env = _pg_tool_args()
    pg_dump = shutil.which("pg_dump") or "/usr/bin/pg_dump"
    with _pg_snapshot() as (conn, snapshot_id):
        try:
            proc = subprocess.Popen(
                [pg_dump, "-Fc", "--no-password", f"--snapshot={snapshot_id}",
                 "-f", str(target), "-d", conninfo],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            raise BackupError(f"could not run pg_dump ({exc}): install the PostgreSQL "
                              "client tools of the server's major version or newer.") from exc
        try:
            facts = pg_facts(conn)  # while pg_dump runs, in the same snapshot
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise BackupError(f"pg_dump failed (exit {proc.returncode}): {err.strip()}")
    return facts


# Restore ------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    seconds: float
    checks: list[str]
    moved_aside: list[str]


def _files_in(root: Path) -> int:
    return len(_walk(root)) if root.exists() else 0


def _sqlite_table_count(path: Path) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return int(row[0]) if row else 0
    finally:
        conn.close()


def _pg_objects(conn: Any) -> list[str]:
    """DROP statements for what Gongkai creates in its schema (tables, views, sequences,
    functions), tables first: an identity sequence can only go with its table. An empty
    list means an empty database."""
    rows = conn.execute(
        "SELECT CASE c.relkind WHEN 'v' THEN 1 WHEN 'm' THEN 1 WHEN 'S' THEN 2 ELSE 0 END, "
        "format('DROP %s IF EXISTS %I.%I CASCADE', CASE c.relkind "
        "WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' "
        "WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, n.nspname, c.relname) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
        "UNION ALL SELECT 3, format('DROP FUNCTION IF EXISTS %s CASCADE', "
        "p.oid::regprocedure) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') "
        "ORDER BY 1, 2"
    ).fetchall()
    return [r[1] for r in rows]


def _target_problems() -> list[str]:
    """What already lives where the restore would write (empty list: safe to restore)."""
    problems = []
    if vendor() == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"])
        if _sqlite_table_count(path):
            problems.append(f"the database {path} is not empty")
    else:
        with _pg_connection() as conn:
            if _pg_objects(conn):
                problems.append(f"the PostgreSQL database "
                                f"{settings.DATABASES['default']['NAME']!r} is not empty")
    for label, root in (("media", Path(settings.MEDIA_ROOT)),
                        ("signing", Path(settings.GONGKAI_SIGNING_DIR))):
        count = _files_in(root)
        if count:
            problems.append(f"{root} ({label}) holds {count} files")
    return problems


def _member_target(name: str) -> str:
    """Refuse names that could write outside the staging folder."""
    pure = PurePosixPath(name)
    if (pure.is_absolute() or ".." in pure.parts or not pure.parts
            or (name not in (MANIFEST, SECRET_KEY_MEMBER) and not name.startswith(PREFIXES))):
        raise BackupError(f"the archive holds an unexpected member {name!r}: not a Gongkai "
                          "backup, or tampered with; nothing was restored.")
    return name


def _extract_verified(archive: Path, staging: Path) -> dict[str, Any]:
    """Extract into ``staging`` while hashing, then check every member against the
    manifest. Raises before anything outside ``staging`` is touched."""
    found: dict[str, dict[str, Any]] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                name = _member_target(member.name)
                if name in found or (name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"the archive holds {name!r} twice: tampered with; "
                                      "nothing was restored.")
                if not member.isfile():
                    raise BackupError(f"archive member {name!r} is not a regular file: "
                                      "tampered with; nothing was restored.")
                source = tar.extractfile(member)
                assert source is not None
                if name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
                os.chmod(target, member.mode & 0o755 or 0o600)  # never group/world-writable
                found[name] = {"sha256": digest.hexdigest(), "size": size}
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as exc:
        raise BackupError(f"{archive} is truncated or damaged ({exc}); nothing was "
                          "restored.") from exc
    if manifest_bytes is None:
        # A cut at a tar block boundary reads as a clean end of archive, so the missing
        # manifest (always the last member) is how truncation shows up there.
        raise BackupError(f"{archive} is truncated or damaged, or not a Gongkai backup: it "
                          f"has no {MANIFEST} (the manifest is the last member); nothing was "
                          "restored.")
    try:
        manifest = json.loads(manifest_bytes)
        expected = manifest["members"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{MANIFEST} in {archive} is unreadable ({exc}); nothing was "
                          "restored.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"archive format {manifest.get('format')!r} is not {FORMAT}: made by "
                          "another Gongkai version; restore it with that version.")
    problems = [f"{name}: missing from the archive" for name in expected if name not in found]
    problems += [f"{name}: not listed in the manifest" for name in found if name not in expected]
    problems += [f"{name}: sha256 differs from the manifest" for name in found
                 if name in expected and found[name] != expected[name]]
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more"
                                           if len(problems) > 5 else "")
        raise BackupError(f"{archive} does not match its manifest ({shown}): the archive is "
                          "damaged or was altered; nothing was restored.")
    return dict(manifest)


def _check_compatible(manifest: dict[str, Any]) -> None:
    from django.db.migrations.loader import MigrationLoader

    source = manifest["database"]["vendor"]
    if source != vendor():
        raise BackupError(
            f"this backup holds a {source} database but DATABASE_URL points to {vendor()}: "
            f"restore it into {source}, then move across as {MIGRATION_DOC} describes.")
    known = {f"{app}.{name}" for app, name in MigrationLoader(
        None, ignore_no_migrations=True).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            f"the backup was made by a newer Gongkai ({manifest.get('gongkai_version')}): "
            f"{len(unknown)} migrations are unknown here (first: {unknown[0]}). Install that "
            "version first, then restore.")


def _move_aside(stamp: str) -> list[str]:
    """--force: keep what was there (SQLite, files) rather than delete it; PostgreSQL
    objects cannot be moved, so they are dropped."""
    moved = []
    data_dir = Path(settings.DATA_DIR)
    aside = data_dir / f"pre-restore-{stamp}"
    if vendor() == "sqlite":
        db = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{db}{suffix}")
            if path.exists():
                aside.mkdir(exist_ok=True)
                shutil.move(path, aside / path.name)
                moved.append(f"{path} -> {aside / path.name}")
    else:
        import psycopg

        try:
            with _pg_connection() as conn:
                drops = _pg_objects(conn)
                with conn.transaction():  # all or nothing
                    for statement in drops:
                        conn.execute(statement)
        except psycopg.Error as exc:
            raise BackupError(f"could not empty the PostgreSQL database for --force ({exc}); "
                              "nothing was restored. Drop and create it by hand.") from exc
        if drops:
            moved.append(f"dropped {len(drops)} objects in database "
                         f"{settings.DATABASES['default']['NAME']!r}")
    for root in (Path(settings.MEDIA_ROOT), Path(settings.GONGKAI_SIGNING_DIR)):
        if root.exists() and _files_in(root):
            inside = root.resolve().is_relative_to(data_dir.resolve())
            dest = aside / root.name if inside else root.with_name(f"{root.name}.pre-restore-{stamp}")
            dest.parent.mkdir(exist_ok=True)
            shutil.move(root, dest)
            moved.append(f"{root} -> {dest}")
    key = data_dir / "secret_key"
    if key.exists():
        aside.mkdir(exist_ok=True)
        shutil.copy2(key, aside / "secret_key")
        moved.append(f"{key} copied to {aside / 'secret_key'}")
    return moved


def _place_tree(staged: Path, root: Path, *, private: bool) -> None:
    """Move a staged folder's content into ``root`` (which holds no files: checked
    before), keeping ``root`` itself in case it is a mount point or has its own mode."""
    if staged.exists():
        root.mkdir(parents=True, exist_ok=True)
        for entry in sorted(staged.iterdir()):
            dest = root / entry.name
            if dest.is_dir():
                shutil.rmtree(dest)  # empty folders only
            shutil.move(entry, dest)
    if private and root.exists():  # signing keys: 0700 folders, 0600 files (signing/keys.py)
        for folder, _dirs, files in os.walk(root):
            os.chmod(folder, 0o700)
            for name in files:
                os.chmod(Path(folder) / name, 0o600)


def _restore_database(manifest: dict[str, Any], staging: Path) -> None:
    if vendor() == "sqlite":
        db = Path(settings.DATABASES["default"]["NAME"])
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm", ""):  # leftovers of an empty database
            with contextlib.suppress(FileNotFoundError):
                Path(f"{db}{suffix}").unlink()
        os.replace(staging / DB_SQLITE, db)
        return
    conninfo, env = _pg_tool_args()
    pg_restore = shutil.which("pg_restore") or "/usr/bin/pg_restore"
    # One transaction: a failure leaves the database empty, not half restored. No owner
    # or grants: the objects belong to the DATABASE_URL user, as after `gongkai migrate`.
    try:
        result = subprocess.run(
            [pg_restore, "--no-password", "--single-transaction", "--exit-on-error",
             "--no-owner", "--no-privileges", "-d", conninfo, str(staging / DB_POSTGRES)],
            env=env, capture_output=True, text=True)
    except OSError as exc:
        raise BackupError(f"could not run pg_restore ({exc}): install the PostgreSQL client "
                          "tools.") from exc
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed (exit {result.returncode}); the database was "
                          f"left empty: {result.stderr.strip()[-2000:]}")


def _compare(manifest: dict[str, Any], facts: Facts) -> list[str]:
    """Differences between the restored database and what the manifest recorded."""
    problems = []
    expected = manifest["tables"]
    for name in sorted(set(expected) | set(facts.tables)):
        want, got = expected.get(name), facts.tables.get(name)
        if want is None or got is None:
            problems.append(f"table {name}: {'missing' if got is None else 'unexpected'}")
        elif want["rows"] != got["rows"]:
            problems.append(f"table {name}: {got['rows']} rows, the manifest says {want['rows']}")
        elif want["sha256"] != got["sha256"]:
            problems.append(f"table {name}: same row count but different content")
    # Sequences are not compared: PostgreSQL reads them outside any snapshot, so pg_dump
    # may store a value a little ahead of the manifest's. What matters is checked after a
    # PostgreSQL restore instead: every sequence is past the largest id in its column.
    if manifest.get("migrations") != facts.migrations:
        problems.append("applied migrations differ from the manifest")
    if manifest.get("audit_head") != facts.audit_head:
        problems.append(f"audit chain head {facts.audit_head} differs from the manifest's "
                        f"{manifest.get('audit_head')}")
    if manifest.get("transparency") != facts.transparency:
        problems.append(f"transparency log {facts.transparency} differs from the manifest's "
                        f"{manifest.get('transparency')}")
    media = Path(settings.MEDIA_ROOT)
    allowed_missing = set(manifest["files"].get("referenced_missing", []))
    lost = [n for n in facts.referenced_files if n not in allowed_missing
            and not (media / n).is_file()]
    if lost:
        problems.append(f"{len(lost)} files the database refers to are missing (first: {lost[0]})")
    return problems


def restore(*, archive: Path, force: bool = False) -> RestoreResult:
    """Restore an archive into an empty data dir and database, then prove the result."""
    from django.core.management import call_command
    from django.db import connections

    started = time.monotonic()
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist or is not a file.")
    problems = _target_problems()
    if problems and not force:
        raise BackupError("refusing to restore over existing data: " + "; ".join(problems)
                          + ". Restore into an empty data dir and an empty database, or pass "
                          "--force (SQLite files and folders are moved aside into "
                          "pre-restore-<time>/; PostgreSQL tables are DROPPED).")
    data_dir = Path(settings.DATA_DIR)
    staging = data_dir / f".restore-{secrets.token_hex(6)}"
    staging.mkdir(mode=0o700)
    moved: list[str] = []
    try:
        manifest = _extract_verified(archive, staging)
        _check_compatible(manifest)
        connections.close_all()
        if problems:
            moved = _move_aside(dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ"))
        _restore_database(manifest, staging)
        _place_tree(staging / "media", Path(settings.MEDIA_ROOT), private=False)
        _place_tree(staging / "signing", Path(settings.GONGKAI_SIGNING_DIR), private=True)
        if (staging / SECRET_KEY_MEMBER).exists():
            os.replace(staging / SECRET_KEY_MEMBER, data_dir / "secret_key")
            os.chmod(data_dir / "secret_key", 0o600)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    connections.close_all()
    checks = []
    facts = current_facts()
    mismatches = _compare(manifest, facts)
    if vendor() == "postgresql":
        with _pg_connection() as conn:
            mismatches += pg_sequence_problems(conn)
    if mismatches:
        raise BackupError("the restored data does not match the backup's manifest: "
                          + "; ".join(mismatches) + ". It is left in place for inspection: "
                          "do not start Gongkai on it; restore another archive with --force.")
    checks.append(f"{len(facts.tables)} tables, {sum(t['rows'] for t in facts.tables.values())} "
                  "rows: counts and content digests equal the manifest's")
    if facts.sequences:
        checks.append("every id sequence in use is past the largest id of its column")
    checks.append(f"{len(facts.referenced_files)} files referenced by the database are present "
                  f"({manifest['files']['media']} media files, {manifest['files']['signing']} "
                  "key files restored)")
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except Exception as exc:  # CommandError from a broken chain, or the database
        raise BackupError(f"after restore, gongkai audit verify failed: {exc}. The data is "
                          "left in place for inspection: do not start Gongkai on it.") from exc
    checks += [line.strip() for line in out.getvalue().splitlines() if line.strip()]
    head, log = manifest.get("audit_head"), manifest.get("transparency")
    if head:
        checks.append(f"audit chain head #{head['seq']} {head['hash'][:16]}… equals the manifest's")
    if log:
        checks.append(f"transparency log size {log['size']} root {log['root'][:16]}… equals "
                      "the manifest's")
    connections.close_all()
    return RestoreResult(manifest=manifest, seconds=time.monotonic() - started, checks=checks,
                         moved_aside=moved)
