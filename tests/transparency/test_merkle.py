"""Proof generation against a naive reference (RFC 6962 §2.1 written out literally) and the
standalone verifier, for every leaf and size up to 70 and a few larger sizes."""

import hashlib
import json
import random
import subprocess
import sys

import pytest

from gongkai.transparency import merkle
from gongkai.transparency import verifier as v


def mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 MTH, recursively, straight from the definition."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n <= 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m: int, leaves: list[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [mth(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return subproof(m, leaves[:k], complete) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def build(leaves: list[bytes]) -> dict:
    nodes: dict = {}
    for i, leaf in enumerate(leaves):
        for key, digest in merkle.parents_completed(i, v.leaf_hash(leaf), nodes.__getitem__):
            nodes[key] = digest
    return nodes


LEAVES = [f"leaf-{i}".encode() for i in range(70)]
NODES = build(LEAVES)


def proof_from_store(ranges):
    return [merkle.range_hash(a, b, NODES) for a, b in ranges]


@pytest.mark.parametrize("n", range(1, 71))
def test_inclusion_matches_reference_and_verifies(n):
    root = mth(LEAVES[:n])
    assert merkle.range_hash(0, n, NODES) == root
    for m in range(n):
        proof = proof_from_store(merkle.inclusion_ranges(m, n))
        assert proof == path(m, LEAVES[:n])
        assert v.verify_inclusion(m, n, v.leaf_hash(LEAVES[m]), proof, root)


@pytest.mark.parametrize("n", range(1, 71))
def test_consistency_matches_reference_and_verifies(n):
    root = mth(LEAVES[:n])
    for m in range(1, n + 1):
        proof = proof_from_store(merkle.consistency_ranges(m, n))
        assert proof == subproof(m, LEAVES[:n], True)
        assert v.verify_consistency(m, n, mth(LEAVES[:m]), root, proof)


def test_tampered_proofs_fail():
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(2, 70)
        m = rng.randrange(n)
        root = mth(LEAVES[:n])
        leaf = v.leaf_hash(LEAVES[m])
        proof = path(m, LEAVES[:n])
        bad = list(proof)
        i = rng.randrange(len(bad))
        bad[i] = bytes([bad[i][0] ^ 1]) + bad[i][1:]
        assert not v.verify_inclusion(m, n, leaf, bad, root)
        assert not v.verify_inclusion(m, n, leaf, proof[:-1], root)
        assert not v.verify_inclusion(m, n, leaf, proof + [leaf], root)
        assert not v.verify_inclusion((m + 1) % n, n, leaf, proof, root) or LEAVES[m] == LEAVES[(m + 1) % n]
        assert not v.verify_inclusion(m, n, v.leaf_hash(b"forged"), proof, root)
        first = rng.randint(1, n - 1)
        cproof = subproof(first, LEAVES[:n], True)
        assert v.verify_consistency(first, n, mth(LEAVES[:first]), root, cproof)
        assert not v.verify_consistency(first, n, mth(LEAVES[:first]), v.leaf_hash(b"x"), cproof)
        assert not v.verify_consistency(first, n, v.leaf_hash(b"x"), root, cproof)
        if cproof:
            broken = list(cproof)
            broken[-1] = bytes([broken[-1][0] ^ 1]) + broken[-1][1:]
            assert not v.verify_consistency(first, n, mth(LEAVES[:first]), root, broken)


def test_edge_cases():
    root = mth(LEAVES[:5])
    assert not v.verify_inclusion(5, 5, v.leaf_hash(LEAVES[0]), [], root)
    assert not v.verify_inclusion(-1, 5, v.leaf_hash(LEAVES[0]), [], root)
    assert v.verify_consistency(0, 5, hashlib.sha256(b"").digest(), root, [])
    assert v.verify_consistency(5, 5, root, root, [])
    assert not v.verify_consistency(5, 5, root, root, [root])
    assert not v.verify_consistency(6, 5, root, root, [])
    with pytest.raises(ValueError):
        merkle.inclusion_ranges(5, 5)
    with pytest.raises(ValueError):
        merkle.consistency_ranges(0, 5)


def test_standalone_verifier_command_line(tmp_path):
    n, m = 37, 11
    proof = {"leaf_index": m, "tree_size": n, "leaf_hash": v.leaf_hash(LEAVES[m]).hex(),
             "audit_path": [h.hex() for h in path(m, LEAVES[:n])], "root_hash": mth(LEAVES[:n]).hex()}
    good = tmp_path / "good.json"
    good.write_text(json.dumps(proof))
    proof["audit_path"][0] = "00" * 32
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(proof))
    junk = tmp_path / "junk.json"
    junk.write_text('{"leaf_index": 1, "tree_size": 2, "leaf_hash": "zz"}')
    leaf = tmp_path / "leaf.bin"
    leaf.write_bytes(LEAVES[m])

    def run(*args):
        # -I: isolated mode, no site-packages: the verifier needs the standard library only.
        return subprocess.run([sys.executable, "-I", "gongkai/transparency/verifier.py", *args],
                              capture_output=True, text=True, check=False)

    ok = run("inclusion", str(good), "--leaf", str(leaf))
    assert ok.returncode == 0 and "VERIFIED" in ok.stdout
    assert run("inclusion", str(bad)).returncode == 1
    assert run("inclusion", str(junk)).returncode == 2


def test_pure_python_ed25519_agrees_with_cryptography():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    message = v.sth_message(12, 1700000000000, b"\x07" * 32)
    signature = key.sign(message)
    assert v.verify_tree_head(public, 12, 1700000000000, b"\x07" * 32, signature)
    assert not v.verify_tree_head(public, 13, 1700000000000, b"\x07" * 32, signature)
    assert not v.ed25519_verify(public, message, signature[:-1] + bytes([signature[-1] ^ 1]))
