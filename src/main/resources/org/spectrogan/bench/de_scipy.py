#!/usr/bin/env python3
"""The scipy side of `spectrogan bench features`: differential entropy of every window of EDF files.

Same work as spectrogan: read each EDF (+) file (int16 records, digital->physical scaling, the
"EDF Annotations" signal skipped), cut windows of --window-s every --step-s, Welch PSD per channel
(scipy.signal.welch, Hann, nperseg, 50% overlap, constant detrend, density), band power
sum(PSD[lo<=f<hi])*df and DE = 0.5*ln(2*pi*e*P) for delta..gamma. Two ways of calling scipy:
  loop:       one welch call per window over all channels (how the computation is usually written)
  vectorised: one welch call per file over all windows at once (sliding_window_view), scipy at its best
Prints one JSON object: windows, seconds per pass for each way, and a checksum (sum of all DE values).
"""
import argparse
import json
import sys
import time

import numpy as np
from scipy.signal import welch

BANDS = [(1, 4), (4, 8), (8, 14), (14, 31), (31, 50)]


def read_edf(path):
    with open(path, "rb") as f:
        head = f.read(256)
        n_records = int(head[236:244].decode("ascii").strip())
        record_s = float(head[244:252].decode("ascii").strip())
        ns = int(head[252:256].decode("ascii").strip())
        sh = f.read(ns * 256)

        def field(offset, width):
            start = offset * ns
            return [sh[start + i * width:start + (i + 1) * width].decode("latin-1").strip() for i in range(ns)]

        labels = field(0, 16)
        pmin = np.array([float(v) for v in field(16 + 80 + 8, 8)])
        pmax = np.array([float(v) for v in field(16 + 80 + 8 + 8, 8)])
        dmin = np.array([float(v) for v in field(16 + 80 + 8 + 16, 8)])
        dmax = np.array([float(v) for v in field(16 + 80 + 8 + 24, 8)])
        nsamp = np.array([int(v) for v in field(16 + 80 + 8 + 32 + 80, 8)])
        raw = np.frombuffer(f.read(), dtype="<i2")
    per_record = nsamp.sum()
    raw = raw[: n_records * per_record].reshape(n_records, per_record)
    keep = [i for i, l in enumerate(labels) if l != "EDF Annotations"]
    offsets = np.concatenate([[0], np.cumsum(nsamp)])
    gain = (pmax - pmin) / (dmax - dmin)
    data = np.empty((len(keep), n_records * nsamp[keep[0]]), dtype=np.float64)
    for j, i in enumerate(keep):
        d = raw[:, offsets[i]:offsets[i + 1]].reshape(-1).astype(np.float64)
        data[j] = (d - dmin[i]) * gain[i] + pmin[i]
    fs = nsamp[keep[0]] / record_s
    return data, fs


def masks(freqs):
    return [(freqs >= lo) & (freqs < hi) for lo, hi in BANDS]


def de_loop(data, fs, window, step, nperseg):
    n = data.shape[1]
    starts = range(0, n - window + 1, step)
    out = np.empty((len(starts), data.shape[0], len(BANDS)))
    for w, s in enumerate(starts):
        freqs, psd = welch(data[:, s:s + window], fs=fs, window="hann", nperseg=nperseg,
                           noverlap=nperseg // 2, detrend="constant", scaling="density", axis=-1)
        df = freqs[1] - freqs[0]
        for b, m in enumerate(masks(freqs)):
            out[w, :, b] = 0.5 * np.log(2 * np.pi * np.e * psd[:, m].sum(axis=-1) * df)
    return out


def de_vectorised(data, fs, window, step, nperseg):
    views = np.lib.stride_tricks.sliding_window_view(data, window, axis=-1)[:, ::step, :]
    freqs, psd = welch(views, fs=fs, window="hann", nperseg=nperseg, noverlap=nperseg // 2,
                       detrend="constant", scaling="density", axis=-1)
    df = freqs[1] - freqs[0]
    return np.stack([0.5 * np.log(2 * np.pi * np.e * psd[..., m].sum(axis=-1) * df) for m in masks(freqs)], axis=-1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("files", nargs="+")
    p.add_argument("--window-s", type=float, default=2.0)
    p.add_argument("--step-s", type=float, default=1.0)
    p.add_argument("--nperseg", type=int, default=160)
    p.add_argument("--repeats", type=int, default=5)
    a = p.parse_args()
    result = {"python": sys.version.split()[0], "numpy": np.__version__}
    import scipy
    result["scipy"] = scipy.__version__
    for name, fn in (("loop", de_loop), ("vectorised", de_vectorised)):
        times = []
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            windows = 0
            checksum = 0.0
            for f in a.files:
                data, fs = read_edf(f)
                de = fn(data, fs, int(round(a.window_s * fs)), int(round(a.step_s * fs)), a.nperseg)
                windows += de.shape[0] if name == "loop" else de.shape[1]
                checksum += float(de.sum())
            times.append(time.perf_counter() - t0)
        result[name] = {"windows": windows, "seconds": times, "checksum": checksum}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
