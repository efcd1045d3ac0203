"""The Redis cache backend, against a real Redis when one is reachable."""

import os
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings


@pytest.mark.redis
def test_redis_cache_round_trip():
    # make test deselects this test (and says so) when no Redis answers.
    url = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    config = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": url, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    with override_settings(CACHES=config):
        cache = caches.create_connection("default")
        cache.set("greeting", {"text": "你好"}, 30)
        assert cache.get("greeting") == {"text": "你好"}
        assert cache.incr("greeting-count", 1) if cache.add("greeting-count", 0) else True
        cache.delete("greeting")
        assert cache.get("greeting") is None
