"""``gongkai backup`` / ``gongkai restore`` round trips on the suite's database vendor.

A real data dir (its own database: a fresh PostgreSQL database when the suite runs on
PostgreSQL) gets a published record with an attachment, a signed PDF (signing keys, the
transparency log and its key), an application and audit events; then a writer process
keeps publishing records and taking applications while ``gongkai backup`` runs. The
archive is restored into an empty data dir and empty database and compared with the
source: tables (row counts and content), media files byte for byte, keys, secret_key,
audit chain and transparency log. Damaged archives and non-empty targets are refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.live import environment, gongkai, live_database, prepare

PROJECT = Path(settings.PROJECT_DIR)

# Seeds the source, then writes until the stop file appears; prints progress to a file.
WRITER = r"""
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
import django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from gongkai.applications import services as applications
from gongkai.catalogue import services as catalogue
from gongkai.core.models import Role
from gongkai.signing import services as signing
from tests.factories import AgencyFactory, record_fields, staff

progress, stop = sys.argv[1], sys.argv[2]
agency = AgencyFactory(slug="sfj", name="上海市司法局", short_name="市司法局",
                       organisation_code="002420455M")
editor = staff(Role.EDITOR, agency, "editor1")
reviewer = staff(Role.REVIEWER, agency, "reviewer1")
PERSON = {"applicant_type": "natural_person", "applicant_name": "演示张三",
          "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800000000",
          "email": "zhangsan@example.com", "address": "上海市演示路1号",
          "delivery_form": "electronic", "receipt_method": "email"}


def publish(n):
    record = catalogue.record_create(actor=editor, agency=agency, **record_fields(
        title=f"关于第{n}批政务公开事项的通知", document_number=f"沪司办〔2020〕{n + 10}号"))
    catalogue.record_attach(actor=editor, record=record, filename=f"任务分解表{n}.txt",
                            data=f"附件{n}:任务分解表\n".encode() * 40)
    record = catalogue.record_submit(actor=editor, record=record)
    record = catalogue.record_approve(actor=reviewer, record=record)
    applications.submit_online(agency=agency, **PERSON, description=f"请公开第{n}批政务公开事项")
    return record


def report(n):
    with open(progress + ".tmp", "w") as f:
        f.write(str(n))
    os.replace(progress + ".tmp", progress)


first = publish(0)
signing.record_pdf_build(version_id=first.current_version_id)
report(0)
n = 0
while not os.path.exists(stop):
    n += 1
    publish(n)
    report(n)
