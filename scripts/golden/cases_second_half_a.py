"""Golden cases of the catalogue's second half, part a (issue 13): poisson_nll, gaussian_nll,
quantile, mape, soft_margin, hinge_embedding, multilabel_soft_margin, multilabel_margin and
categorical_hinge — every option, every reduction, the kinks and the extremes — and
`sample_weight` on a representative set of losses (element-wise, rows and triplets; one weight
per term, one for all, zeros).

Draws come from this module's own generator, so that these cases do not depend on which other
case modules run before it."""

import numpy as np

from common import REDUCTIONS, add

rng = np.random.default_rng(20261313)

SIZES = (1, 3, 7, 33)
ROWS = ((1, 3), (3, 5), (7, 3), (33, 7))  # N·C never a multiple of 4


def uniform(lo, hi, n):
    return rng.uniform(lo, hi, n)


def normal(scale, n):
    return rng.normal(0.0, scale, n)


def signs(n):
    return rng.choice([-1.0, 1.0], n)


def labels(n, classes):
    return rng.integers(0, classes, n).astype(np.float64)


def sweep():
    """Every size × every reduction, plus n = 257 for 'mean'."""
    for n in SIZES:
        for r in REDUCTIONS:
            yield n, (r,)
    yield 257, ("mean",)


def counts(rate):
    return rng.poisson(rate).astype(np.float64)


def label_lists(rows, c):
    """Rows of class indices ended by −1: 0 to c distinct classes in a random order."""
    out = np.full((rows, c), -1.0)
    for i in range(rows):
        k = rng.integers(0, c + 1)
        out[i, :k] = rng.permutation(c)[:k]
    return out.ravel()


def one_hot(y, c):
    return np.eye(c)[y.astype(int)].ravel()


def soft_rows(rows, c):
    t = rng.uniform(0.0, 1.0, (rows, c))
    return (t / t.sum(axis=1, keepdims=True)).ravel()


# ---------------------------------------------------------------- poisson_nll

for n, rs in sweep():
    rate = uniform(0.2, 8.0, n)
    add("poisson_nll", "default", np.log(rate) + normal(0.4, n), counts(rate), reductions=rs)
for n in (7, 33):
    rate = uniform(0.2, 8.0, n)
    y = counts(rate)
    add("poisson_nll", "log_input=false", rate * np.exp(normal(0.3, n)), y, {"log_input": False})
    add("poisson_nll", "log_input=false/eps=1e-7", rate * np.exp(normal(0.3, n)), y,
        {"log_input": False, "eps": 1e-7})  # Keras's Poisson
    add("poisson_nll", "full", np.log(rate) + normal(0.4, n), y, {"full": True})
    add("poisson_nll", "full/log_input=false", rate * np.exp(normal(0.3, n)), y,
        {"full": True, "log_input": False})
    add("poisson_nll", "eps=0.5/log_input=false", rate * np.exp(normal(0.3, n)), y,
        {"log_input": False, "eps": 0.5})
# Stirling's term only where y > 1 (y = 0, 1, 1.5, 2, 50); rates of exactly 0; large log-rates.
Y = [0.0, 1.0, 1.5, 2.0, 50.0, 0.0, 3.0]
add("poisson_nll", "full/counts", [0.3, -0.2, 0.5, 0.7, 3.9, -1.0, 1.1], Y, {"full": True})
add("poisson_nll", "rate=0", [0.0, 0.0, 0.5, 2.0, 0.0, 1e-3, 4.0], [0.0, 2.0, 1.0, 0.0, 1.0, 0.0, 5.0],
    {"log_input": False})
add("poisson_nll", "log_rate=20", [20.0, -20.0, 0.0, 10.0, -5.0], [3.0, 0.0, 1.0, 100.0, 0.0])

# ---------------------------------------------------------------- gaussian_nll


