"""Reference FIDs for tests/Eval.Tests/Metrics/RankDeficientFidTests.cs.

pytorch-fid's calculate_frechet_distance (mseitzer/pytorch-fid, src/pytorch_fid/fid_score.py), restated here with
Debian's python3-numpy/python3-scipy: run with /usr/bin/python3 pytorch_fid_reference.py A.npz B.npz ...
"""
import sys
import numpy as np
from scipy import linalg


def calculate_frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    mu1 = np.atleast_1d(mu1)
    mu2 = np.atleast_1d(mu2)
    sigma1 = np.atleast_2d(sigma1)
    sigma2 = np.atleast_2d(sigma2)
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    offset_used = False
    if not np.isfinite(covmean).all():
        offset_used = True
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError("Imaginary component {}".format(np.max(np.abs(covmean.imag))))
        covmean = covmean.real
    tr_covmean = np.trace(covmean)
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean, offset_used


if __name__ == "__main__":
    args = sys.argv[1:]
    for a, b in zip(args[::2], args[1::2]):
        za, zb = np.load(a), np.load(b)
        fid, off = calculate_frechet_distance(za["mu"], za["sigma"], zb["mu"], zb["sigma"])
        print(a, b, repr(float(fid)), "offset" if off else "")