"""

def _rows(conn, sql: str) -> list[tuple]:
    cursor = conn.execute(sql)
    return list(cursor.fetchall())


def state(data_dir: Path, database_url: str | None) -> dict:
    """An independent reading of a database (not gongkai/core/backup.py's, and without
    Django): every table's rows sorted and hashed, every audit event's hash and every
    signed tree head's root."""
    if database_url:
        import psycopg

        conn = psycopg.connect(database_url, autocommit=True)
        conn.execute("SET TIME ZONE 'UTC'")
        names = [r[0] for r in _rows(conn, "SELECT tablename FROM pg_tables "
                                           "WHERE schemaname = 'public'")]
    else:
        conn = sqlite3.connect(f"file:{data_dir / 'gongkai.sqlite3'}?mode=ro", uri=True)
        names = [r[0] for r in _rows(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    try:
        tables = {}
        for name in sorted(names):
            rows = sorted(repr(tuple(bytes(v).hex() if isinstance(v, bytes | memoryview) else v
                                     for v in row))
                          for row in _rows(conn, f'SELECT * FROM "{name}"'))  # noqa: S608
            tables[name] = [len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()]
        return {
            "tables": tables,
            "audit": {str(s): h for s, h in _rows(conn, "SELECT seq, hash FROM audit_auditevent")},
            "heads": {str(s): r for s, r in _rows(
                conn, "SELECT tree_size, root_hash FROM transparency_treehead")},
        }
    finally:
        conn.close()


def run_gongkai(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """``gongkai ARGS`` whatever its exit status (live.gongkai raises on failure)."""
    return subprocess.run([sys.executable, "-m", "gongkai", *args], env=env, cwd=PROJECT,
                          capture_output=True, text=True, timeout=300)


def files(root: Path) -> dict[str, str]:
    """Every regular file under root: relative path -> sha256 of its bytes."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read())


def wait_for(progress: Path, at_least: int, proc: subprocess.Popen, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while True:
        text = progress.read_text() if progress.exists() else ""
        if text and int(text) >= at_least:
            return int(text)
        if proc.poll() is not None:
            raise AssertionError(f"the writer exited: {proc.communicate()[1][-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"the writer reached {text or 'nothing'}, not {at_least}")
        time.sleep(0.1)


def assert_target_empty(data_dir: Path, database_url: str | None) -> None:
    """Nothing of the archive was written: no database content, files or keys."""
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as conn:
            count = conn.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public'").fetchone()
        assert count == (0,)
    else:
        db = data_dir / "gongkai.sqlite3"
        assert not db.exists() or db.stat().st_size == 0
    assert files(data_dir / "media") == {}
    assert files(data_dir / "signing") == {}
    assert not list(data_dir.glob(".restore-*"))


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A source data dir written to while ``gongkai backup`` runs (archive ``online``),
    then left still and backed up again (archive ``still``)."""
    root = tmp_path_factory.mktemp("backup")
    with live_database() as url:
        env = environment(root / "source", url)
        started = time.monotonic()
        prepare(env, demo=False)
        progress, stop = root / "progress", root / "stop"
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(progress), str(stop)],
                                  env=env, cwd=PROJECT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        try:
            wait_for(progress, 2, writer)
            online = gongkai(env, "backup", "--output", str(root)).stdout
            online_path = Path(online.split("backup written: ", 1)[1].split()[0])
            # The writer kept going: the backup is a snapshot of a moving installation.
            wait_for(progress, int(progress.read_text()) + 2, writer)
        finally:
            stop.touch()
            _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err[-3000:]
        still = root / "still.tar.gz"
        gongkai(env, "backup", "--output", str(still))
        yield {"env": env, "dir": root / "source", "root": root, "online": online_path,
               "still": still, "url": url, "writes": int(progress.read_text()),
               "state": state(root / "source", url), "seconds": time.monotonic() - started}


@pytest.mark.live
def test_backup_while_writing_restores_consistently_and_force_restores_over(source):
    manifest = manifest_of(source["online"])
    assert manifest["database"]["vendor"] == ("postgresql" if source["url"] else "sqlite")
    assert manifest["audit_head"]["seq"] > 0 and manifest["transparency"]["size"] >= 3
    assert manifest["files"]["referenced_missing"] == []
    with live_database() as url:
        target = source["root"] / "online-target"
        env = environment(target, url)
        result = run_gongkai(env, "restore", str(source["online"]))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "counts and content digests equal the manifest's" in result.stdout
        assert "audit chain intact" in result.stdout
        assert "transparency log intact" in result.stdout

        after, before = state(target, url), source["state"]
        # A real prefix of the source: the same chain up to the snapshot, which the writer
        # then extended (so the backup did not wait for the writes to stop).
        head = manifest["audit_head"]
        assert after["audit"][str(head["seq"])] == head["hash"] == before["audit"][str(head["seq"])]
        assert len(before["audit"]) > len(after["audit"]) == head["seq"]
        log = manifest["transparency"]
        assert after["heads"][str(log["size"])] == log["root"] == before["heads"][str(log["size"])]
        assert len(before["heads"]) > len(after["heads"]) == log["size"]
        for name, (rows, _) in after["tables"].items():
            assert rows == manifest["tables"].get(name, {"rows": rows})["rows"], name
        # Media files are never rewritten: each restored one equals the source's.
        restored, original = files(target / "media"), files(source["dir"] / "media")
        assert restored and all(original[name] == digest for name, digest in restored.items())
        assert files(target / "signing") == files(source["dir"] / "signing")
        assert (target / "secret_key").read_bytes() == (source["dir"] / "secret_key").read_bytes()
        assert oct((target / "signing").stat().st_mode & 0o777) == "0o700"

        # A second restore into the now non-empty target is refused and changes nothing.
        def kept() -> dict[str, str]:
            return {name: digest for name, digest in files(target).items()
                    if name.split("/")[0] in {"gongkai.sqlite3", "media", "signing", "secret_key"}}

        before_refusal = kept()
        again = run_gongkai(env, "restore", str(source["online"]))
        assert again.returncode != 0
        assert "refusing to restore over existing data" in again.stderr
        assert "--force" in again.stderr
        assert kept() == before_refusal  # on SQLite the database file too, byte for byte

        # --force restores over it (the still backup this time) and keeps the old data
        # aside (SQLite and files) or drops it (PostgreSQL tables).
        forced = run_gongkai(env, "restore", "--force", str(source["still"]))
        assert forced.returncode == 0, forced.stdout + forced.stderr
        assert f"audit chain intact: {len(before['audit'])} events verified" in forced.stdout
        aside = next(target.glob("pre-restore-*"))
        assert files(aside / "media") == restored
        if url is None:
            assert (aside / "gongkai.sqlite3").exists()

        # The still backup: the restored installation equals the source in every respect.
        assert state(target, url) == before  # every table row for row, chain, tree heads
        assert len(before["tables"]) > 50 and len(before["heads"]) >= 3
        assert files(target / "media") == files(source["dir"] / "media")
        assert {Path(n).parts[0] for n in files(target / "media")} >= {"attachments", "signed"}
        assert files(target / "signing") == files(source["dir"] / "signing")
        assert "transparency/log-ed25519.pem" in files(target / "signing")
        assert (target / "secret_key").read_bytes() == (source["dir"] / "secret_key").read_bytes()


def _rewrite(archive: Path, out: Path, change) -> None:
    """Copy a gzip archive to an uncompressed one, letting ``change`` edit members."""
    with tarfile.open(archive) as src, tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as dst:
        for member in src:
            handle = src.extractfile(member)
            assert handle is not None
            data = change(member.name, handle.read())
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))


