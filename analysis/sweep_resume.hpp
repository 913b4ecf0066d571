#pragma once
// Resuming a sweep: a point whose run is `complete` in the database is skipped; a point whose
// run is `running` (killed mid-way) or `failed`, or that has no run, is run again.
#include <string>
#include <vector>

#include "analysis/sweep_point.hpp"

namespace a2iot::analysis {

// For each point, whether the database holds a complete run with the same scenario hash, policy
// and seed. A database file that does not exist yet has none.
std::vector<bool> complete_points(const std::string& db_path,
                                  const std::vector<SweepPoint>& points);

}  // namespace a2iot::analysis
