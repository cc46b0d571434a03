"""Near-duplicate articles: normalised content hashes (the same article twice) and MinHash
signatures (wire copies, updates: nearly the same text). The rule is explained in
``eventcoder.dedup``; this is its arithmetic."""

from __future__ import annotations

import hashlib
import zlib

import numpy as np

from .rule import normalise_text

__all__ = ["NEAR_DUPLICATE_SIMILARITY", "MinHasher", "content_hash", "normalise_text"]

NEAR_DUPLICATE_SIMILARITY = 0.6
_PRIME = 4294967311  # the smallest prime above 2**32: the modulus of the MinHash permutations


def content_hash(text: str) -> str:
    """A digest of the normalised text: two articles that differ only in case, punctuation or
    spacing have the same hash."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class MinHasher:
    """MinHash signatures of word shingles, with band keys for looking up similar articles.

    The permutations are drawn from a fixed seed, so signatures stored by one run compare with
    those of the next. ``num_perm`` must be ``bands`` times the rows per band."""

    def __init__(self, *, num_perm: int = 60, bands: int = 20, shingle: int = 5, seed: int = 4_2024) -> None:
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.num_perm, self.bands, self.shingle = num_perm, bands, shingle
        rng = np.random.default_rng(seed)
        # a < 2**31 and shingle hashes < 2**32 keep a*x + b inside uint64.
        self._a = rng.integers(1, 2**31, size=num_perm, dtype=np.uint64)
        self._b = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64)

    def signature(self, text: str) -> bytes:
        """The signature of the text's word shingles, as ``num_perm`` little-endian uint32s."""
        words = normalise_text(text).split()
        k = self.shingle
        shingles = {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))} if words else {""}
        hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64,
                             count=len(shingles))
        permuted = (hashes[:, None] * self._a[None, :] + self._b[None, :]) % np.uint64(_PRIME)
        return permuted.min(axis=0).astype("<u4").tobytes()

    def band_keys(self, signature: bytes) -> list[int]:
        """One key per band (signed 64-bit, for an SQLite index): articles sharing a key are
        candidates for a near-duplicate."""
        rows = len(signature) // self.bands
        return [int.from_bytes(hashlib.blake2b(bytes([band]) + signature[band * rows:(band + 1) * rows],
                                               digest_size=8).digest(), "little", signed=True)
                for band in range(self.bands)]

    @staticmethod
    def similarity(first: bytes, second: bytes) -> float:
        """The estimated Jaccard similarity of the two texts' shingle sets."""
        a, b = np.frombuffer(first, dtype="<u4"), np.frombuffer(second, dtype="<u4")
        return float(np.mean(a == b)) if len(a) == len(b) and len(a) else 0.0
