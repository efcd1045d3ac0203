"""A stand-in capability app, installed only by tests/core/test_registry.py (in a
subprocess): it shows that one line in ``GONGKAI_APPS`` is all an app needs."""
