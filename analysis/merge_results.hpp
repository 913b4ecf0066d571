#pragma once
// Copies runs (with their requests, decisions, device samples and events) from one results
// database into another, giving them fresh run ids. `a2iot merge` uses it to join per-job
// databases (e.g. the per-task files of a Slurm array), and `regress --update-baseline` to store
// a new baseline run.
#include <cstdint>
#include <string>
#include <vector>

namespace a2iot::analysis {

struct MergeResult {
    std::vector<std::pair<std::int64_t, std::int64_t>> copied;  // (source run_id, new run_id)
    std::int64_t skipped = 0;  // runs already present in the target
};

// Creates the target (with the current schema) when missing. Only the listed source runs are
// copied (all when run_ids is empty). A source run whose identity (scenario_hash, policy, seed,
// status, started_at, finished_at) is already in the target is skipped, so merging the same file
// twice adds nothing. Everything is copied in one transaction: a failure leaves the target as it
// was. A source that is not a results database throws common::InputError.
MergeResult merge_results(const std::string& target_path, const std::string& source_path,
                          const std::vector<std::int64_t>& run_ids = {});

// Deletes runs and all their rows. Used to replace baseline runs.
void delete_runs(const std::string& db_path, const std::vector<std::int64_t>& run_ids);

// Rewrites the file compactly in rollback-journal mode (no -wal/-shm side files), which is what a
// database committed to git should be.
void compact_database(const std::string& db_path);

}  // namespace a2iot::analysis
