// `a2iot models`: list and show model cards (torch-free), and hand build/eval/profile over to the
// torch-linked a2iot-torch binary that sits next to this executable.
#include <unistd.h>

#include <fmt/core.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "common/input_error.hpp"
#include "models/card.hpp"

namespace a2iot::cli {
namespace {

namespace fs = std::filesystem;
using models::ModelCard;

std::string acc_text(const std::optional<double>& a) {
    return a ? fmt::format("{:.2f}%", *a * 100) : std::string("unknown");
}

std::vector<std::string> card_files(const std::string& dir_opt) {
    std::vector<std::string> dirs =
        dir_opt.empty() ? models::card_dirs() : std::vector<std::string>{dir_opt};
    for (const auto& d : dirs) {
        if (!fs::is_directory(d)) continue;
        std::vector<std::string> files;
        for (const auto& e : fs::directory_iterator(d))
            if (e.path().extension() == ".json") files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        if (!files.empty()) return files;
    }
    return {};
}

int list_cards(const std::string& dir) {
    const auto files = card_files(dir);
    if (files.empty()) {
        fmt::print(stderr, "no model cards found (run `a2iot models build`)\n");
        return 1;
    }
    fmt::print("{:<15} {:<13} {:>6} {:>10} {:>9} {:>10}  {}\n", "model", "family", "width",
               "MFLOPs", "accuracy", "latency", "variants (accuracy)");
    for (const auto& f : files) {
        const ModelCard c = ModelCard::load(f);
        const auto& b = c.variants.front();
        std::string vars;
        for (const auto& v : c.variants) {
            if (&v == &b) continue;
            vars +=
                fmt::format("{}{} ({})", vars.empty() ? "" : ", ", v.name, acc_text(v.accuracy));
        }
        fmt::print("{:<15} {:<13} {:>6.3g} {:>10.2f} {:>9} {:>8.2f}ms  {}\n", c.name, c.family,
                   c.width_mult, b.flops / 1e6, acc_text(b.accuracy), b.host_latency_s * 1e3, vars);
    }
    return 0;
}

int show_card(const std::string& name, const std::string& dir, bool layers) {
    std::string path = dir + "/" + name + ".json";
    if (dir.empty()) {
        try {
            path = models::find_card_path(name);
        } catch (const std::runtime_error& e) {
            throw common::InputError("", 0, "model", name,
                                     std::string("a model with a card (") + e.what() + ")");
        }
    }
    if (!fs::is_regular_file(path))
        throw common::InputError("", 0, "model", name, "a model with a card in " + dir);
    const ModelCard c = ModelCard::load(path);
    fmt::print("{} ({}), width x{}, input {}x{}x{}\n", c.name, c.family, c.width_mult,
               c.input_shape.size() > 0 ? c.input_shape[0] : 0,
               c.input_shape.size() > 1 ? c.input_shape[1] : 0,
               c.input_shape.size() > 2 ? c.input_shape[2] : 0);
    fmt::print("built {} on {} ({:.2f} GFLOP/s effective)\nsettings: {}\ncard: {}\n\n", c.built_at,
               c.host, c.host_flops_per_s / 1e9, c.build_settings_json, path);
    fmt::print("{:<8} {:>9} {:>10} {:>10} {:>10} {:>10} {:>10} {:>6} {:>6}\n", "variant",
               "accuracy", "params", "size KB", "MFLOPs", "latency", "mem KB", "nodes", "exits");
    for (const auto& v : c.variants)
        fmt::print("{:<8} {:>9} {:>10} {:>10.1f} {:>10.3f} {:>8.3f}ms {:>10.1f} {:>6} {:>6}\n",
                   v.name, acc_text(v.accuracy), v.params, v.size_bytes / 1024.0, v.flops / 1e6,
                   v.host_latency_s * 1e3, v.memory_bytes / 1024.0, v.layers.size(),
                   v.exits.size());
    for (const auto& v : c.variants) {
        for (const auto& e : v.exits) {
            fmt::print("\n{} exit {} after {} ({:.3f} MFLOPs, accuracy {:.2f}%)\n", v.name, e.name,
                       v.layers.at(e.after_node).name, e.flops / 1e6, e.accuracy * 100);
            for (const auto& t : e.thresholds)
                // No sample leaves at this threshold: its accuracy is undefined, not 0.
                fmt::print("  threshold {:.2f}: exit rate {:5.1f}%, accuracy {}\n", t.threshold,
                           t.exit_rate * 100,
                           t.exit_rate > 0 ? fmt::format("{:.2f}%", t.accuracy * 100) : "-");
        }
    }
    if (c.imagenet)
        fmt::print(
            "\nImageNet profile (3x224x224, full width, untrained, accuracy unknown): "
            "{:.3f} GFLOPs, {:.1f} M params, {:.1f} ms, {} nodes\n",
            c.imagenet->flops / 1e9, c.imagenet->params / 1e6, c.imagenet->host_latency_s * 1e3,
            c.imagenet->layers.size());
    if (layers) {
        const auto& b = c.variants.front();
        fmt::print("\n{:<28} {:<18} {:>10} {:>10} {:>10}  inputs\n", "node (base)", "kind",
                   "MFLOPs", "out KB", "ms");
        for (const auto& l : b.layers) {
            std::string ins;
            for (int i : l.inputs) ins += (ins.empty() ? "" : ",") + b.layers[i].name;
            fmt::print("{:<28} {:<18} {:>10.3f} {:>10.2f} {:>10.4f}  {}\n", l.name, l.kind,
                       l.flops / 1e6, l.output_bytes / 1024.0, l.host_latency_s * 1e3,
                       ins.empty() ? "input" : ins);
        }
    }
    return 0;
}

// Replaces this process with a2iot-torch from the same directory, passing the arguments on.
int exec_torch(const std::string& sub, const std::vector<std::string>& args) {
    const fs::path self = fs::read_symlink("/proc/self/exe");
    const fs::path tool = self.parent_path() / "a2iot-torch";
    if (!fs::exists(tool)) {
        fmt::print(stderr,
                   "a2iot: {} not found: the model commands need the torch build "
                   "(configure with -DA2IOT_TORCH=ON)\n",
                   tool.string());
        return 2;
    }
    std::vector<std::string> all{tool.string(), sub};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(tool.c_str(), argv.data());
    fmt::print(stderr, "a2iot: cannot run {}\n", tool.string());
    return 1;
}

const CommandRegistrar reg(
    "models", "Model zoo: list and show model cards; build/eval/profile (LibTorch)", 60,
    [](CLI::App& app) -> std::function<int()> {
        app.require_subcommand(1);
        struct State {
            std::string dir, name;
            bool layers = false;
        };
        auto st = std::make_shared<State>();
        auto* list = app.add_subcommand("list", "List the model cards with their accuracies");
        list->add_option("--dir", st->dir, "Card directory (default: the card search path)");
        auto* show = app.add_subcommand("show", "Show one model card");
        show->add_option("name", st->name, "Model name")->required();
        show->add_option("--dir", st->dir, "Card directory (default: the card search path)");
        show->add_flag("--layers", st->layers, "Also print the base variant's layer DAG");
        std::vector<CLI::App*> passthrough;
        const std::pair<const char*, const char*> torch_subs[] = {
            {"build", "Train, prune and profile; write the cards and weights"},
            {"eval", "Reload the saved weights and re-measure the cards' accuracies"},
            {"profile", "Profile an untrained network node by node"}};
        for (const auto& [sub, what] : torch_subs) {
            auto* s = app.add_subcommand(
                sub, std::string(what) + " (runs a2iot-torch; --help for options)");
            // a2iot-torch owns these options (and their --help).
            s->set_help_flag();
            s->allow_extras();
            s->prefix_command();
            passthrough.push_back(s);
        }
        return [st, list, show, passthrough]() -> int {
            if (list->parsed()) return list_cards(st->dir);
            if (show->parsed()) return show_card(st->name, st->dir, st->layers);
            for (auto* s : passthrough)
                if (s->parsed()) return exec_torch(s->get_name(), s->remaining());
            return 2;
        };
    });

}  // namespace
}  // namespace a2iot::cli
