#pragma once
// Each subcommand lives in its own cli/cmd_*.cpp and registers itself with a static
// CommandRegistrar, so adding a subcommand touches no shared file. The files are compiled into
// the executable itself (not a static library), so the registrars are never dropped by the linker.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace a2iot::cli {

// Sets up the subcommand's options on `sub`, and returns the action that runs it. The action
// returns the process exit code: 0 success, 1 a check failed, 2 bad input or usage.
using CommandSetup = std::function<std::function<int()>(CLI::App& sub)>;

struct CommandInfo {
    std::string name;
    std::string description;
    int order;  // position in --help
    CommandSetup setup;
};

class CommandRegistrar {
public:
    CommandRegistrar(std::string name, std::string description, int order, CommandSetup setup);
    static std::vector<CommandInfo>& all();
};

}  // namespace a2iot::cli
