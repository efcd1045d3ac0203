"""The platform's Ed25519 key that signs tree heads, kept beside the signing keys.

One key for the whole platform (not per agency): the log is shared by every agency on the
platform, and a verifier should have to pin a single public key. Created on first use,
0600 in a 0700 directory under ``GONGKAI_SIGNING_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.conf import settings


def key_path() -> Path:
    return Path(settings.GONGKAI_SIGNING_DIR) / "transparency" / "log-ed25519.pem"


def log_signing_key() -> ed25519.Ed25519PrivateKey:
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        os.chmod(path.parent.parent, 0o700)
        key = ed25519.Ed25519PrivateKey.generate()
        data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, ed25519.Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return loaded


def log_public_key() -> bytes:
    return log_signing_key().public_key().public_bytes(serialization.Encoding.Raw,
                                                       serialization.PublicFormat.Raw)
