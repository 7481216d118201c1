"""Golden cases of the first 22 losses: every size, reduction and option, and the edges
(kinks, saturation, logits of ±1e4, Keras's clip)."""

import numpy as np

from common import (ROW_SHAPES, add, labels, logits, normal, regression_data,
                    rng, sizes_and_reductions, soft_or_hard, softmax_rows, triplets, uniform)

# ---------------------------------------------------------------- regression

REGRESSION = ("mse", "mae", "rmse", "mbe", "msle", "huber", "smooth_l1", "pseudo_huber", "log_cosh")
for loss in REGRESSION:
    for n, rs in sizes_and_reductions():
        if loss == "rmse" and rs != ("mean",):
            continue
        x, y = regression_data(loss, n)
        add(loss, "default", x, y, reductions=rs)

for loss, option, values in (("huber", "delta", (0.5, 2.5)), ("smooth_l1", "beta", (0.0, 0.3)),
                             ("pseudo_huber", "delta", (0.5, 2.5))):
    for v in values:
        for n in (7, 33):
            x, y = regression_data(loss, n)
            add(loss, f"{option}={v}", x, y, {option: v})

# Kinks: d exactly 0, and |d| exactly δ (dyadic δ, so exact in float32).
KINK_Y = np.array([-1.5, 0.0, 2.0, 0.25, 3.0, -4.0, 1.0])
for loss, option, values in (("mae", None, (None,)), ("huber", "delta", (1.0, 0.5, 2.5)),
                             ("smooth_l1", "beta", (1.0, 0.0, 0.3)), ("pseudo_huber", "delta", (1.0,)),
                             ("log_cosh", None, (None,)), ("mse", None, (None,))):
    for v in values:
        k = 1.0 if v is None or v == 0.3 else v  # 0.3 is not a float32: only d = 0 there
        d = np.array([0.0, 0.0, k, -k, 0.0, 0.5 * k, -3.0 * k]) if v != 0.3 else \
            np.array([0.0, 0.0, 0.1, -0.7, 0.0, 0.0, 2.0])
        opts = {option: v} if option else {}
        label = "kink" if option is None else f"kink/{option}={v}"
        add(loss, label, KINK_Y + d, KINK_Y, opts)

# Extremes: errors of 1e4, and log_cosh at |d| = 300.
BIG_Y = np.array([0.0, 1.0, -2.0, 0.5, 3.0])
BIG_D = np.array([1e4, -1e4, 0.5, 1e4, -1.0])
for loss in ("mse", "huber", "pseudo_huber", "log_cosh"):
    add(loss, "error=1e4", BIG_Y + BIG_D, BIG_Y)
add("huber", "error=1e4/delta=2.5", BIG_Y + BIG_D, BIG_Y, {"delta": 2.5})
add("pseudo_huber", "error=1e4/delta=0.5", BIG_Y + BIG_D, BIG_Y, {"delta": 0.5})
add("log_cosh", "d=300", np.array([300.0, -300.0, 0.0, 20.0, -30.0]), np.zeros(5))
add("rmse", "error=1e4", BIG_Y + BIG_D, BIG_Y, reductions=("mean",))

# ---------------------------------------------------------------- binary



for n, rs in sizes_and_reductions():
    add("bce", "default", uniform(0.01, 0.99, n), soft_or_hard(n), reductions=rs)
    add("bce_with_logits", "default", normal(2.0, n), soft_or_hard(n), reductions=rs)
    add("hinge", "default", normal(1.5, n), rng.choice([-1.0, 1.0], n), reductions=rs)
    add("squared_hinge", "default", normal(1.5, n), rng.choice([-1.0, 1.0], n), reductions=rs)
    add("binary_focal", "default", normal(2.0, n), rng.choice([0.0, 1.0], n), reductions=rs)

