#pragma once
// `a2iot sweep --emit-slurm DIR`: the same sweep as a Slurm job array. Each array task runs one
// point with `a2iot run` into its own database (no shared-file locking across cluster nodes,
// where SQLite's WAL does not work on network file systems), and a dependent job merges them.
#include <string>
#include <vector>

#include "analysis/sweep_point.hpp"

namespace a2iot::analysis {

struct SlurmSweep {
    std::string name;       // scenario name, for job names
    std::string a2iot;      // executable path (absolute), overridable with $A2IOT at run time
    std::string scenario;   // scenario path (absolute)
    std::string merged_db;  // the merge step's output (absolute)
    std::vector<SweepPoint> points;  // overrides include the sweep's base --set strings
};

// Writes DIR/sweep.sbatch (array 0..N-1), DIR/merge.sbatch, DIR/submit.sh and creates DIR/db and
// DIR/logs. Returns the paths written. Throws std::runtime_error on I/O failure.
std::vector<std::string> write_slurm_sweep(const std::string& dir, const SlurmSweep& sweep);

// Quotes a string for bash (single quotes).
std::string shell_quote(const std::string& s);

}  // namespace a2iot::analysis
