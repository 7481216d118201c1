"""Golden cases of the pair losses (issue 13): margin_ranking and cosine_embedding — x1 as the
input, (x2, ±1 label) as the target, both gradients — every option, every reduction,
sample_weight (per pair, one for all, zeros), the ties and kinks where clamp_min passes the
gradient (x1 = x2 at margin 0, x1 − x2 = ±margin, cos exactly at the margin) and zero rows.

Draws come from this module's own generator, so that these cases do not depend on which other
case modules run before it."""

import numpy as np

from common import REDUCTIONS, add

rng = np.random.default_rng(20261314)

SIZES = (1, 3, 7, 33)
ROWS = ((1, 3), (3, 5), (7, 3), (33, 7), (5, 16), (4, 9))  # D across the vector widths


def normal(scale, n):
    return rng.normal(0.0, scale, n)


def signs(n):
    return rng.choice([-1.0, 1.0], n)


# ---------------------------------------------------------------- margin_ranking


def scores(n, spread=1.0):
    x1 = normal(1.5, n)
    return x1, x1 + normal(spread, n)


for n in SIZES:
    for r in REDUCTIONS:
        x1, x2 = scores(n)
        add("margin_ranking", "default", x1, (x2, signs(n)), reductions=(r,))
x1, x2 = scores(257)
add("margin_ranking", "default", x1, (x2, signs(257)), reductions=("mean",))

for margin in (0.5, -0.3, 2.0, 1e3):
    x1, x2 = scores(33)
    add("margin_ranking", f"margin{margin:g}", x1, (x2, signs(33)), {"margin": margin})

# Ties and kinks: x1 = x2 at margin 0 (z = 0: loss 0, gradient ∓y), and z = 0 exactly at
# margin 0.5 for either label (dyadic values: exact in float32 and float64).
tie = np.array([0.25, 0.25, -1.0, 3.0, 0.0, 7.5, -2.0])
add("margin_ranking", "ties", tie, (tie.copy(), np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0])))
x1 = np.array([1.5, 1.0, 2.0, -0.5, 0.75, 3.0, -4.0])
x2 = np.array([1.0, 1.5, 1.5, 0.0, 0.25, 3.5, -4.5])
y = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0])
add("margin_ranking", "kinks", x1, (x2, y), {"margin": 0.5})
add("margin_ranking", "kinks-negative-margin", x1, (x2, -y), {"margin": -0.5})

# Extremes: scores far apart (every pair beyond the margin, or every one inside it).
x1 = normal(1e4, 33)
add("margin_ranking", "large", x1, (x1 + normal(1e4, 33), signs(33)), {"margin": 1.0})
x1 = normal(1e-4, 33)
add("margin_ranking", "tiny", x1, (x1 + normal(1e-4, 33), signs(33)), {"margin": 1e-4})

# sample_weight: one per pair (with zeros), one for all.
x1, x2 = scores(33)
w = rng.uniform(0.0, 2.0, 33)
w[::5] = 0.0
add("margin_ranking", "sw-per-pair", x1, (x2, signs(33)), {"margin": 0.5, "sample_weight": w})
x1, x2 = scores(7)
add("margin_ranking", "sw-single", x1, (x2, signs(7)), {"sample_weight": [2.5]})

# ---------------------------------------------------------------- cosine_embedding


def embeddings(rows, d, spread=1.0):
    a = normal(1.0, rows * d)
    return a, a + normal(spread, rows * d)


for rows, d in ROWS:
    for r in REDUCTIONS:
        x1, x2 = embeddings(rows, d)
        add("cosine_embedding", "default", x1, (x2, signs(rows)), reductions=(r,), cols=d)
x1, x2 = embeddings(257, 4)
add("cosine_embedding", "default", x1, (x2, signs(257)), reductions=("mean",), cols=4)

for margin in (0.5, -0.5, 1.0, -1.0, 0.9):
    x1, x2 = embeddings(33, 7)
    add("cosine_embedding", f"margin{margin:g}", x1, (x2, signs(33)), {"margin": margin}, cols=7)

# Dissimilar pairs that point nearly the same way (most −1 terms active at margin 0.2).
x1, x2 = embeddings(33, 5, spread=0.3)
add("cosine_embedding", "close-dissimilar", x1, (x2, -np.ones(33)), {"margin": 0.2}, cols=5)

# Kinks: cos exactly at the margin for −1 labels — orthogonal rows at margin 0 (cos = 0) and
# opposite rows at margin −1 (cos = −1 up to ε) — where clamp_min passes the gradient; and
# rows of +1 pairs that are identical (loss 1 − s/(s + ε)).
x1 = np.array([1.0, 0.0, 0.0, 2.0, -1.0, 0.5, 3.0, 4.0, 0.0])
x2 = np.array([0.0, 1.0, 0.0, 1.0, 2.0, 0.5, 0.0, 0.0, 5.0])
add("cosine_embedding", "orthogonal-at-margin0", x1, (x2, -np.ones(3)), cols=3)
x1 = np.array([1.0, -2.0, 0.5, 0.25, 3.0, -1.0])
add("cosine_embedding", "opposite-at-margin-1", x1, (-x1, -np.ones(2)), {"margin": -1.0}, cols=3)
x1, _ = embeddings(3, 5)
add("cosine_embedding", "identical", x1, (x1.copy(), np.ones(3)), cols=5)

# Zero rows: x1's, x2's or both (cos = 0; ε keeps the root positive), either label.
x1, x2 = embeddings(6, 4)
x1[0:4] = 0.0
x2[4:8] = 0.0
x1[8:12] = 0.0
x2[8:12] = 0.0
add("cosine_embedding", "zero-rows", x1, (x2, np.array([1.0, 1.0, 1.0, -1.0, -1.0, -1.0])),
    {"margin": -0.5}, cols=4)

# Extremes: large and tiny coordinates (cosine is scale-free; the gradient scales as 1/‖x‖).
x1, x2 = embeddings(7, 5)
add("cosine_embedding", "large", x1 * 1e6, (x2 * 1e6, signs(7)), cols=5)
x1, x2 = embeddings(7, 5)
add("cosine_embedding", "tiny", x1 * 1e-3, (x2 * 1e-3, signs(7)), cols=5)

# sample_weight: one per row (with zeros), one for all.
x1, x2 = embeddings(33, 7)
w = rng.uniform(0.0, 2.0, 33)
w[::4] = 0.0
add("cosine_embedding", "sw-per-row", x1, (x2, signs(33)), {"sample_weight": w}, cols=7)
x1, x2 = embeddings(7, 3)
add("cosine_embedding", "sw-single", x1, (x2, signs(7)), {"margin": 0.3, "sample_weight": [0.5]}, cols=3)
