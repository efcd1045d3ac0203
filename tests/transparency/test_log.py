"""The log in the database: written with publication, proved through the API, append-only,
and rebuilt by ``gongkai audit verify``."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from gongkai.catalogue import services as catalogue
from gongkai.catalogue.publication import content_sha256
from gongkai.transparency import selectors, services
from gongkai.transparency import verifier as v
from gongkai.transparency.migrations import _triggers
from gongkai.transparency.models import AppendOnlyError, LogEntry, LogState, TreeHead, TreeNode

pytestmark = pytest.mark.django_db


def fill(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            services.log_append(kind="publish", leaf={"record": i, "version": 1}, agency_id=None,
                                record_id=i, version_number=1)


def test_publication_and_withdrawal_are_logged_in_the_same_transaction(agency, publish, reviewer):
    record = publish(agency)
    entry = LogEntry.objects.get(record_id=record.pk)
    leaf = json.loads(entry.leaf)
    assert leaf["type"] == "publish" and leaf["version"] == 1 and leaf["agency"] == agency.slug
    assert leaf["index_number"] == record.index_number
    assert leaf["content_sha256"] == content_sha256(record.current_version,
                                                                     record.index_number)
    assert "title" not in leaf  # digests only: the log outlives a withdrawal
    assert entry.leaf_hash == v.leaf_hash(entry.leaf.encode()).hex()
    catalogue.record_withdraw(actor=reviewer, record=record, reason="有误")
    kinds = list(LogEntry.objects.filter(record_id=record.pk).values_list("kind", flat=True))
    assert kinds == ["publish", "withdraw"]
    head = selectors.head_latest()
    assert head.tree_size == 2 and LogState.objects.get().size == 2


def test_failed_publication_leaves_no_entry(agency, publish):
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(agency)
        raise RuntimeError("rolled back")
    assert not LogEntry.objects.exists() and not TreeHead.objects.exists()


def test_non_public_versions_are_not_logged(agency, editor, reviewer):
    from tests.factories import record_fields

    record = catalogue.record_create(actor=editor, agency=agency, **record_fields(
        disclosure_attribute="on_request", withholding_reason="涉及第三方", withholding_basis="第十五条"))
    catalogue.record_approve(actor=reviewer, record=catalogue.record_submit(actor=editor, record=record))
    assert not LogEntry.objects.exists()


def test_proofs_from_the_api_verify_offline(client, tmp_path):
    fill(23)
    key = bytes.fromhex(client.get("/api/v1/transparency/key").json()["public_key"])
    head = client.get("/api/v1/transparency/head").json()
    assert head["tree_size"] == 23
    assert v.verify_tree_head(key, 23, head["timestamp"], bytes.fromhex(head["root_hash"]),
                              bytes.fromhex(head["signature"]))
    for size in (1, 2, 7, 16, 23):
        for index in range(size):
            proof = client.get(f"/api/v1/transparency/proof/inclusion?leaf_index={index}"
                               f"&tree_size={size}").json()
            assert v.check_inclusion_json(proof), (index, size)
            entry = client.get(f"/api/v1/transparency/entries/{index}").json()
            assert v.leaf_hash(entry["leaf_json"].encode()).hex() == proof["leaf_hash"]
        for first in range(1, size + 1):
            proof = client.get(f"/api/v1/transparency/proof/consistency?first={first}"
                               f"&second={size}").json()
            assert v.check_consistency_json(proof), (first, size)
    saved = tmp_path / "proof.json"
    saved.write_text(client.get("/api/v1/transparency/proof/inclusion?leaf_index=5").content.decode())
    call_command("transparency", "verify-proof", "inclusion", str(saved))
    proof = json.loads(saved.read_text())
    proof["leaf_hash"] = "ab" * 32
    saved.write_text(json.dumps(proof))
    with pytest.raises(CommandError):
        call_command("transparency", "verify-proof", "inclusion", str(saved))
    head_file = tmp_path / "head.json"
    head_file.write_text(json.dumps(head))
    call_command("transparency", "verify-proof", "head", str(head_file))


def test_inclusion_proof_by_record_and_version(agency, publish, client):
    record = publish(agency)
    proof = client.get(f"/api/v1/transparency/proof/inclusion?record={record.pk}&version=1").json()
    assert proof["leaf_index"] == 0 and v.check_inclusion_json(proof)
    assert client.get(f"/api/v1/transparency/proof/inclusion?record={record.pk}&version=9").status_code == 404


def test_bad_proof_requests_are_4xx(client):
    assert client.get("/api/v1/transparency/head").status_code == 404
    fill(3)
    for url in ("proof/inclusion?leaf_index=3", "proof/inclusion?leaf_index=0&tree_size=4",
                "proof/inclusion", "proof/consistency?first=0", "proof/consistency?first=4",
                "proof/consistency?first=2&second=9", "entries?start=5&end=2",
                "proof/inclusion?leaf_index=abc"):
        response = client.get(f"/api/v1/transparency/{url}")
        assert response.status_code == 422, url
        assert "error" in response.json()
    assert client.get("/api/v1/transparency/entries/99").status_code == 404
    assert len(client.get("/api/v1/transparency/entries?start=0&end=1000").json()) == 3


def test_models_and_triggers_refuse_update_and_delete():
    fill(2)
    entry = LogEntry.objects.first()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        TreeHead.objects.update(root_hash="0" * 64)
    _triggers.install(connection)
    try:
        for sql in ("UPDATE transparency_logentry SET leaf = 'x'",
                    "DELETE FROM transparency_treenode",
                    "UPDATE transparency_treehead SET root_hash = 'x'"):
            with pytest.raises(Exception, match="append-only"), transaction.atomic(), \
                    connection.cursor() as cursor:
                cursor.execute(sql)
    finally:
        _triggers.drop(connection)


def _raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("tamper", [
    "UPDATE transparency_logentry SET leaf = replace(leaf, '\"record\":3', '\"record\":4') "
    "WHERE \"index\" = 3",
    "DELETE FROM transparency_logentry WHERE \"index\" = 9",
    "UPDATE transparency_treehead SET root_hash = '" + "0" * 64 + "' WHERE tree_size = 5",
    "UPDATE transparency_treehead SET signature = '" + "ab" * 64 + "' WHERE tree_size = 7",
    "DELETE FROM transparency_treehead WHERE tree_size = 6",
    "UPDATE transparency_treenode SET hash = '" + "1" * 64 + "' WHERE key = 1",
    "DELETE FROM transparency_treenode WHERE key = 5",
])
def test_audit_verify_detects_tampering(tamper, capsys):
    fill(12)
    call_command("audit", "verify")
    assert "transparency log intact: 12 entries verified" in capsys.readouterr().out
    _raw(tamper)
    assert not selectors.log_verify().ok
    with pytest.raises(CommandError, match="transparency log BROKEN"):
        call_command("audit", "verify")


def test_removing_the_newest_entries_is_detected():
    fill(5)
    _raw('DELETE FROM transparency_logentry WHERE "index" = 4')
    _raw("DELETE FROM transparency_treehead WHERE tree_size = 5")
    _raw("DELETE FROM transparency_treenode WHERE key IN (4)")
    result = selectors.log_verify()
    assert not result.ok and "5" in result.problem


def test_unique_index_guards_concurrent_appends():
    fill(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        LogEntry.objects.create(index=0, kind="publish", leaf="{}", leaf_hash="0" * 64,
                                created_at=LogEntry.objects.get().created_at)
    assert TreeNode.objects.count() == 1


def test_audit_verify_detects_a_published_text_edited_in_the_database(agency, publish, capsys):
    record = publish(agency)
    call_command("audit", "verify")
    assert "published versions against the log intact: 1 entries verified" in capsys.readouterr().out
    _raw("UPDATE catalogue_recordversion SET body = %s WHERE id = %s", "篡改后的正文",
         record.current_version_id)
    assert not selectors.content_verify().ok
    with pytest.raises(CommandError, match="changed after it was published"):
        call_command("audit", "verify")
