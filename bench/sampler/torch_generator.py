#!/usr/bin/env python3
"""PyTorch reference for bench/sampler/run.sh: the generator of a preset, forward passes only, in eval mode.

Reuses the architectures of bench/dcgan/torch_dcgan.py when that file is there; otherwise uses its own tiny-32 twin of
dcgan/src/main/java/dev/toonforge/dcgan/Preset.java.

Usage: torch_generator.py <preset> <seconds> [threads...]   (default: 1 and all cores)
Prints: RESULT impl=torch preset=... batch=1 gen_img_s=...   and the same for batch=64
"""
import os
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dcgan"))
try:
    from torch_dcgan import preset as shared_preset
except ImportError:
    shared_preset = None


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.size(0), *self.shape)


def generator(name, nz):
    if shared_preset is not None:
        return shared_preset(name, nz)[1]
    if name != "tiny-32":
        raise SystemExit(f"without bench/dcgan/torch_dcgan.py only tiny-32 is known, not {name}")
    return nn.Sequential(nn.Linear(nz, 4 * 4 * 64, bias=False), Reshape(64, 4, 4), nn.BatchNorm2d(64), nn.ReLU(),
                         nn.ConvTranspose2d(64, 32, 4, 2, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                         nn.ConvTranspose2d(32, 16, 4, 2, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                         nn.ConvTranspose2d(16, 3, 4, 2, 1, bias=False), nn.Tanh())


def main():
    name, seconds = sys.argv[1], float(sys.argv[2])
    thread_counts = [int(t) for t in sys.argv[3:]] or sorted({1, os.cpu_count()})
    torch.manual_seed(1)
    g = generator(name, 100).eval()
    with torch.no_grad():
        for threads, batch in [(t, b) for t in thread_counts for b in (1, 64)]:
            torch.set_num_threads(threads)
            z = torch.randn(batch, 100)
            for _ in range(20):
                g(z)
            images, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds:
                g(z)
                images += batch
            rate = images / (time.perf_counter() - start)
            print(f"RESULT impl=torch preset={name} batch={batch} gen_img_s={rate:.1f} threads={torch.get_num_threads()}")


if __name__ == "__main__":
    main()
