#!/usr/bin/env python3
"""Writes hand-made seed inputs for the fuzz targets into fuzz/corpus/<target>/seed-*.

The fuzzers find their way from any input, but some paths are far from random bytes: a
network JSON document with every key, a loss call whose shapes, labels and options are all
valid. These seeds start the fuzzers there. The committed corpus is these seeds plus what
`scripts/fuzz.sh --update-corpus` kept (inputs that added coverage), minimised by libFuzzer.

    python3 fuzz/seeds.py        (idempotent: rewrites the seed-* files only)
"""
import json
import os
import struct

ROOT = os.path.dirname(os.path.abspath(__file__))

# Every loss, with its layout (e element-wise, r rows, t triplets, p pairs) and options in the catalogue's
# order (sample_weight, which every loss takes last, is added below). Seeds name their
# loss by its id (the fuzzers' text form: a first byte of 248 or more, then the id), so they keep
# their loss whatever the catalogue's order or size.
LOSSES = [
    ("mse", "e", []), ("mae", "e", []), ("rmse", "e", []), ("mbe", "e", []), ("msle", "e", []),
    ("huber", "e", ["delta"]), ("smooth_l1", "e", ["beta"]), ("pseudo_huber", "e", ["delta"]),
    ("log_cosh", "e", []), ("bce", "e", ["weight", "label_smoothing"]),
    ("bce_with_logits", "e", ["weight", "pos_weight", "label_smoothing"]),
    ("hinge", "e", []), ("squared_hinge", "e", []),
    ("binary_focal", "e", ["alpha", "gamma", "from_logits", "label_smoothing"]),
    ("cross_entropy", "r", ["weight", "ignore_index", "label_smoothing"]),
    ("categorical_cross_entropy", "r", ["from_logits", "label_smoothing"]),
    ("sparse_categorical_cross_entropy", "r", ["from_logits"]),
    ("nll", "r", ["weight", "ignore_index"]), ("kl_div", "r", []),
    ("multi_margin", "r", ["p", "margin", "weight"]), ("focal", "r", ["gamma", "alpha", "from_logits"]),
    ("triplet_margin", "t", ["margin", "p", "eps", "swap"]), ("custom", "e", []),
    ("quantile", "e", ["q"]), ("mape", "e", []), ("poisson_nll", "e", ["log_input", "full", "eps"]),
    ("gaussian_nll", "r", ["full", "eps"]), ("soft_margin", "e", []), ("hinge_embedding", "e", ["margin"]),
    ("categorical_hinge", "r", []), ("multilabel_soft_margin", "r", ["weight"]), ("multilabel_margin", "r", []),
    ("margin_ranking", "p", ["margin"]), ("cosine_embedding", "p", ["margin"]),
    ("dice", "r", ["eps"]), ("tversky", "r", ["alpha", "beta", "eps"]), ("cosine_similarity", "r", []),
    ("ctc", "s", ["blank", "zero_infinity"]),
]


def loss_id(lid, first):
    """The id in the fuzzers' text form: `first` (≥ 248 for the loss target, ≥ 250 for the
    network's), the length, the characters."""
    return bytes([first, len(lid)]) + lid.encode()


