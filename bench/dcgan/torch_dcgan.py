#!/usr/bin/env python3
"""PyTorch reference for bench/dcgan/run.sh: the same presets and the same training step as dev.toonforge.dcgan.Dcgan.

Usage: torch_dcgan.py <preset> <warmup_steps> <timed_steps> [batch]
Environment: TORCH_DEVICE=cpu (default) or cuda; CUDNN_BENCHMARK=1 lets cuDNN pick its fastest algorithms (GPU only).
Prints: RESULT impl=torch preset=... batch=... train_img_s=... gen1_img_s=... gen64_img_s=... peak_rss_mb=...
        (on a GPU also gpu_peak_mb=..., the most memory PyTorch's allocator held on the card)
"""
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LEAK = 0.2


def same_t(cin, cout, stride, bias=True):
    # DL4J ConvolutionMode.Same for a transposed 5x5 convolution: output = input * stride
    return nn.ConvTranspose2d(cin, cout, 5, stride, padding=2, output_padding=stride - 1, bias=bias)


def same(cin, cout, stride, bias=True):
    return nn.Conv2d(cin, cout, 5, stride, padding=2, bias=bias)


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.size(0), *self.shape)


def preset(name, nz):
    """(image size, G, D) for a preset; mirrors dcgan/src/main/java/dev/toonforge/dcgan/Preset.java."""
    if name == "tiny-32":
        g = nn.Sequential(nn.Linear(nz, 4 * 4 * 64, bias=False), Reshape(64, 4, 4), nn.BatchNorm2d(64), nn.ReLU(),
                          nn.ConvTranspose2d(64, 32, 4, 2, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                          nn.ConvTranspose2d(32, 16, 4, 2, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                          nn.ConvTranspose2d(16, 3, 4, 2, 1, bias=False), nn.Tanh())
        d = nn.Sequential(nn.Conv2d(3, 16, 4, 2, 1, bias=False), nn.LeakyReLU(LEAK),
                          nn.Conv2d(16, 32, 4, 2, 1, bias=False), nn.BatchNorm2d(32), nn.LeakyReLU(LEAK),
                          nn.Conv2d(32, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.LeakyReLU(LEAK),
                          nn.Flatten(), nn.Linear(4 * 4 * 64, 1))
        return 32, g, d
    if name == "dcgan-64":
        g = nn.Sequential(nn.Linear(nz, 4 * 4 * 512, bias=False), Reshape(512, 4, 4), nn.BatchNorm2d(512), nn.ReLU(),
                          nn.ConvTranspose2d(512, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.ReLU(),
                          nn.ConvTranspose2d(256, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
                          nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
                          nn.ConvTranspose2d(64, 3, 4, 2, 1, bias=False), nn.Tanh())
        d = nn.Sequential(nn.Conv2d(3, 64, 4, 2, 1, bias=False), nn.LeakyReLU(LEAK),
                          nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(LEAK),
                          nn.Conv2d(128, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.LeakyReLU(LEAK),
                          nn.Conv2d(256, 512, 4, 2, 1, bias=False), nn.BatchNorm2d(512), nn.LeakyReLU(LEAK),
                          nn.Flatten(), nn.Linear(4 * 4 * 512, 1, bias=False))
        return 64, g, d
    if name == "seed-128":
        eps = 5e-5
        g = nn.Sequential(nn.Linear(nz, 8 * 8 * 1024), Reshape(1024, 8, 8), nn.LeakyReLU(LEAK),
                          same_t(1024, 512, 2), nn.BatchNorm2d(512, eps=eps), nn.LeakyReLU(LEAK),
                          same_t(512, 256, 2), nn.BatchNorm2d(256, eps=eps), nn.LeakyReLU(LEAK),
                          same_t(256, 128, 2), nn.BatchNorm2d(128, eps=eps), nn.LeakyReLU(LEAK),
                          same_t(128, 64, 2), nn.BatchNorm2d(64, eps=eps), nn.LeakyReLU(LEAK),
                          same_t(64, 3, 1), nn.Tanh())
        d = nn.Sequential(same(3, 64, 2), nn.BatchNorm2d(64, eps=eps), nn.LeakyReLU(LEAK),
                          same(64, 128, 2), nn.BatchNorm2d(128, eps=eps), nn.LeakyReLU(LEAK),
                          same(128, 256, 2), nn.BatchNorm2d(256, eps=eps), nn.LeakyReLU(LEAK),
                          same(256, 512, 1), nn.BatchNorm2d(512, eps=eps), nn.LeakyReLU(LEAK),
                          same(512, 1024, 2), nn.BatchNorm2d(1024, eps=eps), nn.LeakyReLU(LEAK),
                          nn.Flatten(), nn.Linear(8 * 8 * 1024, 1))
        return 128, g, d
    raise SystemExit(f"unknown preset {name}")


LEARNING_RATES = {"tiny-32": (2e-4, 2e-4), "dcgan-64": (2e-4, 2e-4), "seed-128": (4e-5, 4e-4)}


def init(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(m.weight, 0.0, 0.02)


def main():
    name, warmup, timed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    dev = torch.device(os.environ.get("TORCH_DEVICE", "cpu"))
    gpu = dev.type == "cuda"
    if gpu:
        torch.backends.cudnn.benchmark = os.environ.get("CUDNN_BENCHMARK", "0") == "1"
    torch.set_num_threads(os.cpu_count())
    torch.manual_seed(1)
    nz, noise_std, real_label = 100, 0.05, 0.9
    size, g, d = preset(name, nz)
    g.apply(init)
    d.apply(init)
    g.to(dev)
    d.to(dev)

    def sync():
        # GPU work is asynchronous: a timer must wait for the queued kernels before it stops
        if gpu:
            torch.cuda.synchronize()
    lr_d, lr_g = LEARNING_RATES[name]
    opt_d = torch.optim.Adam(d.parameters(), lr=lr_d, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(g.parameters(), lr=lr_g, betas=(0.5, 0.999))
    real = torch.rand(batch, 3, size, size, device=dev) * 2 - 1

    def step():
        # the same step as Dcgan.trainStep: D on flipped + noisy real (0.9) and fake (0), then G through D (1)
        z = torch.rand(batch, nz, device=dev) * 2 - 1
        fake = g(z)
        flip = torch.rand(batch, device=dev) < 0.5
        x = torch.where(flip[:, None, None, None], real.flip(3), real) + noise_std * torch.randn_like(real)
        opt_d.zero_grad()
        out_real = d(x)
        F.binary_cross_entropy_with_logits(out_real, torch.full_like(out_real, real_label)).backward()
        out_fake = d(fake.detach())
        F.binary_cross_entropy_with_logits(out_fake, torch.zeros_like(out_fake)).backward()
        opt_d.step()
        opt_g.zero_grad()
        out = d(fake)
        F.binary_cross_entropy_with_logits(out, torch.ones_like(out)).backward()
        opt_g.step()

    g.train()
    d.train()
    for _ in range(warmup):
        step()
    sync()
    t0 = time.perf_counter()
    for _ in range(timed):
        step()
    sync()
    train = timed * batch / (time.perf_counter() - t0)

    def generation(n, warm, min_calls, min_seconds=5.0):
        # as DcganBenchmark: at least min_calls calls and min_seconds, after warm-up calls
        g.eval()
        z = torch.rand(n, nz, device=dev) * 2 - 1
        with torch.no_grad():
            for _ in range(warm):
                ((g(z) + 1) * 127.5).cpu()
            t = time.perf_counter()
            calls = 0
            while calls < min_calls or time.perf_counter() - t < min_seconds:
                # the pixels back in host memory, as a service needs them to encode an image
                ((g(z) + 1) * 127.5).cpu()
                calls += 1
        return calls * n / (time.perf_counter() - t)

    gen1 = generation(1, 5, 20)
    gen64 = generation(64, 1, 2)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    where = f"threads={torch.get_num_threads()}"
    if gpu:
        where = (f"device={torch.cuda.get_device_name(dev).replace(' ', '_')} "
                 f"gpu_peak_mb={torch.cuda.max_memory_allocated(dev) / 2**20:.0f} "
                 f"cudnn_benchmark={int(torch.backends.cudnn.benchmark)}")
    print(f"RESULT impl=torch preset={name} batch={batch} train_img_s={train:.3f} gen1_img_s={gen1:.3f} "
          f"gen64_img_s={gen64:.3f} peak_rss_mb={rss:.0f} torch={torch.__version__} {where}")


if __name__ == "__main__":
    main()
