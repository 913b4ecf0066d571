#include "analysis/sweep_slurm.hpp"

#include <fmt/core.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace a2iot::analysis {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

namespace {
void write_file(const fs::path& p, const std::string& text, bool executable) {
    std::ofstream f(p);
    f << text;
    f.close();
    if (!f) throw std::runtime_error(p.string() + ": cannot write");
    if (executable)
        fs::permissions(p, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                        fs::perm_options::add);
}
}  // namespace

std::vector<std::string> write_slurm_sweep(const std::string& dir_arg, const SlurmSweep& s) {
    if (s.points.empty()) throw std::runtime_error("the sweep has no points");
    const fs::path dir = fs::absolute(dir_arg);
    fs::create_directories(dir / "db");
    fs::create_directories(dir / "logs");
    const std::string qdir = shell_quote(dir.string());

    std::string cases;
    for (const auto& p : s.points) {
        std::string sets;
        for (const auto& o : p.overrides) sets += " --set " + shell_quote(o);
        cases += fmt::format("  {}) SETS=({}) ;;\n", p.index, sets.empty() ? "" : sets.substr(1));
    }
    const std::string array = fmt::format(
        "#!/bin/bash\n"
        "# Written by `a2iot sweep --emit-slurm`: one array task per sweep point ({} points) of\n"
        "# {}. Each task writes its own database under db/; merge.sbatch joins them.\n"
        "# Submit both with ./submit.sh. A task can also be run by hand:\n"
        "#   SLURM_ARRAY_TASK_ID=0 bash sweep.sbatch\n"
        "#SBATCH --job-name=a2iot-{}\n"
        "#SBATCH --array=0-{}\n"
        "#SBATCH --ntasks=1\n"
        "#SBATCH --cpus-per-task=1\n"
        "#SBATCH --output={}/logs/point-%a.log\n"
        "set -euo pipefail\n"
        "A2IOT=${{A2IOT:-{}}}\n"
        "SCENARIO={}\n"
        "DIR={}\n"
        "TASK=${{SLURM_ARRAY_TASK_ID:?submit with sbatch, or set SLURM_ARRAY_TASK_ID}}\n"
        "case \"$TASK\" in\n"
        "{}"
        "  *) echo \"sweep.sbatch: no sweep point $TASK\" >&2; exit 2 ;;\n"
        "esac\n"
        "# A rerun of a task replaces its database, so a failed task can simply be resubmitted.\n"
        "rm -f \"$DIR/db/point-$TASK.db\" \"$DIR/db/point-$TASK.db-wal\" "
        "\"$DIR/db/point-$TASK.db-shm\"\n"
        "exec \"$A2IOT\" run \"$SCENARIO\" --db \"$DIR/db/point-$TASK.db\" --quiet "
        "\"${{SETS[@]}}\"\n",
        s.points.size(), s.scenario, s.name, s.points.size() - 1, dir.string(),
        shell_quote(s.a2iot), shell_quote(s.scenario), qdir, cases);
    const std::string merge = fmt::format(
        "#!/bin/bash\n"
        "# Written by `a2iot sweep --emit-slurm`: joins the per-task databases into one.\n"
        "#SBATCH --job-name=a2iot-{}-merge\n"
        "#SBATCH --ntasks=1\n"
        "#SBATCH --output={}/logs/merge.log\n"
        "set -euo pipefail\n"
        "A2IOT=${{A2IOT:-{}}}\n"
        "DIR={}\n"
        "exec \"$A2IOT\" merge {} \"$DIR\"/db/point-*.db\n",
        s.name, dir.string(), shell_quote(s.a2iot), qdir, shell_quote(s.merged_db));
    const std::string submit = fmt::format(
        "#!/bin/bash\n"
        "# Submits the sweep array, then the merge once every task has succeeded.\n"
        "set -euo pipefail\n"
        "DIR={}\n"
        "jid=$(sbatch --parsable \"$DIR/sweep.sbatch\")\n"
        "sbatch --dependency=afterok:${{jid%%;*}} \"$DIR/merge.sbatch\"\n",
        qdir);
    write_file(dir / "sweep.sbatch", array, true);
    write_file(dir / "merge.sbatch", merge, true);
    write_file(dir / "submit.sh", submit, true);
    return {(dir / "sweep.sbatch").string(), (dir / "merge.sbatch").string(),
            (dir / "submit.sh").string()};
}

}  // namespace a2iot::analysis
