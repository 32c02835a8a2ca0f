#!/usr/bin/env python3
"""Pillow doing the same image work as the ingest service: decode, RGB, center-crop, area (BOX) resize to 128, PNG.
Two worker processes, so both cores are busy. Prints images per second."""
import io
import os
import sys
import time
from multiprocessing import Pool

from PIL import Image

SIZE = 128


def normalize(path: str) -> int:
    with Image.open(path) as im:
        im = im.convert("RGB")
        w, h = im.size
        side = min(w, h)
        left, top = (w - side) // 2, (h - side) // 2
        im = im.resize((SIZE, SIZE), Image.BOX, box=(left, top, left + side, top + side))
        out = io.BytesIO()
        im.save(out, "PNG")  # zlib level 6, like the service's encoder
        return len(out.getvalue())


def main(photo_dir: str, workers: int) -> None:
    files = sorted(os.path.join(photo_dir, f) for f in os.listdir(photo_dir) if f.endswith(".jpg"))
    with Pool(workers) as pool:
        pool.map(normalize, files[:50])  # start the workers before timing
        started = time.perf_counter()
        pool.map(normalize, files, chunksize=16)
        elapsed = time.perf_counter() - started
    print(f"{len(files) / elapsed:.1f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2)