def gaussian_rows(rows, lo=0.05, hi=3.0):
    mean = normal(2.0, rows)
    var = uniform(lo, hi, rows)
    y = mean + normal(1.0, rows) * np.sqrt(var)
    return np.stack([mean, var], axis=1).ravel(), y


for rows in SIZES:
    for r in REDUCTIONS:
        x, y = gaussian_rows(rows)
        add("gaussian_nll", "default", x, y, reductions=(r,), cols=2)
x, y = gaussian_rows(257)
add("gaussian_nll", "default", x, y, reductions=("mean",), cols=2)
for rows in (7, 33):
    x, y = gaussian_rows(rows)
    add("gaussian_nll", "full", x, y, {"full": True}, cols=2)
    x, y = gaussian_rows(rows, 1e-4, 0.3)
    add("gaussian_nll", "eps=0.05", x, y, {"eps": 0.05}, cols=2)  # some variances clamped
    x, y = gaussian_rows(rows)
    add("gaussian_nll", "eps=0.5/full", x, y, {"eps": 0.5, "full": True}, cols=2)
# Variances of exactly 0 and below eps (clamped: the gradient is the formula's at eps), and a
# mean on its target.
add("gaussian_nll", "clamp", [1.0, 0.0, 2.0, 1e-8, -1.0, 0.25, 3.0, 2.0, 0.5, 0.0],
    [0.5, 2.5, -1.0, 3.0, 0.5], cols=2)
add("gaussian_nll", "clamp/eps=0.01", [1.0, 0.0, 2.0, 0.005, -1.0, 0.25, 3.0, 2.0, 0.5, 0.01],
    [0.5, 2.5, -1.0, 3.0, 0.5], {"eps": 0.01}, cols=2)
add("gaussian_nll", "error=1e4", [1e4, 1.0, -1e4, 100.0, 0.0, 1e-3], [0.0, 0.0, 0.0], cols=2)

# ---------------------------------------------------------------- quantile and mape

for n, rs in sweep():
    y = normal(2.0, n)
    add("quantile", "default", y + normal(1.5, n), y, reductions=rs)
    y = normal(3.0, n) + rng.choice([-4.0, 4.0], n)
    add("mape", "default", y + normal(1.5, n), y, reductions=rs)
for q in (0.1, 0.25, 0.9, 0.99):
    for n in (7, 33):
        y = normal(2.0, n)
        add("quantile", f"q={q}", y + normal(1.5, n), y, {"q": q})
# Kinks: d exactly 0 (sklearn's sign(d >= 0): the gradient −q there).
KY = np.array([-1.5, 0.0, 2.0, 0.25, 3.0, -4.0, 1.0])
for q in (0.5, 0.1, 0.9):
    add("quantile", f"kink/q={q}", KY + np.array([0.0, 0.0, 1.0, -1.0, 0.0, 0.5, -3.0]), KY, {"q": q})
add("quantile", "error=1e4", [1e4, -1e4, 0.5, 1e4, -1.0], [0.0, 1.0, -2.0, 0.5, 3.0], {"q": 0.9})
# mape: x = y (gradient 0), targets below Keras's ε = 1e-7 (the denominator clamped), negative
# targets.
add("mape", "kink", [1.0, -2.0, 3.5, 0.25, 5.0, -1.0, 2.0], [1.0, -2.0, 3.0, 0.25, 4.0, -1.0, 2.5])
add("mape", "tiny_targets", [0.5, -0.25, 1e-8, 0.0, 1.0, 2.0], [0.0, 0.0, 0.0, 1e-8, -5e-8, 1e-6])
add("mape", "negative_targets", [-3.0, -1.0, 2.0, -10.0, 0.0], [-2.5, -1.5, -2.0, -8.0, -1.0])

# ---------------------------------------------------------------- soft_margin, hinge_embedding

for n, rs in sweep():
    add("soft_margin", "default", normal(1.5, n), signs(n), reductions=rs)
    add("hinge_embedding", "default", np.abs(normal(1.5, n)), signs(n), reductions=rs)
