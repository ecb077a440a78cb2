#!/usr/bin/env python3
"""The same conditional WGAN-GP loop as spectrogan's, in plain PyTorch (CPU), for `spectrogan bench gan`.

Conditional MLP generator and critic (LeakyReLU 0.2, one-hot class joined to the input), Adam 1e-4 (0, 0.9),
lambda 10, n_critic 5, class-balanced batches with replacement, penalty on interpolates of real and fake of the
same class through torch.autograd.grad(create_graph=True) (the idiomatic PyTorch way).
Usage: wgan_gp_torch.py FEATURES CLASSES STEPS THREADS [BATCH LATENT HIDDEN NCRITIC]
Prints: RESULT steps_per_s=... peak_rss_mb=...
"""
import resource
import sys
import time

import torch
from torch import nn


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.LeakyReLU(0.2))
    return nn.Sequential(*layers)


def main():
    d, k, steps, threads = (int(a) for a in sys.argv[1:5])
    extra = [int(a) for a in sys.argv[5:9]]
    batch, latent, hidden, n_critic = extra + [64, 64, 256, 5][len(extra):]
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(42)
    rows_per_class = 200
    cls_of_row = torch.arange(k).repeat_interleave(rows_per_class)
    data = torch.randn(k * rows_per_class, d) + 0.5 * cls_of_row[:, None].float()
    by_class = [torch.nonzero(cls_of_row == c).flatten() for c in range(k)]
    G = mlp([latent + k, hidden, hidden, d])
    C = mlp([d + k, hidden, hidden, 1])
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.0, 0.9))
    opt_c = torch.optim.Adam(C.parameters(), lr=1e-4, betas=(0.0, 0.9))
    eye = torch.eye(k)
    counts = torch.tensor([len(b) for b in by_class])
    offsets = torch.cumsum(torch.cat([torch.zeros(1, dtype=torch.long), counts[:-1]]), 0)
    order = torch.cat(by_class)

    def real_batch():
        c = torch.randint(0, k, (batch,))
        idx = order[offsets[c] + (torch.rand(batch) * counts[c]).long()]
        return data[idx], eye[c]

    warmup = max(1, min(50, steps // 10))
    t_warm = None
    for step in range(steps):
        if step == warmup:
            t_warm = time.perf_counter()
            c_warm = time.thread_time()
        for _ in range(n_critic):
            x, oh = real_batch()
            z = torch.randn(batch, latent)
            with torch.no_grad():
                fake = G(torch.cat([z, oh], 1))
            eps = torch.rand(batch, 1)
            xhat = (eps * x + (1 - eps) * fake).requires_grad_(True)
            f_real = C(torch.cat([x, oh], 1))
            f_fake = C(torch.cat([fake, oh], 1))
            f_hat = C(torch.cat([xhat, oh], 1))
            g, = torch.autograd.grad(f_hat.sum(), xhat, create_graph=True)
            penalty = ((g.norm(2, dim=1) - 1) ** 2).mean()
            loss_c = f_fake.mean() - f_real.mean() + 10.0 * penalty
            opt_c.zero_grad(set_to_none=True)
            loss_c.backward()
            opt_c.step()
        c = torch.randint(0, k, (batch,))
        oh = eye[c]
        z = torch.randn(batch, latent)
        loss_g = -C(torch.cat([G(torch.cat([z, oh], 1)), oh], 1)).mean()
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
    elapsed = time.perf_counter() - t_warm
    cpu = time.thread_time() - c_warm
    rate = (steps - warmup) / elapsed
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print("RESULT steps_per_s=%.2f steps_per_cpu_s=%.2f peak_rss_mb=%.1f engine=torch-%s"
          % (rate, (steps - warmup) / cpu, peak, torch.__version__))


if __name__ == "__main__":
    main()
