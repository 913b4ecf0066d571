#include "analysis/percentile.hpp"

#include <cmath>
#include <stdexcept>

namespace a2iot::analysis {

double nearest_rank_sorted(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) throw std::invalid_argument("nearest_rank_sorted: no values");
    if (!(p >= 0 && p <= 100)) throw std::invalid_argument("nearest_rank_sorted: p not in [0,100]");
    const auto n = static_cast<double>(sorted.size());
    // p/100*N is computed in floating point; a product like 0.95*20 = 19.000000000000004 must
    // still give rank 19, so round away float noise before ceil.
    const double exact = p / 100.0 * n;
    auto rank = static_cast<std::size_t>(std::ceil(exact - 1e-9 * n));
    if (rank < 1) rank = 1;
    if (rank > sorted.size()) rank = sorted.size();
    return sorted[rank - 1];
}

}  // namespace a2iot::analysis
