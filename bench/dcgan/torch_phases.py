#!/usr/bin/env python3
"""PyTorch's side of dcgan's StepPhasesProbe: the training step of torch_dcgan.py timed phase by phase.

Usage: torch_phases.py <preset> <timed_steps> [threads]   (threads: 2 by default; PyTorch's own default here is 1)
"""
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_dcgan import LEARNING_RATES, init, preset  # noqa: E402


def main():
    name, reps = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    torch.manual_seed(1)
    size, g, d = preset(name, 100)
    g.apply(init)
    d.apply(init)
    lr_d, lr_g = LEARNING_RATES[name]
    opt_d = torch.optim.Adam(d.parameters(), lr=lr_d, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(g.parameters(), lr=lr_g, betas=(0.5, 0.999))
    batch = 64
    real = torch.rand(batch, 3, size, size) * 2 - 1
    totals = [0.0] * 4
    for r in range(reps + 1):  # the first step warms up
        t0 = time.perf_counter()
        fake = g(torch.rand(batch, 100) * 2 - 1)
        t1 = time.perf_counter()
        opt_d.zero_grad()
        out = d(real)
        F.binary_cross_entropy_with_logits(out, torch.full_like(out, 0.9)).backward()
        out = d(fake.detach())
        F.binary_cross_entropy_with_logits(out, torch.zeros_like(out)).backward()
        t2 = time.perf_counter()
        opt_d.step()
        opt_g.zero_grad()
        t3 = time.perf_counter()
        out = d(fake)
        F.binary_cross_entropy_with_logits(out, torch.ones_like(out)).backward()
        t4 = time.perf_counter()
        opt_g.step()
        t5 = time.perf_counter()
        if r:
            for i, seconds in enumerate((t1 - t0, t2 - t1, t4 - t3, t5 - t0)):
                totals[i] += seconds
    g_ms, d_ms, through_ms, step_ms = (1000 * t / reps for t in totals)
    print(f"{name} torch ({torch.get_num_threads()} threads): G forward {g_ms:.0f} ms | D on real + fake, forward + backward "
          f"{d_ms:.0f} ms | D forward + backward into G's backward {through_ms:.0f} ms | whole step {step_ms:.0f} ms")


if __name__ == "__main__":
    main()
