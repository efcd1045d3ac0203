"""Signing knows no catalogue model (ADR 0014): it imports only ``catalogue.publication``,
and its tables name what was signed by plain ids, kept across the migration that dropped
the foreign keys."""

import ast
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

import gongkai.signing

SIGNING = Path(gongkai.signing.__file__).parent


def catalogue_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found |= {n for n in names if n.startswith("gongkai.catalogue")}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("gongkai.catalogue")}
    return found


def test_signing_imports_only_the_publication_contract_of_the_catalogue():
    allowed = {"gongkai.catalogue.publication"}
    offenders = {}
    for path in SIGNING.rglob("*.py"):
        imported = {n for n in catalogue_imports(path)
                    if not any(n == a or n.startswith(a + ".") for a in allowed)}
        if imported:
            offenders[str(path.relative_to(SIGNING))] = sorted(imported)
    assert offenders == {}
    assert catalogue_imports(SIGNING / "services.py")  # the walk does see imports


def test_signing_models_have_no_foreign_key_into_the_catalogue():
    from django.apps import apps

    for model in apps.get_app_config("signing").get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.app_label != "catalogue", (model, field)


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_each_signed_pdfs_record_and_version(agency, publish):
    from django.db.migrations.executor import MigrationExecutor

    from gongkai.signing.models import RecordPdf

    record = publish(agency)
    executor = MigrationExecutor(connection)
    before = [("signing", "0001_initial")]
    executor.migrate(before)
    old_pdf = executor.loader.project_state(before).apps.get_model("signing", "RecordPdf")
    old = old_pdf.objects.get()
    assert old._meta.get_field("record").is_relation  # the schema before: a foreign key
    assert (old.record_id, old.version_id) == (record.pk, record.current_version_id)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    row = RecordPdf.objects.get()
    assert (row.pk, row.record_id, row.version_id) == (old.pk, record.pk, record.current_version_id)
    # No constraint into the catalogue is left in the database either.
    with transaction.atomic():
        RecordPdf.objects.create(record_id=10**12, version_id=10**12)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordPdf.objects.create(record_id=record.pk, version_id=record.current_version_id)
