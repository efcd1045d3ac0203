"""API of the transparency log (RFC 9162 style), public: anyone may audit the agencies.

Hashes are lowercase hex; ``timestamp`` is milliseconds since the epoch; signatures are
Ed25519 over ``verifier.sth_message``. Save an answer as JSON and check it offline with
``python -m gongkai.transparency.verifier``.
"""

import json

from django.http import Http404
from ninja import Field, Router, Schema

from gongkai.api.errors import ApiError, responses
from gongkai.core.access import public_view
from gongkai.transparency import selectors
from gongkai.transparency.models import TreeHead
from gongkai.transparency.verifier import STH_PREFIX

router = Router(tags=["transparency"])

MAX_ENTRIES = 100


class HeadOut(Schema):
    tree_size: int
    root_hash: str
    timestamp: int
    signature: str
    public_key: str = Field(..., description="Ed25519 公钥(32 字节,十六进制)")
    signed_message_prefix: str


class KeyOut(Schema):
    algorithm: str
    public_key: str
    signed_message: str


class EntryOut(Schema):
    index: int
    kind: str
    leaf: dict
    leaf_json: str = Field(..., description="被哈希的原始叶子(规范 JSON,UTF-8)")
    leaf_hash: str
    created_at: str


class InclusionOut(Schema):
    leaf_index: int
    tree_size: int
    leaf_hash: str
    audit_path: list[str]
    root_hash: str
    timestamp: int
    signature: str


class ConsistencyOut(Schema):
    first: int
    second: int
    first_root: str
    second_root: str
    consistency_path: list[str]


def _head(head: TreeHead) -> dict:
    return {"tree_size": head.tree_size, "root_hash": head.root_hash,
            "timestamp": head.timestamp, "signature": head.signature,
            "public_key": selectors.public_key_hex(),
            "signed_message_prefix": STH_PREFIX.decode()}


def _entry(entry) -> dict:
    return {"index": entry.index, "kind": entry.kind, "leaf": json.loads(entry.leaf),
            "leaf_json": entry.leaf, "leaf_hash": entry.leaf_hash,
            "created_at": entry.created_at.isoformat()}


def _proof(run):
    try:
        return run()
    except selectors.ProofRequestError as exc:
        raise ApiError(422, str(exc)) from exc


@router.get("/head", response={200: HeadOut, **responses(404)}, auth=None, summary="最新签名树头")
@public_view
def head(request):
    latest = selectors.head_latest()
    if latest is None:
        raise ApiError(404, "透明日志还没有条目。")
    return _head(latest)


@router.get("/heads/{int:tree_size}", response=HeadOut, auth=None, summary="指定大小的签名树头")
@public_view
def head_at(request, tree_size: int):
    return _head(_proof(lambda: selectors.head_at(tree_size)))


@router.get("/key", response=KeyOut, auth=None, summary="树头签名公钥")
@public_view
def key(request):
    return {"algorithm": "Ed25519", "public_key": selectors.public_key_hex(),
            "signed_message": STH_PREFIX.decode() + "{tree_size}\\n{timestamp}\\n{root_hash}\\n"}


@router.get("/entries", response=list[EntryOut], auth=None,
            summary=f"条目 [start, end),每次最多 {MAX_ENTRIES} 条")
@public_view
def entries(request, start: int = 0, end: int | None = None):
    if start < 0 or (end is not None and end <= start):
        raise ApiError(422, "start 须 ≥ 0,end 须大于 start。", fields={"end": ["invalid"]})
    stop = min(end if end is not None else start + MAX_ENTRIES, start + MAX_ENTRIES)
    return [_entry(e) for e in selectors.entries_range(start, stop)]


@router.get("/entries/{int:index}", response=EntryOut, auth=None, summary="单个条目")
@public_view
def entry(request, index: int):
    found = selectors.entries_range(index, index + 1).first()
    if found is None:
        raise Http404
    return _entry(found)


@router.get("/proof/inclusion", response={200: InclusionOut, **responses(404)}, auth=None,
            summary="包含证明:按条目序号,或按记录与版本")
@public_view
def inclusion(request, leaf_index: int | None = None, tree_size: int | None = None,
              record: int | None = None, version: int | None = None):
    if leaf_index is None:
        if record is None or version is None:
            raise ApiError(422, "请给出 leaf_index,或 record 与 version。",
                           fields={"leaf_index": ["required"]})
        found = selectors.entry_for_version(record, version)
        if found is None:
            raise Http404
        leaf_index = found.index
    index = leaf_index
    return _proof(lambda: selectors.inclusion_proof(index, tree_size))


@router.get("/proof/consistency", response=ConsistencyOut, auth=None,
            summary="一致性证明:旧树头 first 是新树头 second 的前缀")
@public_view
def consistency(request, first: int, second: int | None = None):
    return _proof(lambda: selectors.consistency_proof(first, second))