for n in (7, 33):
    add("bce", "weight=per_element", uniform(0.01, 0.99, n), soft_or_hard(n),
        {"weight": uniform(0.0, 3.0, n)})
    add("bce_with_logits", "weight=per_element", normal(2.0, n), soft_or_hard(n),
        {"weight": uniform(0.0, 3.0, n)})
    add("bce_with_logits", "pos_weight=scalar", normal(2.0, n), soft_or_hard(n), {"pos_weight": 2.5})
    add("hinge", "labels01", normal(1.5, n), rng.choice([0.0, 1.0], n))
    add("squared_hinge", "labels01", normal(1.5, n), rng.choice([0.0, 1.0], n))
    for label, opts in (("alpha=-1", {"alpha": -1.0}), ("alpha=0.5", {"alpha": 0.5}),
                        ("gamma=0", {"gamma": 0.0}), ("gamma=3.5", {"gamma": 3.5}),
                        ("alpha=0.5/gamma=0", {"alpha": 0.5, "gamma": 0.0})):
        add("binary_focal", label, normal(2.0, n), rng.choice([0.0, 1.0], n), opts)
    for label, opts in (("from_logits=false", {"from_logits": False}),
                        ("from_logits=false/alpha=-1/gamma=3.5",
                         {"from_logits": False, "alpha": -1.0, "gamma": 3.5})):
        add("binary_focal", label, uniform(0.02, 0.98, n), rng.choice([0.0, 1.0], n), opts)

# [N, C] multi-label rows: per-class weights broadcast over rows.
for rows, c in ((5, 3), (3, 7)):
    m = rows * c
    add("bce", "rows", uniform(0.01, 0.99, m), soft_or_hard(m), cols=c)
    add("bce", "weight=per_class", uniform(0.01, 0.99, m), soft_or_hard(m),
        {"weight": uniform(0.1, 3.0, c)}, cols=c)
    add("bce", "weight=per_element_rows", uniform(0.01, 0.99, m), soft_or_hard(m),
        {"weight": uniform(0.1, 3.0, m)}, cols=c)
    add("bce_with_logits", "rows", normal(2.0, m), soft_or_hard(m), cols=c)
    add("bce_with_logits", "pos_weight=per_class", normal(2.0, m), soft_or_hard(m),
        {"pos_weight": uniform(0.2, 4.0, c)}, cols=c)
    add("bce_with_logits", "pos_weight=scalar_rows", normal(2.0, m), soft_or_hard(m),
        {"pos_weight": 0.5}, cols=c)
    add("bce_with_logits", "weight=per_class", normal(2.0, m), soft_or_hard(m),
        {"weight": uniform(0.1, 3.0, c)}, cols=c)
    add("bce_with_logits", "weight+pos_weight", normal(2.0, m), soft_or_hard(m),
        {"weight": uniform(0.1, 3.0, c), "pos_weight": uniform(0.2, 4.0, c)}, cols=c)