def write(target, name, data):
    folder = os.path.join(ROOT, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


KINDS = {"delta": "n", "beta": "n", "alpha": "n", "gamma": "n", "margin": "n", "p": "n", "eps": "n",
         "label_smoothing": "n", "ignore_index": "i", "from_logits": "f", "swap": "f", "weight": "v",
         "pos_weight": "v", "q": "n", "log_input": "f", "full": "f", "blank": "i", "zero_infinity": "f"}


def loss_seeds():
    """Byte layout: see fuzz/loss_fuzz.cpp (sel, reduction, shape, rows, cols, modes, data…)."""
    for index, (lid, layout, options) in enumerate(LOSSES):
        for reduction in range(3):
            if layout == "s":
                write("loss", f"{lid}-{['mean', 'sum', 'none'][reduction]}", ctc_seed(lid, reduction))
                continue
            rows, cols = 4, (2 if lid == "gaussian_nll" else 0 if lid == "margin_ranking" else 3 if layout != "e" else 0)
            n = rows * cols if cols else rows
            probability_rows = lid in ("categorical_cross_entropy", "kl_div", "multilabel_soft_margin", "multilabel_margin",
                                       "dice", "tversky", "cosine_similarity")
            # (label bytes for fill mode 5: 1 → 1, 2 → −1, 0 → 0)
            label = {"hinge_embedding": lambda k: 1 + k % 2, "multilabel_margin": lambda k: [1, 0, 2][k % 3]}.get(
                lid, lambda k: k % 2)
            # input modes: tame (2), probabilities (3), log-probabilities (6);
            # target modes: probabilities (3), class indices (4), 0/1 labels (5), one-hot rows (7)
            tmode = {"e": 3, "r": 7 if probability_rows else 4, "t": 2, "p": 2}[layout]
            if lid in ("hinge", "squared_hinge", "binary_focal", "soft_margin", "hinge_embedding", "multilabel_margin",
                       "multilabel_soft_margin"):
                tmode = 5  # 0/1 labels and signs; for label lists 1, 0 or −1 per entry
            if lid in ("gaussian_nll", "poisson_nll"):
                tmode = 3  # values in [0, 1]: one per row, or counts
            imode = 3 if lid in ("bce", "kl_div", "categorical_cross_entropy", "sparse_categorical_cross_entropy", "dice",
                                 "tversky") else (6 if lid == "nll" else 2)
            b = loss_id(lid, 248) + bytes([reduction, 0, rows, cols, imode | (tmode << 3)])
            b += bytes((17 * k + 5) % 200 for k in range(n))              # input values
            if layout == "t":
                b += bytes([2 | (2 << 3) | (2 << 5)]) + bytes(range(1, n + 1)) + bytes(range(40, 40 + n))
            elif layout == "p":
                # x2 tame (fill mode 2), labels as signs (0x40: fill mode 5; 1 → +1, 2 → −1), one per pair
                pairs = n // cols if cols else n
                b += bytes([0x40 | (2 << 3)]) + bytes((29 * k + 3) % 200 for k in range(n))
                b += bytes(1 + k % 2 for k in range(pairs))
            else:
                # fill mode 7 (one-hot rows) reads one byte per row
                length = rows if tmode == 7 or not (layout == "e" or probability_rows) else n
                # natural target length (130: class indices where rows are accepted too; 6: one per row)
                b += bytes([130 if lid in ("cross_entropy", "categorical_hinge") else 6 if lid == "gaussian_nll" else 0])
                b += bytes(label(k) if tmode == 5 else (7 * k + 2) % 251 for k in range(length))
            for name in options:
                kind = KINDS[name]
                if lid == "focal" and name == "alpha":
                    kind = "v"
                if kind == "n":
                    small = name in ("label_smoothing", "eps", "q")
                    b += bytes([2, 3 if small else 32])                      # 1.0 (or 0.09)
                elif kind == "i":
                    b += bytes([2, 1])                                      # 0
                elif kind == "f":
                    # true; but keep categorical inputs probabilities and poisson's log-rates
                    b += bytes([2 if name in ("from_logits", "log_input") and lid not in ("binary_focal", "focal") else 2 | 4])
                else:
                    per_element = layout == "e" and name == "weight"
                    m = 2 | ((1 if per_element else (2 if name == "pos_weight" else 0)) << 2)
                    length = n if per_element else (1 if name == "pos_weight" else cols)
                    b += bytes([m]) + bytes([200] * length)
            # sample_weight, which every loss takes (last): absent for 'mean'; for 'sum' one per
            # element (element-wise) or one for all (rows); for 'none' one for all
            if reduction == 0:
                b += bytes([0])
            elif reduction == 1 and layout == "e":
                b += bytes([2 | (1 << 2)]) + bytes((31 * k + 7) % 256 for k in range(n))
            else:
                b += bytes([2 | (2 << 2)]) + bytes([128])
            if lid == "custom":
                b += bytes([reduction])
            b += bytes([19 if layout == "p" else 3])                        # values + grad (+ grad_other)
            write("loss", f"{lid}-{['mean', 'sum', 'none'][reduction]}", b)


def ctc_seed(lid, reduction):
    """ctc: input [T=3, N=2, C=3] log-probabilities (6 rows of 3, fill mode 6), no target
    block; the sequence block (loss_fuzz.cpp): T byte (1 + 2), the lengths of each sample
    (input 3 and 2, targets 2 and 1), concatenated labels (1, 2 | 2, a repeat of nothing);
    options blank 0 and zero_infinity true, sample_weight as for the others."""
    b = loss_id(lid, 248) + bytes([reduction, 0, 6, 3, 6])
    b += bytes((23 * k + 3) % 200 for k in range(18))               # log-probabilities
    b += bytes([2]) + bytes([3, 2, 2, 1])                           # T = 3; (3, 2), (2, 1)
    b += bytes([0, 0]) + bytes([1, 2, 2])                           # concatenated; labels
    b += bytes([2, 1]) + bytes([2 | 4])                             # blank 0; zero_infinity
    b += bytes([0]) if reduction == 0 else bytes([2 | (2 << 2)]) + bytes([128])
    return b + bytes([3])                                           # values + grad


def network_json(settings, data=b""):
    text = json.dumps(settings, separators=(",", ":")).encode()
    return bytes([0]) + struct.pack("<H", len(text)) + text + data


def network_seeds():
    base = {"layers": [2, 4, 1], "activation": "tanh", "loss": "bce_with_logits", "optimizer": "adam",
            "learningRate": 0.03, "batchSize": 4, "l1": 0, "l2": 0, "seed": 1}
    data = bytes([8]) + bytes((k * 37) % 256 for k in range(64))
    write("network", "json-settings", network_json(base, data))
    variants = {
        "mse": {"loss": "mse", "layers": [2, 3, 2], "activation": "relu"},
        "huber": {"loss": "huber", "lossOptions": {"delta": 0.5}, "layers": [1, 4, 1]},
        "msle": {"loss": "msle", "layers": [2, 3, 1], "optimizer": "momentum"},
        "custom": {"loss": "custom", "lossOptions": {"expr": "abs(x - y)^1.5"}, "layers": [2, 3, 1]},
        "cross_entropy": {"loss": "cross_entropy", "layers": [2, 5, 3], "lossOptions": {"weight": [1, 2, 0.5], "label_smoothing": 0.1}},
        "nll": {"loss": "nll", "layers": [2, 4, 3], "lossOptions": {"ignore_index": 1}},
        "kl_div": {"loss": "kl_div", "layers": [2, 4, 4, 3], "activation": "sigmoid"},
        "focal": {"loss": "focal", "layers": [2, 4, 3], "lossOptions": {"gamma": 2, "from_logits": False}},
        "multi_margin": {"loss": "multi_margin", "layers": [2, 4, 3], "lossOptions": {"p": 2, "margin": 0.5}},
        "hinge": {"loss": "hinge", "layers": [2, 4, 1], "optimizer": "sgd", "l2": 0.001},
        "bce": {"loss": "bce", "layers": [2, 4, 1], "l1": 0.001},
        "binary_focal": {"loss": "binary_focal", "lossOptions": {"alpha": 0.25, "gamma": 2}},
        "triplet": {"loss": "triplet_margin", "layers": [2, 4, 2], "lossOptions": {"margin": 0.5, "swap": True}},
        "weights": {"layers": [2, 2, 1], "weights": [{"w": [[0.5, -0.25], [1, 2]], "b": [0, 0.1]}, {"w": [[1.5, -1]], "b": [0.25]}],
                    "format": "losslab.network", "version": 1, "epochs": 3},
        "centroids": {"loss": "triplet_margin", "layers": [2, 2, 2], "centroids": [[0, 1], None, [1, 0.5]]},
    }
    for name, change in variants.items():
        write("network", "json-" + name, network_json({**base, **change}, data))
    # Settings mode (fuzz/network_fuzz.cpp readConfig): mode 1, three layers, tame numbers.
    for index, (lid, layout, _) in enumerate(LOSSES):
        if lid in ("mbe", "hinge_embedding", "multilabel_margin", "margin_ranking", "cosine_embedding", "cosine_similarity") or layout == "s":
            continue  # refused: not trainable (not_trainable), or sequences (ctc's trainer_note)
        out = {"e": 0, "r": 2, "t": 1}[layout] if lid not in ("custom", "dice", "tversky") else 0   # 1, 3 or 2 output units
        if lid == "gaussian_nll":
            out = 1  # two: mean and variance
        b = bytes([1, 0, 1, 3, out, 0x20]) + loss_id(lid, 250) + bytes([0, 0, 30, 5]) + b"\x01\x00\x00\x00" + data
        if lid == "custom":  # one option: expr (the fuzzer's expression list, entry 1)
            b = bytes([1, 0, 1, 3, out, 0x20]) + loss_id(lid, 250) + bytes([1, 15, 3, 1, 0, 30, 5]) + b"\x01\x00\x00\x00" + data
        write("network", f"settings-{lid}", b)


def dataset_seeds():
    for index, name in enumerate(["circle", "xor", "gauss", "spiral", "blobs", "imbalanced", "plane", "multi_gauss",
                                  "sine_outliers", "counts", "heteroscedastic"]):
        write("dataset", name, bytes([index, 3, 200, 0, 26, 1, 0, 0, 0]))


def json_seeds():
    docs = [
        '{"format":"losslab.network","version":1,"layers":[2,8,8,1],"activation":"tanh","lossOptions":{}}',
        '[1,-0,0.5,1e300,-2.5e-308,"a\\"b\\\\c\\u00e9\\ud83d\\ude00",true,false,null,{}]',
        '{"a":{"b":{"c":[[[]]]}},"s":"\\n\\t\\r\\b\\f\\/"}',
        "  [ 123456789012345678901234567890 , 0.1 , 3.4028234663852886e38 ]  ",
    ]
    for k, doc in enumerate(docs):
        write("json", f"doc{k}", doc.encode())


if __name__ == "__main__":
    loss_seeds()
    network_seeds()
    dataset_seeds()
    json_seeds()
