// Catalogue entries defined beside their kernels in files of their own, for the family lists
// (regressionLosses(), binaryLosses(), multiclassLosses()) that show them in display order.
#pragma once

#include "losslab/catalogue.hpp"

namespace losslab::detail {

LossSpec poissonNllSpec();   // likelihood.cpp
LossSpec gaussianNllSpec();  // likelihood.cpp
LossSpec quantileSpec();     // relative.cpp
LossSpec mapeSpec();         // relative.cpp
LossSpec softMarginSpec();       // binary_margin.cpp
LossSpec hingeEmbeddingSpec();   // binary_margin.cpp
LossSpec categoricalHingeSpec(); // categorical_hinge.cpp
LossSpec cosineEmbeddingSpec();  // pairs.cpp
LossSpec diceSpec();             // overlap.cpp
LossSpec tverskySpec();          // overlap.cpp
LossSpec cosineSimilaritySpec(); // similarity.cpp

}  // namespace losslab::detail
