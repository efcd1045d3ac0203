"""Signing keys and certificates on disk, outside the database.

A database dump or a read-only SQL injection must not yield a key that can forge the
agency's signature, so private keys live under ``GONGKAI_SIGNING_DIR`` (by default
``<data dir>/signing``) with 0600 files in 0700 directories; the database keeps only the
public certificate and the key's file name. The demo CA (``ca/``) is created on first use
so that a fresh install signs from the first publication; a real deployment imports a
PKCS#12 issued by a recognised CA instead (``gongkai signing import-p12``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

DEMO_CA_NAME = "Gongkai Demo CA (本地演示根证书)"


class KeyStoreError(Exception):
    """A key or certificate could not be created, read or imported (message is for people)."""


def signing_dir() -> Path:
    return Path(settings.GONGKAI_SIGNING_DIR)


def _private_dir(path: Path) -> Path:
    """Create ``path`` and make it and its parents up to the signing dir owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    root = signing_dir().resolve()
    current = path.resolve()
    while True:
        os.chmod(current, 0o700)
        if current == root or root not in current.parents:
            return path
        current = current.parent


def _write_secret(path: Path, data: bytes) -> None:
    """Create the file 0600 from the start (no window where it is world-readable)."""
    _private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def _write_public(path: Path, data: bytes) -> None:
    _private_dir(path.parent)
    path.write_bytes(data)


def _pem_key(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _pem_cert(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer, content_commitment=signer, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=not signer,
        crl_sign=not signer, encipher_only=False, decipher_only=False,
    )


def demo_ca() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """The local demo CA, created once per data directory."""
    folder = signing_dir() / "ca"
    key_path, cert_path = folder / "ca-key.pem", folder / "ca-cert.pem"
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise KeyStoreError("演示根证书私钥格式不正确。")
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), key
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, DEMO_CA_NAME),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Gongkai")])
    now = _now()
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_secret(key_path, _pem_key(key))
    _write_public(cert_path, _pem_cert(cert))
    return cert, key


@dataclass(frozen=True)
class KeyMaterial:
    """What was written to disk for one certificate; ``key_file`` is relative."""

    certificate: x509.Certificate
    chain: list[x509.Certificate]
    key_file: str


def _agency_folder(agency_slug: str) -> Path:
    return _private_dir(signing_dir() / "agencies" / agency_slug)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _store(agency_slug: str, key, cert: x509.Certificate,
           chain: list[x509.Certificate]) -> KeyMaterial:
    folder = _agency_folder(agency_slug)
    stem = fingerprint(cert)[:24]
    _write_secret(folder / f"{stem}.key.pem", _pem_key(key))
    _write_public(folder / f"{stem}.cert.pem",
                  b"".join(_pem_cert(c) for c in [cert, *chain]))
    return KeyMaterial(cert, chain, f"agencies/{agency_slug}/{stem}.key.pem")


def generate_agency_key(*, agency_slug: str, agency_name: str, organisation_code: str,
                        days: int) -> KeyMaterial:
    """A fresh P-256 key and a certificate for it issued by the demo CA."""
    ca_cert, ca_key = demo_ca()
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency_name),
        x509.NameAttribute(NameOID.COMMON_NAME, agency_name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, organisation_code or agency_slug),
    ])
    now = _now()
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(min(now + dt.timedelta(days=days), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signer=True), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return _store(agency_slug, key, cert, [ca_cert])


def import_pkcs12(*, agency_slug: str, data: bytes, password: bytes | None) -> KeyMaterial:
    """Take the key, certificate and chain out of a PKCS#12 bundle from a real CA."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError as exc:
        raise KeyStoreError("无法读取 PKCS#12 文件:文件损坏或密码错误。") from exc
    if key is None or cert is None:
        raise KeyStoreError("PKCS#12 文件中缺少私钥或证书。")
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise KeyStoreError("只支持 RSA 或椭圆曲线(ECDSA)签名密钥。")
    if _now() >= cert.not_valid_after_utc:
        raise KeyStoreError("证书已过期。")
    return _store(agency_slug, key, cert, list(extra or []))


def load_private_key(key_file: str):
    path = signing_dir() / key_file
    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        raise KeyStoreError(f"签名私钥文件不存在:{path}") from exc


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)
