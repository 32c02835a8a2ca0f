#!/usr/bin/env python3
"""Pillow doing the same image work as the ingest service: decode, RGB, center-crop, area (BOX) resize to 128, PNG.
Two worker processes, so both cores are busy. Prints images per second.

With a third argument 'draft', Pillow first asks libjpeg for a DCT-scaled decode (Image.draft: 1/2, 1/4 or 1/8, as far as
the square stays at least 128 pixels), the same shortcut the service's JPEG fast path takes. The benchmark's target is
judged against the plain figure; the draft figure shows what Pillow does with the same trick."""
import io
import os
import sys
import time
from multiprocessing import Pool

from PIL import Image

SIZE = 128


DRAFT = False


def normalize(path: str) -> int:
    with Image.open(path) as im:
        if DRAFT:
            w, h = im.size
            side = min(w, h)
            im.draft("RGB", (-(-w * SIZE // side), -(-h * SIZE // side)))  # keeps both sides >= the requested size
        im = im.convert("RGB")
        w, h = im.size
        side = min(w, h)
        left, top = (w - side) // 2, (h - side) // 2
        im = im.resize((SIZE, SIZE), Image.BOX, box=(left, top, left + side, top + side))
        out = io.BytesIO()
        im.save(out, "PNG")  # zlib level 6, like the service's encoder
        return len(out.getvalue())


def init(draft: bool) -> None:
    global DRAFT
    DRAFT = draft


def main(photo_dir: str, workers: int, draft: bool) -> None:
    files = sorted(os.path.join(photo_dir, f) for f in os.listdir(photo_dir) if f.endswith(".jpg"))
    with Pool(workers, initializer=init, initargs=(draft,)) as pool:
        pool.map(normalize, files[:50])  # start the workers before timing
        started = time.perf_counter()
        pool.map(normalize, files, chunksize=16)
        elapsed = time.perf_counter() - started
    print(f"{len(files) / elapsed:.1f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2, len(sys.argv) > 3 and sys.argv[3] == "draft")
