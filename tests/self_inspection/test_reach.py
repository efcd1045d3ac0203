"""IPv6 and HTTPS reachability of the public address, against real loopback servers: a
server on ::1 (IPv6 reachable) and one on 127.0.0.1 only (no IPv6 address), a TLS server
with a self-signed certificate (not trusted), the same certificate trusted (reachable) and
one expiring in 10 days; an address without HTTPS; no public address configured."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gongkai.self_inspection import reach
from gongkai.self_inspection.checks import inspect


def _listening(family, host):
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.bind((host, 0))
    sock.listen(8)
    sock.settimeout(0.2)
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                conn.close()
            except TimeoutError:
                continue
            except OSError:  # closed by the test
                break

    threading.Thread(target=accept, daemon=True).start()
    return sock, stop


def test_ipv6_reachable_on_an_ipv6_address_and_missing_on_an_ipv4_one():
    v6, stop6 = _listening(socket.AF_INET6, "::1")
    v4, stop4 = _listening(socket.AF_INET, "127.0.0.1")
    try:
        assert reach.check_ipv6("::1", v6.getsockname()[1], timeout=2) == []
        missing = reach.check_ipv6("127.0.0.1", v4.getsockname()[1], timeout=2)
        assert [f["title"] for f in missing] == ["没有IPv6地址（AAAA记录）"]
        # An IPv6 address where nothing listens: found, within the timeout.
        closed = socket.socket(socket.AF_INET6)
        closed.bind(("::1", 0))
        port = closed.getsockname()[1]
        closed.close()
        refused = reach.check_ipv6("::1", port, timeout=2)
        assert refused[0]["title"] == "IPv6地址无法连接"
    finally:
        stop6.set(), stop4.set()
        v6.close(), v4.close()


def _certificate(tmp_path, *, days):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / f"cert{days}.pem", tmp_path / f"key{days}.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.fixture
def tls_server(tmp_path):
    servers = []

    def start(days):
        cert_file, key_file = _certificate(tmp_path, days=days)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        sock, stop = _listening_tls(context)
        servers.append((sock, stop))
        return sock.getsockname()[1], str(cert_file)

    yield start
    for sock, stop in servers:
        stop.set()
        sock.close()


def _listening_tls(context):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by the test
                break
            conn.settimeout(5)
            try:
                with context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except (OSError, ssl.SSLError):
                pass

    threading.Thread(target=serve, daemon=True).start()
    return sock, stop


def test_https_certificate_untrusted_trusted_and_expiring(tls_server):
    port, cafile = tls_server(365)
    untrusted = reach.check_tls("127.0.0.1", port, timeout=3)
    assert [f["title"] for f in untrusted] == ["HTTPS证书不受信任、已过期或与域名不符"]
    assert "self" in untrusted[0]["detail"] or "certificate" in untrusted[0]["detail"]
    assert reach.check_tls("127.0.0.1", port, timeout=3, cafile=cafile) == []
    soon_port, soon_ca = tls_server(10)
    expiring = reach.check_tls("127.0.0.1", soon_port, timeout=3, cafile=soon_ca)
    assert len(expiring) == 1 and expiring[0]["title"].startswith("HTTPS证书")
    assert "天后过期" in expiring[0]["title"]


def test_an_address_without_https_and_an_unreachable_one():
    found = reach.check_address("http://127.0.0.1:9/", timeout=1)
    titles = {f["key"]: f["title"] for f in found}
    assert titles == {"ipv6": "没有IPv6地址（AAAA记录）", "https": "公开地址未使用HTTPS"}
    closed = reach.check_tls("127.0.0.1", 9, timeout=1)  # nothing listens on discard
    assert closed[0]["title"] == "HTTPS无法连接"


@pytest.mark.django_db
def test_nothing_is_checked_until_a_public_address_is_configured(agency, settings):
    settings.GONGKAI_SITE_URL = "http://localhost:8000"
    assert reach.configured_address() is None
    assert reach.run() is None  # what the daily job does: nothing, and says so
    assert inspect(agency)["reach"] == {"checked": False}
    settings.GONGKAI_SITE_URL = "https://gk.sfj.example.gov.cn"
    assert reach.configured_address() == "https://gk.sfj.example.gov.cn"


@pytest.mark.django_db
def test_the_findings_are_deductions_with_their_points(agency):
    reach.run(url="http://127.0.0.1:9", timeout=1)
    result = inspect(agency)
    by_key = {d["key"]: d for d in result["deductions"]}
    assert by_key["ipv6"]["points"] == 1 and by_key["https"]["points"] == 1
    assert by_key["https"]["items"][0]["title"] == "公开地址未使用HTTPS"
    assert result["reach"]["checked"] and result["reach"]["findings"] == 2