for n in (7, 33):
    add("soft_margin", "labels01", normal(1.5, n), rng.choice([0.0, 1.0], n))
    for m in (0.5, 2.0, -0.5):
        add("hinge_embedding", f"margin={m}", np.abs(normal(1.5, n)) * rng.choice([1.0, 1.0, -1.0], n),
            signs(n), {"margin": m})
add("soft_margin", "logits=1e4", [1e4, -1e4, 1e4, -1e4, 0.0, 50.0, -50.0], [1.0, -1.0, -1.0, 1.0, 1.0, -1.0, 1.0])
# Kink: margin − x exactly 0 for y = −1 (clamp_min passes the gradient there).
add("hinge_embedding", "kink", [1.0, 1.0, 0.5, 2.0, 0.0, 1.0, 3.0], [-1.0, 1.0, -1.0, -1.0, -1.0, -1.0, 1.0])
add("hinge_embedding", "kink/margin=2", [2.0, 2.0, 0.5, 2.5, 0.0, 1.0, 3.0], [-1.0, 1.0, -1.0, -1.0, -1.0, -1.0, 1.0],
    {"margin": 2.0})

# ---------------------------------------------------------------- multi-label

for rows, c in ROWS:
    m = rows * c
    add("multilabel_soft_margin", "default", normal(2.0, m), rng.choice([0.0, 1.0], m), cols=c)
    add("multilabel_margin", "default", normal(1.5, m), label_lists(rows, c), cols=c)
for rows, c in ((7, 5), (5, 3)):
    m = rows * c
    add("multilabel_soft_margin", "weight", normal(2.0, m), rng.choice([0.0, 1.0], m),
        {"weight": uniform(0.1, 3.0, c)}, cols=c)
    add("multilabel_soft_margin", "soft_labels", normal(2.0, m), uniform(0.0, 1.0, m), cols=c)
    add("multilabel_soft_margin", "soft_labels/weight", normal(2.0, m), uniform(0.0, 1.0, m),
        {"weight": uniform(0.1, 3.0, c)}, cols=c)
add("multilabel_soft_margin", "logits=1e4", [1e4, -1e4, 0.0, -1e4, 1e4, 50.0], [1.0, 0.0, 1.0, 1.0, 0.0, 0.5], cols=3)
# Every shape of label list: none, one, all C (no −1), a class listed twice (it counts twice,
# as in PyTorch's loop), entries after the −1 ignored; and the kink 1 − (x_j − x_c) = 0 (no
# gradient there, as PyTorch's kernel).
add("multilabel_margin", "lists",
    [0.5, 1.5, -0.3, 2.0, 0.1, 0.2, 0.3, 0.4, 1.0, -1.0, 0.0, 0.5, 2.0, 1.0, 3.0, 0.0, 0.7, 0.3, -0.2, 1.1],
    [-1, 0, 1, 2, 3, 2, 1, 0, 0, -1, 3, 1, 1, 1, -1, 0, 2, -1, 2, 1], cols=4)
add("multilabel_margin", "kink", [2.0, 1.0, 0.0, 0.5, 1.5, 1.5, 3.0, 2.0, 2.5],
    [0, -1, 0, 1, -1, 0, 2, 0, -1], cols=3)

# ---------------------------------------------------------------- categorical_hinge

for rows, c in ROWS:
    add("categorical_hinge", "default", normal(1.5, rows * c), labels(rows, c), cols=c)
for rows, c in ((7, 5), (5, 3), (33, 7)):
    y = labels(rows, c)
    add("categorical_hinge", "one_hot", normal(1.5, rows * c), one_hot(y, c), cols=c)
    add("categorical_hinge", "soft_targets", normal(1.5, rows * c), soft_rows(rows, c), cols=c)
    add("categorical_hinge", "negative_scores", -np.abs(normal(1.5, rows * c)) - 0.1, labels(rows, c), cols=c)