# Extremes. bce: probabilities exactly 0 and 1 — agreeing with the target (value and
# gradient 0), and saturated against it (log clamped at −100; PyTorch's gradient is
# (x − y) / max(x(1 − x), 1e-12), i.e. ±1e12 per unit of disagreement).
add("bce", "extreme/exact", [0.0, 1.0, 0.0, 1.0, 0.5, 0.25, 0.999], [0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
add("bce", "extreme/saturated", [0.0, 1.0, 0.0, 1.0, 0.5], [1.0, 0.0, 0.3, 0.75, 0.5])
add("bce", "extreme/saturated/weight", [0.0, 1.0, 0.0, 0.5], [1.0, 0.0, 0.0, 1.0],
    {"weight": [0.5, 2.0, 1.0, 3.0]})
LOGITS_1E4 = [1e4, -1e4, 1e4, -1e4, 1e4, -1e4, 0.0]
TARGETS_1E4 = [1.0, 0.0, 0.0, 1.0, 0.5, 0.25, 1.0]
add("bce_with_logits", "logits=1e4", LOGITS_1E4, TARGETS_1E4)
add("bce_with_logits", "logits=1e4/pos_weight", LOGITS_1E4, TARGETS_1E4, {"pos_weight": 3.0})
add("binary_focal", "logits=1e4", LOGITS_1E4, [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0])

# Hinge kink: y·x exactly 1 (torch's clamp passes the gradient there), and 0 → −1.
add("hinge", "kink", [1.0, -1.0, -1.0, 1.0, 0.5, 2.0, -1.0], [1.0, -1.0, 0.0, 1.0, 1.0, -1.0, 1.0])
add("squared_hinge", "kink", [1.0, -1.0, -1.0, 1.0, 0.5, 2.0, -1.0], [1.0, -1.0, 0.0, 1.0, 1.0, -1.0, 1.0])

# ---------------------------------------------------------------- multiclass



for rows, c in ROW_SHAPES:
    m = rows * c
    add("cross_entropy", "default", logits(rows, c), labels(rows, c), cols=c)
    add("categorical_cross_entropy", "default", uniform(0.02, 1.0, m),
        np.eye(c)[labels(rows, c).astype(int)].ravel(), cols=c)
    add("sparse_categorical_cross_entropy", "default", uniform(0.02, 1.0, m), labels(rows, c), cols=c)
    add("nll", "default", np.log(softmax_rows(rows, c)), labels(rows, c), cols=c)
    add("kl_div", "default", softmax_rows(rows, c), softmax_rows(rows, c), cols=c)
    add("multi_margin", "default", logits(rows, c, 1.0), labels(rows, c), cols=c)
    add("focal", "default", logits(rows, c), labels(rows, c), cols=c)

for rows, c in ((7, 5), (5, 3)):
    w = uniform(0.2, 3.0, c)
    add("cross_entropy", "weight", logits(rows, c), labels(rows, c), {"weight": w}, cols=c)
    t = labels(rows, c)
    t[[0, rows - 2]] = -100
    add("cross_entropy", "ignore_default", logits(rows, c), t, cols=c)
    add("cross_entropy", "ignore_default/weight", logits(rows, c), t, {"weight": w}, cols=c)
    t = labels(rows, c)
    t[[1, rows - 1]] = 2
    add("cross_entropy", "ignore_index=2", logits(rows, c), t, {"ignore_index": 2}, cols=c)
    add("cross_entropy", "ignore_index=2/weight/label_smoothing=0.1", logits(rows, c), t,
        {"ignore_index": 2, "weight": w, "label_smoothing": 0.1}, cols=c)
    t = labels(rows, c)
    t[2] = -1
    add("cross_entropy", "ignore_index=-1", logits(rows, c), t, {"ignore_index": -1}, cols=c)
    add("cross_entropy", "label_smoothing=0.1", logits(rows, c), labels(rows, c),
        {"label_smoothing": 0.1}, cols=c)
    add("cross_entropy", "label_smoothing=0.1/weight", logits(rows, c), labels(rows, c),
        {"label_smoothing": 0.1, "weight": w}, cols=c)
    add("cross_entropy", "probabilities", logits(rows, c), softmax_rows(rows, c), cols=c)
    add("cross_entropy", "probabilities/weight", logits(rows, c), softmax_rows(rows, c),
        {"weight": w}, cols=c)
    add("cross_entropy", "probabilities/label_smoothing=0.1/weight", logits(rows, c),
        softmax_rows(rows, c), {"label_smoothing": 0.1, "weight": w}, cols=c)

    add("categorical_cross_entropy", "soft_targets", uniform(0.02, 1.0, rows * c),
        softmax_rows(rows, c), cols=c)
    add("nll", "weight", np.log(softmax_rows(rows, c)), labels(rows, c), {"weight": w}, cols=c)
    t = labels(rows, c)
    t[[0, rows - 1]] = -100
    add("nll", "ignore_default", np.log(softmax_rows(rows, c)), t, cols=c)
    t = labels(rows, c)
    t[[1, 2]] = 1
    add("nll", "ignore_index=1/weight", np.log(softmax_rows(rows, c)), t,
        {"ignore_index": 1, "weight": w}, cols=c)
    for label, opts in (("p=2", {"p": 2}), ("margin=0.5", {"margin": 0.5}), ("weight", {"weight": w}),
                        ("p=2/margin=0.5/weight", {"p": 2, "margin": 0.5, "weight": w})):
        add("multi_margin", label, logits(rows, c, 1.0), labels(rows, c), opts, cols=c)
    for label, opts in (("gamma=0", {"gamma": 0.0}), ("gamma=3.5", {"gamma": 3.5}),
                        ("alpha", {"alpha": uniform(0.1, 1.0, c)}),
                        ("alpha/gamma=0", {"alpha": uniform(0.1, 1.0, c), "gamma": 0.0})):
        add("focal", label, logits(rows, c), labels(rows, c), opts, cols=c)
    for label, opts in (("from_logits=false", {"from_logits": False}),
                        ("from_logits=false/gamma=3.5/alpha",
                         {"from_logits": False, "gamma": 3.5, "alpha": uniform(0.1, 1.0, c)})):
        add("focal", label, softmax_rows(rows, c, 1.0), labels(rows, c), opts, cols=c)

# Clipping at Keras's 1e-7: zero entries and rows that are exactly one-hot.
add("categorical_cross_entropy", "clip",
    [1.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.2, 0.0, 0.6], [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0], cols=3)
add("sparse_categorical_cross_entropy", "clip", [1.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.2, 0.0, 0.6],
    [0, 1, 1], cols=3)
add("kl_div", "clip", [1.0, 0.0, 0.0, 0.25, 0.25, 0.5, 0.0, 0.5, 0.5],
    [0.0, 1.0, 0.0, 0.0, 0.5, 0.5, 1.0, 0.0, 0.0], cols=3)

# Logits of ±1e4.
BIG_LOGITS = [1e4, -1e4, 0.0, -1e4, 1e4, 0.0, 1e4, 1e4, -1e4]
add("cross_entropy", "logits=1e4", BIG_LOGITS, [1, 1, 0], cols=3)
add("cross_entropy", "logits=1e4/label_smoothing=0.1/weight", BIG_LOGITS, [1, 1, 2],
    {"label_smoothing": 0.1, "weight": [0.5, 1.0, 2.0]}, cols=3)
add("cross_entropy", "logits=1e4/probabilities", BIG_LOGITS,
    [0.0, 1.0, 0.0, 0.25, 0.75, 0.0, 0.5, 0.5, 0.0], cols=3)

# Multi-margin kink: margin − x_y + x_i exactly 0 (PyTorch counts only z > 0).
add("multi_margin", "kink", [2.0, 1.0, 0.0, 0.0, 1.0, 1.5, 3.0, 2.5, 2.0], [0, 2, 0], cols=3)
add("multi_margin", "kink/p=2", [2.0, 1.0, 0.0, 0.0, 1.0, 1.5, 3.0, 2.5, 2.0], [0, 2, 0], {"p": 2}, cols=3)

# ---------------------------------------------------------------- triplet



for rows, d in ((1, 3), (3, 5), (7, 3), (33, 7)):
    a, p, n = triplets(rows, d)
    add("triplet_margin", "default", a, (p, n), cols=d)
for label, opts in (("margin=0.5", {"margin": 0.5}), ("margin=2", {"margin": 2.0}), ("p=1", {"p": 1.0}),
                    ("p=3", {"p": 3.0}), ("eps=0.01", {"eps": 0.01}), ("swap", {"swap": True}),
                    ("p=1/swap/margin=2", {"p": 1.0, "swap": True, "margin": 2.0})):
    for rows, d in ((7, 3), (5, 5)):
        a, p, n = triplets(rows, d)
        if "swap" in opts:  # negatives nearer the positive than the anchor in some rows
            n = p + normal(0.7, rows * d)
        add("triplet_margin", label, a, (p, n), opts, cols=d)
# Exactly at the margin: with eps = 2^-10 every distance is exact in float32 and float64.
# Row 0: a − p + eps = (3, 4), a − n + eps = (6, 8): 5 − 10 + 5 = 0. Row 1 is off the kink.
E = 2.0 ** -10
KA = [3 - E, 4 - E, 1.0, 2.0]
KP = [0.0, 0.0, 1.0, 1.0]
KN = [-3.0, -4.0, -1.0, 0.0]
add("triplet_margin", "kink", KA, (KP, KN), {"margin": 5.0, "eps": E}, cols=2)

