"""Golden cases of the catalogue's second half, part c (issue 13): dice, tversky and
cosine_similarity — every option, every reduction, sample_weight, the kinks and the extremes
(empty-overlap and all-zero mask rows, flat arrays as one mask; all-zero and tiny rows for
cosine_similarity, rows shorter than the l2_normalize floor).

Draws come from this module's own generator, so that these cases do not depend on which other
case modules run before it."""

import numpy as np

from common import REDUCTIONS, add

rng = np.random.default_rng(20261315)

ROWS = ((1, 3), (3, 5), (7, 3), (33, 7))  # N·D never a multiple of 4
WIDE = ((2, 16), (3, 17), (1, 257))       # whole vectors, a tail, and several blocks of lanes


def uniform(lo, hi, n):
    return rng.uniform(lo, hi, n)


def normal(scale, n):
    return rng.normal(0.0, scale, n)


def masks(m):
    return rng.choice([0.0, 1.0], m, p=[0.6, 0.4])


def probabilities(y):
    """Predictions that mostly agree with the mask y."""
    return np.clip(np.abs(y - uniform(0.0, 0.7, len(y))), 0.0, 1.0)


# ---------------------------------------------------------------- dice and tversky

for loss in ("dice", "tversky"):
    for rows, d in ROWS + WIDE:
        for r in REDUCTIONS:
            y = masks(rows * d)
            add(loss, "default", probabilities(y), y, reductions=(r,), cols=d)
    for n in (7, 33, 1000):  # flat: one mask (batch-level)
        y = masks(n)
        add(loss, "flat", probabilities(y), y, cols=0)
    for rows, d in ((7, 5), (3, 17)):
        m = rows * d
        add(loss, "soft_targets", uniform(0.0, 1.0, m), uniform(0.0, 1.0, m), cols=d)
        y = masks(m)
        add(loss, "eps=1", probabilities(y), y, {"eps": 1.0}, cols=d)
        add(loss, "eps=1e-3", probabilities(y), y, {"eps": 1e-3}, cols=d)
        w = uniform(0.0, 3.0, rows)
        w[1] = 0.0
        add(loss, "sample_weight", probabilities(y), y, {"sample_weight": w}, cols=d)
        add(loss, "sample_weight=scalar", probabilities(y), y, {"sample_weight": [2.5]}, cols=d)
    y = masks(40)
    add(loss, "flat/sample_weight", probabilities(y), y, {"sample_weight": [0.5]}, cols=0)
    # Extremes, one row each: empty overlap (prediction off the mask), an all-zero prediction
    # against a mask, an all-zero mask, both all zero (1 − 0/ε = 1, gradient 0 for dice), a
    # perfect hard prediction, saturated 0/1 predictions.
    EX = [[0.0, 0.9, 0.0, 0.4, 0.0], [1.0, 0.0, 1.0, 0.0, 0.0],
          [0.0, 0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 1.0, 1.0],
          [0.3, 0.8, 0.1, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0, 0.0],
          [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0],
          [1.0, 0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0, 0.0],
          [1.0, 1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0, 1.0]]
    x = np.array(EX[0::2]).ravel()
    y = np.array(EX[1::2]).ravel()
    add(loss, "extremes", x, y, cols=5)

for a, b in ((0.3, 0.7), (0.7, 0.3), (0.0, 1.0), (1.0, 0.0), (0.0, 0.0), (2.0, 5.0)):
    for rows, d in ((7, 5), (3, 17)):
        y = masks(rows * d)
        add("tversky", f"alpha={a}/beta={b}", probabilities(y), y, {"alpha": a, "beta": b}, cols=d)
y = masks(33)
add("tversky", "flat/alpha=0.3/beta=0.7/eps=1e-3", probabilities(y), y,
    {"alpha": 0.3, "beta": 0.7, "eps": 1e-3}, cols=0)
EXT = [0.0, 0.9, 0.0, 0.4, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0]
EYT = [1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0]
add("tversky", "extremes/alpha=0.2/beta=0.8", EXT, EYT, {"alpha": 0.2, "beta": 0.8}, cols=5)

# ---------------------------------------------------------------- cosine_similarity

for rows, d in ROWS + WIDE:
    for r in REDUCTIONS:
        m = rows * d
        y = normal(1.5, m)
        add("cosine_similarity", "default", y + normal(1.0, m), y, reductions=(r,), cols=d)
for rows, d in ((7, 5), (3, 17)):
    m = rows * d
    y = normal(1.5, m)
    x = y + normal(1.0, m)
    w = uniform(0.0, 3.0, rows)
    w[0] = 0.0
    add("cosine_similarity", "sample_weight", x, y, {"sample_weight": w}, cols=d)
    add("cosine_similarity", "sample_weight=scalar", x, y, {"sample_weight": [0.25]}, cols=d)
    u = normal(1.0, m).reshape(rows, d)
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    add("cosine_similarity", "unit_rows", (u + 0.3 * normal(1.0, m).reshape(rows, d)).ravel(), u.ravel(),
        cols=d)
    add("cosine_similarity", "scaled", 1e4 * x, 1e-3 * y, cols=d)
# Extremes, one row each: an all-zero prediction (value 0, gradient −1e6·ŷ: the floor passes
# none through the norm), an all-zero target (value 0, gradient 0), both zero, a row shorter
# than the floor (scaled by 1e6, not normalised), the same direction (−1), the opposite (+1),
# an orthogonal pair (0), large coordinates.
EX = [[0.0, 0.0, 0.0, 0.0], [1.0, -2.0, 0.5, 3.0],
      [0.5, 1.0, -1.0, 2.0], [0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
      [1e-7, -2e-7, 3e-7, 1e-7], [1.0, 1.0, -1.0, 0.5],
      [2.0, 4.0, -6.0, 8.0], [1.0, 2.0, -3.0, 4.0],
      [-1.0, -2.0, 3.0, -4.0], [1.0, 2.0, -3.0, 4.0],
      [1.0, 0.0, 2.0, 0.0], [0.0, 3.0, 0.0, -1.0],
      [1e15, -3e15, 2e15, 5e14], [2.0, -1.0, 0.5, 1.0]]
add("cosine_similarity", "extremes", np.array(EX[0::2]).ravel(), np.array(EX[1::2]).ravel(), cols=4)
