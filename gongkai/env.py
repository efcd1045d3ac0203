"""Reading settings from the environment, failing fast with a message a person can act on.

Every variable read here is documented in docs/settings.md; keep the two in step.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key(data_dir: Path, *, production: bool) -> str:
    """SECRET_KEY from the environment; in the embedded default, kept in the data dir.

    A key that silently changes on every start would log everyone out and break signed
    links, so the generated key is written once and reused (STYLE.md: no silent random
    fallbacks). Production must set it explicitly.
    """
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if production and len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters in production.")
        return key
    if production:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when GONGKAI_ENV=production. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def database(url: str, default_sqlite: Path) -> dict[str, Any]:
    """Parse DATABASE_URL; only SQLite and PostgreSQL are supported (ADR 0002)."""
    import dj_database_url

    if not url:
        url = f"sqlite:///{default_sqlite}"
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {scheme!r} is not supported: use sqlite:///path/to/db.sqlite3 "
            "or postgres://user:password@host:5432/name."
        )
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from exc
    if config["ENGINE"].endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database: add /<name> after the host.")
    if config["ENGINE"].endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    config.setdefault("TEST", {})
    return config
