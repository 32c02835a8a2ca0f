#!/usr/bin/env python3
"""Writes N noisy-gradient 500x500 JPEG photos (quality 90) and packs them into zips of 100 for upload."""
import os
import sys
import zipfile

import numpy as np
from PIL import Image


def main(out_dir: str, count: int, per_zip: int = 100) -> None:
    photos = os.path.join(out_dir, "photos")
    zips = os.path.join(out_dir, "zips")
    os.makedirs(photos, exist_ok=True)
    os.makedirs(zips, exist_ok=True)
    rng = np.random.default_rng(42)
    y, x = np.mgrid[0:500, 0:500].astype(np.float32)
    names = []
    for i in range(count):
        base = rng.uniform(0, 255, size=3)
        angle = rng.uniform(0, 2 * np.pi)
        ramp = (np.cos(angle) * x + np.sin(angle) * y) / 707.0 * 255.0
        img = np.empty((500, 500, 3), dtype=np.float32)
        for c in range(3):
            img[..., c] = base[c] + ramp * (c + 1) / 3.0
        img += rng.normal(0, 18, size=img.shape)
        name = f"photo-{i:05d}.jpg"
        Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB").save(os.path.join(photos, name), quality=90)
        names.append(name)
    for start in range(0, count, per_zip):
        with zipfile.ZipFile(os.path.join(zips, f"batch-{start // per_zip:03d}.zip"), "w", zipfile.ZIP_STORED) as z:
            for name in names[start:start + per_zip]:
                z.write(os.path.join(photos, name), f"photos/{name}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
