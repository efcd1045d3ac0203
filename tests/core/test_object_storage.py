"""Media on S3-compatible object storage (issue 24): with ``GONGKAI_S3_BUCKET`` the files go
to the bucket through django-storages, private, and are served through the views that
check who may have them. No S3 service runs here, so the bucket is moto's in-process fake
of the S3 API (the same HTTP calls boto3 makes to a real service, answered locally)."""

from __future__ import annotations

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from moto import mock_aws

from gongkai.catalogue.services import record_approve, record_attach, record_create, record_submit
from tests.factories import record_fields

BUCKET = "gongkai-media"


@pytest.fixture
def bucket(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
                "bucket_name": BUCKET, "region_name": "us-east-1", "location": "media",
                "access_key": "test", "secret_key": "test", "default_acl": None,
                "file_overwrite": False}}}
        yield client


def _keys(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_the_settings_put_media_in_the_bucket(monkeypatch):
    """The environment variables become django-storages' S3 backend with private objects."""
    import importlib

    import gongkai.settings as module

    monkeypatch.setenv("GONGKAI_S3_BUCKET", "city-media")
    monkeypatch.setenv("GONGKAI_S3_ENDPOINT_URL", "https://minio.example.gov.cn")
    try:
        fresh = importlib.reload(module)
        storage = fresh.STORAGES["default"]
        assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
        assert storage["OPTIONS"]["bucket_name"] == "city-media"
        assert storage["OPTIONS"]["endpoint_url"] == "https://minio.example.gov.cn"
        assert storage["OPTIONS"]["default_acl"] is None
        assert storage["OPTIONS"]["file_overwrite"] is False
    finally:
        monkeypatch.delenv("GONGKAI_S3_BUCKET")
        monkeypatch.delenv("GONGKAI_S3_ENDPOINT_URL")
        importlib.reload(module)


def test_the_storage_round_trips_a_file_without_overwriting(bucket):
    first = default_storage.save("attachments/2026/06/通知.txt", ContentFile("第一份".encode()))
    second = default_storage.save("attachments/2026/06/通知.txt", ContentFile("第二份".encode()))
    assert first != second  # a second file of the same name never replaces the first
    assert default_storage.open(first).read().decode() == "第一份"
    assert sorted(_keys(bucket)) == sorted(f"media/{name}" for name in (first, second))
    default_storage.delete(first)
    assert not default_storage.exists(first)


@pytest.mark.django_db
def test_a_published_attachment_lives_in_the_bucket_and_downloads_through_the_site(
        bucket, client, agency):
    record = record_create(actor=None, agency=agency, **record_fields())
    attachment = record_attach(actor=None, record=record, filename="工作要点.txt",
                               data="上海市司法局2020年政务公开工作要点".encode())
    record_submit(actor=None, record=record)
    record_approve(actor=None, record=record)
    assert f"media/{attachment.file.name}" in _keys(bucket)
    url = reverse("catalogue:attachment", kwargs={"agency": agency.slug, "pk": attachment.pk,
                                                  "filename": attachment.original_name})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "上海市司法局2020年政务公开工作要点"
