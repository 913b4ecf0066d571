// The a2iot executable: thin subcommands over the modules. Torch is not linked here (it costs
// about a second of start-up); `a2iot models build|profile|eval` runs the a2iot-torch binary.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <fmt/core.h>
#include <algorithm>
#include <exception>
#include <functional>
#include <map>

#include "cli/command.hpp"
#include "common/did_you_mean.hpp"
#include "common/input_error.hpp"

namespace a2iot::cli {

CommandRegistrar::CommandRegistrar(std::string name, std::string description, int order,
                                   CommandSetup setup) {
    all().push_back({std::move(name), std::move(description), order, std::move(setup)});
}

std::vector<CommandInfo>& CommandRegistrar::all() {
    static std::vector<CommandInfo> commands;
    return commands;
}

}  // namespace a2iot::cli

int main(int argc, char** argv) {
    using namespace a2iot::cli;
    CLI::App app{
        "a2iot: a testbed for adaptive deep-learning inference across cloud, edge and IoT "
        "terminals"};
    app.require_subcommand(1);
    app.set_version_flag("--version", A2IOT_VERSION);

    auto commands = CommandRegistrar::all();
    std::sort(commands.begin(), commands.end(),
              [](const CommandInfo& a, const CommandInfo& b) { return a.order < b.order; });

    // Messages for people go through spdlog on stderr (tables and data go to stdout), so that
    // --log-level can silence or widen them the same way in every command.
    auto logger = spdlog::stderr_color_mt("a2iot");
    logger->set_pattern("%^%l%$: %v");
    spdlog::set_default_logger(logger);
    std::string log_level = "info";
    auto add_log_level = [&log_level](CLI::App& a) {
        a.add_option("--log-level", log_level,
                     "Messages on stderr: trace, debug, info, warn, error, off")
            ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
            ->capture_default_str();
    };
    add_log_level(app);
    std::map<CLI::App*, std::function<int()>> actions;
    for (const auto& c : commands) {
        CLI::App* sub = app.add_subcommand(c.name, c.description);
        actions[sub] = c.setup(*sub);
        // On every subcommand rather than through fallthrough, which would hand the options
        // that `models` passes on to a2iot-torch to the parent instead.
        add_log_level(*sub);
    }

    // A misspelt subcommand gets a suggestion, not CLI11's "A subcommand is required".
    if (argc > 1 && argv[1][0] != '-') {
        std::vector<std::string> names;
        for (const auto& c : commands) names.push_back(c.name);
        if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            fmt::print(stderr,
                       "a2iot: unknown command '{}'{}; the commands are {} (a2iot --help)\n",
                       argv[1], a2iot::common::did_you_mean(argv[1], names), list);
            return 2;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 uses 0 for --help/--version and non-zero for usage errors; usage is exit 2.
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }

    spdlog::set_level(spdlog::level::from_str(log_level));
    try {
        for (auto& [sub, action] : actions)
            if (sub->parsed()) return action();
    } catch (const a2iot::common::InputError& e) {
        fmt::print(stderr, "{}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "a2iot: error: {}\n", e.what());
        return 1;
    }
    return 2;
}
