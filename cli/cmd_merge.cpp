// `a2iot merge OUT IN...`: joins results databases (e.g. the per-task files of a Slurm sweep)
// into OUT, with fresh run ids. Merging a file twice adds nothing the second time.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/merge_results.hpp"
#include "cli/command.hpp"
#include "common/input_error.hpp"

namespace a2iot::cli {
namespace {

struct MergeOptions {
    std::string out;
    std::vector<std::string> inputs;
    bool quiet = false;
};

int merge_command(const MergeOptions& opt) {
    namespace fs = std::filesystem;
    for (const auto& in : opt.inputs)
        if (fs::exists(opt.out) && fs::exists(in) && fs::equivalent(opt.out, in))
            throw common::InputError("", 0, "IN", in, "a database other than OUT");
    std::size_t copied = 0, skipped = 0;
    for (const auto& in : opt.inputs) {
        const auto r = analysis::merge_results(opt.out, in);
        copied += r.copied.size();
        skipped += static_cast<std::size_t>(r.skipped);
        if (!opt.quiet)
            fmt::print("{}: {} run(s) copied, {} already in {}\n", in, r.copied.size(), r.skipped,
                       opt.out);
    }
    fmt::print("{}: {} run(s) merged from {} file(s), {} skipped as already present\n", opt.out,
               copied, opt.inputs.size(), skipped);
    return 0;
}

}  // namespace

static const CommandRegistrar merge_command_registrar(
    "merge", "Merge results databases (e.g. per-job sweep databases) into one", 47,
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<MergeOptions>();
        sub.add_option("out", opt->out, "Target database, created if missing")->required();
        sub.add_option("inputs", opt->inputs, "Databases to copy runs from")->required();
        sub.add_flag("--quiet", opt->quiet, "Only the final line");
        sub.footer(
            "Runs get new run ids in OUT. A run already in OUT (same scenario hash, policy, "
            "seed, status, start and finish time) is skipped.\nExit code: 0 success, 2 bad "
            "input (an input that is not a results database).");
        return [opt]() { return merge_command(*opt); };
    });

}  // namespace a2iot::cli
