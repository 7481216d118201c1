// LossLab — loss functions you can compute, see and train with. Umbrella header.
#pragma once

#include "losslab/catalogue.hpp"
#include "losslab/expression.hpp"
#include "losslab/loss.hpp"
#include "losslab/options.hpp"
#include "losslab/status.hpp"
