"""Golden cases of the Keras options: label smoothing (binary and categorical), from_logits on
the categorical cross-entropies, focal's scalar alpha."""

import numpy as np

from cases_catalogue import BIG_LOGITS, LOGITS_1E4
from common import add, labels, logits, normal, rng, soft_or_hard, softmax_rows, uniform

# ---------------------------------------------------------------- Keras options
# (appended last, so that every case above keeps its random draws)
for n in (1, 7, 33):
    for e in (0.1, 0.35):
        add("bce", f"label_smoothing={e}", uniform(0.01, 0.99, n), soft_or_hard(n), {"label_smoothing": e})
        add("bce_with_logits", f"label_smoothing={e}", normal(2.0, n), soft_or_hard(n),
            {"label_smoothing": e})
        add("binary_focal", f"label_smoothing={e}", normal(2.0, n), rng.choice([0.0, 1.0], n),
            {"label_smoothing": e})
        add("binary_focal", f"label_smoothing={e}/from_logits=false", uniform(0.02, 0.98, n),
            rng.choice([0.0, 1.0], n), {"label_smoothing": e, "from_logits": False})
add("bce_with_logits", "label_smoothing=0.2/weight+pos_weight", normal(2.0, 21), soft_or_hard(21),
    {"label_smoothing": 0.2, "weight": uniform(0.1, 3.0, 7), "pos_weight": uniform(0.2, 4.0, 7)}, cols=7)
add("bce", "label_smoothing=0.2/weight", uniform(0.01, 0.99, 7), soft_or_hard(7),
    {"label_smoothing": 0.2, "weight": uniform(0.0, 3.0, 7)})
add("binary_focal", "label_smoothing=0.2/alpha=-1/gamma=3.5", normal(2.0, 7), rng.choice([0.0, 1.0], 7),
    {"label_smoothing": 0.2, "alpha": -1.0, "gamma": 3.5})
add("binary_focal", "label_smoothing=0.1/logits=1e4", LOGITS_1E4, [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0],
    {"label_smoothing": 0.1})
for rows, c in ((1, 3), (7, 5), (33, 7)):
    m = rows * c
    onehot = np.eye(c)[labels(rows, c).astype(int)].ravel()
    add("categorical_cross_entropy", "label_smoothing=0.1", uniform(0.02, 1.0, m), onehot,
        {"label_smoothing": 0.1}, cols=c)
    add("categorical_cross_entropy", "from_logits", logits(rows, c), onehot, {"from_logits": True}, cols=c)
    add("categorical_cross_entropy", "from_logits/label_smoothing=0.2", logits(rows, c),
        softmax_rows(rows, c), {"from_logits": True, "label_smoothing": 0.2}, cols=c)
    add("sparse_categorical_cross_entropy", "from_logits", logits(rows, c), labels(rows, c),
        {"from_logits": True}, cols=c)
    add("focal", "alpha=scalar", logits(rows, c), labels(rows, c), {"alpha": 0.25}, cols=c)
    add("focal", "alpha=scalar/from_logits=false", softmax_rows(rows, c, 1.0), labels(rows, c),
        {"alpha": 0.25, "from_logits": False}, cols=c)
add("categorical_cross_entropy", "label_smoothing=0.3/clip",
    [1.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.2, 0.0, 0.6], [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0],
    {"label_smoothing": 0.3}, cols=3)
add("categorical_cross_entropy", "from_logits/logits=1e4", BIG_LOGITS,
    [0.0, 1.0, 0.0, 0.25, 0.75, 0.0, 0.5, 0.5, 0.0], {"from_logits": True}, cols=3)

