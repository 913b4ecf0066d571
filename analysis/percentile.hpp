#pragma once
// Nearest-rank percentiles: the p-th percentile of N sorted values is the value at 1-based rank
// ceil(p/100 * N) (rank 1 for p = 0). It is always an observed value, needs no interpolation
// choice, and is what the summary table, compare and regress report.
#include <vector>

namespace a2iot::analysis {

// `sorted` must be sorted ascending and non-empty; p in [0, 100]. Throws std::invalid_argument
// otherwise.
double nearest_rank_sorted(const std::vector<double>& sorted, double p);

}  // namespace a2iot::analysis