# Kinks: z = 0 exactly (the gradient passes), a tie for the best other score (shared), the
# true class's zeroed entry tying the max (Keras's (1 - t)·x), and a well-separated row.
add("categorical_hinge", "kink",
    [2.0, 1.0, 0.0, 1.0, 3.0, 3.0, -1.0, -2.0, 0.0, 0.5, 0.5, -1.0, 5.0, 1.0, 0.0],
    [0, 0, 2, 0, 0], cols=3)
add("categorical_hinge", "kink/one_hot", [2.0, 1.0, 0.0, 1.0, 3.0, 3.0, -1.0, -2.0, 0.0],
    [1, 0, 0, 1, 0, 0, 0, 0, 1], cols=3)

# ---------------------------------------------------------------- sample_weight
# One weight per term (element, or row), one for all, and zeros; every reduction. 'mean' is
# Σ w·l / N (Keras's sum_over_batch_size), whatever the loss's own mean divides by.
for n in (7, 33):
    y = normal(2.0, n)
    x = y + normal(1.5, n)
    w = uniform(0.0, 3.0, n)
    w[[0, n - 2]] = 0.0
    add("mse", "sample_weight", x, y, {"sample_weight": w})
    add("huber", "sample_weight/delta=0.5", x, y, {"sample_weight": w, "delta": 0.5})
    add("quantile", "sample_weight/q=0.9", x, y, {"sample_weight": w, "q": 0.9})
    add("mse", "sample_weight=scalar", x, y, {"sample_weight": [2.5]})
    add("rmse", "sample_weight", x, y, {"sample_weight": w}, reductions=("mean",))
    rate = uniform(0.2, 8.0, n)
    add("poisson_nll", "sample_weight", np.log(rate) + normal(0.4, n), counts(rate), {"sample_weight": w})
    add("soft_margin", "sample_weight", normal(1.5, n), signs(n), {"sample_weight": w})
    add("bce", "sample_weight/weight", uniform(0.01, 0.99, n), rng.choice([0.0, 1.0], n),
        {"sample_weight": w, "weight": uniform(0.1, 2.0, n)})
for rows, c in ((7, 5), (5, 3)):
    m = rows * c
    w = uniform(0.0, 3.0, rows)
    w[1] = 0.0
    y = labels(rows, c)
    add("cross_entropy", "sample_weight", normal(2.0, m), y, {"sample_weight": w}, cols=c)
    t = labels(rows, c)
    t[0] = -100
    add("cross_entropy", "sample_weight/weight/ignore", normal(2.0, m), t,
        {"sample_weight": w, "weight": uniform(0.2, 3.0, c)}, cols=c)
    add("categorical_hinge", "sample_weight", normal(1.5, m), labels(rows, c), {"sample_weight": w}, cols=c)
    add("multilabel_soft_margin", "sample_weight", normal(2.0, m), rng.choice([0.0, 1.0], m),
        {"sample_weight": w}, cols=c)
    add("multilabel_margin", "sample_weight", normal(1.5, m), label_lists(rows, c), {"sample_weight": w}, cols=c)
    add("bce_with_logits", "sample_weight/rows", normal(2.0, m), rng.choice([0.0, 1.0], m),
        {"sample_weight": uniform(0.0, 3.0, m)}, cols=c)  # element-wise: one weight per element
    x, yv = gaussian_rows(rows)
    add("gaussian_nll", "sample_weight", x, yv, {"sample_weight": w}, cols=2)
    add("gaussian_nll", "sample_weight=scalar", x, yv, {"sample_weight": [0.5]}, cols=2)
    a = normal(1.0, m)
    add("triplet_margin", "sample_weight", a, (a + normal(0.6, m), a + normal(1.0, m)),
        {"sample_weight": w}, cols=c)
