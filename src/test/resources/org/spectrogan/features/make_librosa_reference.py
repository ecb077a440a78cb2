#!/usr/bin/env python3
"""Writes the librosa reference values AudioLibrosaReferenceTest compares against (run from this folder).

Needs librosa (0.11), numpy, scipy and ../shared/reference/fsdd-0_george_0-samples.csv. Outputs:
  librosa-mel-slaney-sr8000-nfft256-n40.csv      librosa.filters.mel(sr=8000, n_fft=256, n_mels=40)
  librosa-mel-htk-sr8000-nfft256-n32-f100-3000.csv  ... n_mels=32, fmin=100, fmax=3000, htk=True
  librosa-logmel-mfcc-fsdd-0_george_0.csv        per frame of scipy.signal.stft(x, 8000, hann, 256, 192,
      boundary=None, padded=False): power_to_db(melspectrogram(S=|Z|^2, n_mels=40), ref=1, amin=1e-10,
      top_db=None) and mfcc(S=that, n_mfcc=13, dct_type=2, norm="ortho"); rows = frames
"""
import sys
import librosa
import numpy as np
from scipy.signal import stft

shared = sys.argv[1] if len(sys.argv) > 1 else "../../../../../../../shared"


def write(name, header, rows):
    with open(name, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(repr(float(v)) for v in r) + "\n")


m = librosa.filters.mel(sr=8000, n_fft=256, n_mels=40)
write("librosa-mel-slaney-sr8000-nfft256-n40.csv", ["bin%d" % k for k in range(m.shape[1])], m)
m = librosa.filters.mel(sr=8000, n_fft=256, n_mels=32, fmin=100, fmax=3000, htk=True)
write("librosa-mel-htk-sr8000-nfft256-n32-f100-3000.csv", ["bin%d" % k for k in range(m.shape[1])], m)

x = np.loadtxt(shared + "/reference/fsdd-0_george_0-samples.csv", delimiter=",", skiprows=1)[:, 1]
_, _, z = stft(x, fs=8000, window="hann", nperseg=256, noverlap=192, boundary=None, padded=False)
mel = librosa.feature.melspectrogram(S=np.abs(z) ** 2, sr=8000, n_fft=256, n_mels=40)
logmel = librosa.power_to_db(mel, ref=1.0, amin=1e-10, top_db=None)
mfcc = librosa.feature.mfcc(S=logmel, n_mfcc=13, dct_type=2, norm="ortho")
header = ["logmel_%d" % i for i in range(40)] + ["mfcc_%d" % i for i in range(13)]
write("librosa-logmel-mfcc-fsdd-0_george_0.csv", header, np.vstack([logmel, mfcc]).T)
print("librosa", librosa.__version__)