@pytest.mark.live
def test_damaged_archives_are_refused_and_write_nothing(source):
    root = source["root"]
    tampered, truncated, other_vendor = (root / "tampered.tar", root / "truncated.tar",
                                         root / "other-vendor.tar")

    def flip(name: str, data: bytes) -> bytes:
        if name.startswith("database/"):
            middle = len(data) // 2
            return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]
        return data

    def vendor(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = "sqlite" if source["url"] else "postgresql"
        return json.dumps(manifest).encode()

    _rewrite(source["still"], tampered, flip)
    _rewrite(source["still"], other_vendor, vendor)
    whole = (root / "plain.tar")
    _rewrite(source["still"], whole, lambda name, data: data)
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])

    with live_database() as url:
        target = root / "damaged-target"
        env = environment(target, url)
        for archive, message in ((tampered, "sha256 differs from the manifest"),
                                 (truncated, "truncated or damaged"),
                                 (other_vendor, "Moving from SQLite to PostgreSQL")):
            result = run_gongkai(env, "restore", str(archive))
            assert result.returncode != 0, archive
            assert message in result.stderr, result.stderr
            assert "restore failed" in result.stderr
            assert_target_empty(target, url)


# Without a database ---------------------------------------------------------------------


def test_table_digest_ignores_row_order_and_sees_any_change():
    from gongkai.core.backup import table_digest

    rows = [(1, "甲", b"\x00", None), (2, "乙", memoryview(b"\x01"), 1.5)]
    count, digest = table_digest(rows)
    assert (count, digest) == table_digest(list(reversed(rows)))
    assert digest != table_digest([(1, "甲", b"\x00", None), (2, "乙", b"\x01", 1.25)])[1]
    assert table_digest(rows + rows[:1])[0] == 3
    assert table_digest(rows + rows[:1])[1] != digest


def test_failed_backup_leaves_no_archive_and_says_why(tmp_path, monkeypatch):
    from gongkai.core import backup

    with pytest.raises(backup.BackupError, match="does not exist"):
        backup.backup_create(output=tmp_path / "missing" / "x.tar")

    def broken(raw, workdir, now, *, gzip):
        raw.write(b"half an archive")
        raise backup.BackupError("pg_dump failed (exit 1): connection refused")

    monkeypatch.setattr(backup, "_write_archive", broken)
    with pytest.raises(backup.BackupError, match="pg_dump failed"):
        backup.backup_create(output=tmp_path)
    assert list(tmp_path.iterdir()) == []  # no partial archive, no temporary folder
