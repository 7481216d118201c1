// LossLab — loss functions you can compute, see and train with. Umbrella header: all of
// the public API.
//   loss.hpp        compute(), defaultOptions(), LossInput / LossOutput
//   options.hpp     LossOptions, Reduction
//   status.hpp      Status and its codes (no function throws)
//   catalogue.hpp   the loss registry: ids, families, options, formulas
//   expression.hpp  the `custom` loss's expressions
//   network.hpp     a small trainable MLP, any catalogue loss
//   datasets.hpp    seeded toy datasets
#pragma once

#include "losslab/catalogue.hpp"
#include "losslab/datasets.hpp"
#include "losslab/expression.hpp"
#include "losslab/loss.hpp"
#include "losslab/network.hpp"
#include "losslab/options.hpp"
#include "losslab/status.hpp"
