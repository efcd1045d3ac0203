"""Offline verifier for the Gongkai transparency log (standard library only).

Copy this one file anywhere with Python 3.11+ and check what the platform publishes without
trusting it (RFC 9162 §2.1):

    python -m gongkai.transparency.verifier inclusion proof.json
    python -m gongkai.transparency.verifier consistency proof.json
    python -m gongkai.transparency.verifier head head.json --public-key HEX

Each JSON file is the body of the matching API answer (``/api/v1/transparency/proof/
inclusion``, ``…/proof/consistency``, ``…/head``). Exit status 0 means verified, 1 means the
proof or signature does not hold, 2 means the input could not be read.

Hashes follow RFC 6962/9162: leaf = SHA-256(0x00 || leaf bytes), node = SHA-256(0x01 ||
left || right). A tree head is signed with Ed25519 (RFC 8032) over the bytes of
``sth_message``; the check is implemented here in pure Python so no package is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence

STH_PREFIX = b"gongkai-sth-v1\n"


class ProofError(ValueError):
    """The proof is malformed (wrong sizes, bad hex, indexes out of range)."""


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def empty_root() -> bytes:
    return hashlib.sha256(b"").digest()


def sth_message(tree_size: int, timestamp: int, root_hash: bytes) -> bytes:
    """The exact bytes a signed tree head signs."""
    return STH_PREFIX + f"{tree_size}\n{timestamp}\n{root_hash.hex()}\n".encode("ascii")


def verify_inclusion(leaf_index: int, tree_size: int, leaf: bytes, proof: Sequence[bytes],
                     root: bytes) -> bool:
    """RFC 9162 §2.1.3.2 with ``leaf`` the leaf *hash*."""
    if leaf_index < 0 or leaf_index >= tree_size:
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2; an empty old tree is consistent with anything."""
    if first < 0 or first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == empty_root()
    path = list(proof)
    if first & (first - 1) == 0:
        path = [first_root, *path]
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# Ed25519 verification (RFC 8032 §5.1.7), pure Python ------------------------------------

_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_Q = 2**252 + 27742317777372353535851937790883648493
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _add(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    x1 = (a[1] - a[0]) * (b[1] - b[0]) % _P
    x2 = (a[1] + a[0]) * (b[1] + b[0]) % _P
    c = 2 * a[3] * b[3] * _D % _P
    d = 2 * a[2] * b[2] % _P
    e, f, g, h = x2 - x1, d - c, d + c, x2 + x1
    return (e * f, g * h, f * g, e * h)


def _mul(s: int, point: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    result = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            result = _add(result, point)
        point = _add(point, point)
        s >>= 1
    return result


def _equal(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 % _P == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


def _decompress(data: bytes) -> tuple[int, int, int, int] | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0) or 0
_G = (_GX, _GY, 1, _GX * _GY % _P)


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = _decompress(public_key)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(),
                       "little") % _Q
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


def verify_tree_head(public_key: bytes, tree_size: int, timestamp: int, root_hash: bytes,
                     signature: bytes) -> bool:
    return ed25519_verify(public_key, sth_message(tree_size, timestamp, root_hash), signature)


# Command line ------------------------------------------------------------------------------


def _hex(value: object, what: str, length: int = 32) -> bytes:
    if not isinstance(value, str):
        raise ProofError(f"{what}: expected a hex string")
    try:
        raw = bytes.fromhex(value)
    except ValueError as exc:
        raise ProofError(f"{what}: not hexadecimal") from exc
    if len(raw) != length:
        raise ProofError(f"{what}: expected {length} bytes, got {len(raw)}")
    return raw


def _int(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProofError(f"{what}: expected a non-negative integer")
    return value


def check_inclusion_json(data: dict) -> bool:
    return verify_inclusion(
        _int(data.get("leaf_index"), "leaf_index"), _int(data.get("tree_size"), "tree_size"),
        _hex(data.get("leaf_hash"), "leaf_hash"),
        [_hex(h, "audit_path") for h in data.get("audit_path", [])],
        _hex(data.get("root_hash"), "root_hash"))


def check_consistency_json(data: dict) -> bool:
    return verify_consistency(
        _int(data.get("first"), "first"), _int(data.get("second"), "second"),
        _hex(data.get("first_root"), "first_root"), _hex(data.get("second_root"), "second_root"),
        [_hex(h, "consistency_path") for h in data.get("consistency_path", [])])


def check_head_json(data: dict, public_key: bytes) -> bool:
    return verify_tree_head(
        public_key, _int(data.get("tree_size"), "tree_size"),
        _int(data.get("timestamp"), "timestamp"), _hex(data.get("root_hash"), "root_hash"),
        _hex(data.get("signature"), "signature", 64))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gongkai.transparency.verifier",
        description="Check Gongkai transparency-log proofs offline (RFC 9162).")
    parser.add_argument("kind", choices=["inclusion", "consistency", "head"])
    parser.add_argument("file", help="the API answer saved as JSON ('-' for standard input)")
    parser.add_argument("--public-key", default="", help="log public key, hex (for 'head')")
    parser.add_argument("--leaf", default="",
                        help="(inclusion) a file with the leaf bytes: also check leaf_hash")
    args = parser.parse_args(argv)
    try:
        raw = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ProofError("expected a JSON object")
        if args.kind == "inclusion":
            ok = check_inclusion_json(data)
            if ok and args.leaf:
                with open(args.leaf, "rb") as handle:
                    ok = leaf_hash(handle.read()).hex() == data["leaf_hash"]
        elif args.kind == "consistency":
            ok = check_consistency_json(data)
        else:
            ok = check_head_json(data, _hex(args.public_key or data.get("public_key"),
                                            "public key"))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("VERIFIED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
