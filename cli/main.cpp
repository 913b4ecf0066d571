// The a2iot executable: thin subcommands over the modules. Torch is not linked here (it costs
// about a second of start-up); `a2iot models build|profile|eval` runs the a2iot-torch binary.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <fmt/core.h>
#include <functional>
#include <map>

#include "cli/command.hpp"
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
    CLI::App app{"a2iot: a testbed for adaptive deep-learning inference across cloud, edge and IoT "
                 "terminals"};
    app.require_subcommand(1);
    app.set_version_flag("--version", A2IOT_VERSION);

    auto commands = CommandRegistrar::all();
    std::sort(commands.begin(), commands.end(),
              [](const CommandInfo& a, const CommandInfo& b) { return a.order < b.order; });
    std::map<CLI::App*, std::function<int()>> actions;
    for (const auto& c : commands) {
        CLI::App* sub = app.add_subcommand(c.name, c.description);
        actions[sub] = c.setup(*sub);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 uses 0 for --help/--version and non-zero for usage errors; usage is exit 2.
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }

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
