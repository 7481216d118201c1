#include "losslab/status.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "losslab/options.hpp"

namespace losslab {

const char* codeName(Code code) noexcept {
  switch (code) {
    case Code::Ok: return "OK";
    case Code::UnknownLoss: return "UNKNOWN_LOSS";
    case Code::ShapeMismatch: return "SHAPE_MISMATCH";
    case Code::EmptyInput: return "EMPTY_INPUT";
    case Code::NotFinite: return "NOT_FINITE";
    case Code::OutOfDomain: return "OUT_OF_DOMAIN";
    case Code::BadLabel: return "BAD_LABEL";
    case Code::BadOption: return "BAD_OPTION";
    case Code::Internal: return "INTERNAL";
  }
  return "INTERNAL";
}

const char* reductionName(Reduction r) noexcept {
  switch (r) {
    case Reduction::Mean: return "mean";
    case Reduction::Sum: return "sum";
    case Reduction::None: return "none";
  }
  return "?";
}

std::string formatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  // The shortest %g form that reads back as the same double (or, for float data, float).
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    const double back = std::strtod(buf, nullptr);
    if (back == v || static_cast<float>(back) == static_cast<float>(v)) break;
  }
  return buf;
}

}  // namespace losslab
