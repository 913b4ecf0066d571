// a2iot-torch: the torch-linked half of `a2iot models` (build, eval, profile). Kept out of the
// a2iot executable because libtorch costs about a second of start-up per process.
#include <CLI/CLI.hpp>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "models/torch/card_eval.hpp"
#include "models/torch/fashion_mnist.hpp"
#include "models/torch/profiler.hpp"
#include "models/torch/weights_file.hpp"
#include "models/torch/zoo.hpp"
#include "models/torch/zoo_builder.hpp"

using namespace a2iot::models;

namespace {

void set_threads(int threads) {
    const int n =
        threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(n);  // libtorch defaults to 1 thread here
}

int run_build(const std::vector<std::string>& names_in, BuildOptions opt, const std::string& data,
              const std::string& out_dir) {
    set_threads(opt.threads);
    auto names = names_in.empty() ? zoo_names() : names_in;
    for (const auto& n : names) zoo_family(n);  // validate before the long part
    const auto train = FashionMnist::load(data, "train");
    const auto test = FashionMnist::load(data, "t10k");
    std::filesystem::create_directories(out_dir);
    double total = 0;
    for (const auto& n : names) {
        const auto t0 = std::chrono::steady_clock::now();
        const ModelCard card = build_card(n, opt, train, test, std::cout);
        const auto path = out_dir + "/" + n + ".json";
        card.save(path);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        total += s;
        std::cout << std::fixed << std::setprecision(1) << n << ": " << s << " s -> " << path
                  << std::defaultfloat << std::setprecision(6) << std::endl;
    }
    std::cout << "zoo: " << names.size() << " models in " << std::fixed << std::setprecision(1)
              << total << " s with " << torch::get_num_threads() << " threads" << std::endl;
    return 0;
}

struct EvalOptions {
    std::vector<std::string> names;
    std::vector<std::string> variants;
    std::string cards_dir;    // empty: the card search path
    std::string weights_dir;  // empty: `weights` next to each card's folder
    std::string data = FashionMnist::default_dir;
    std::int64_t test_subset = 0;
    double tolerance = 0.001;  // 10 of the 10k test images
    int threads = 0;
};

std::string pct(double a) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(2) << a * 100;
    return os.str();
}

// Reloads the committed weights and re-measures each variant on the test set. Exit 1 when a
// variant's parameter count, or its accuracy on the card's own test images, disagrees.
int run_eval(const EvalOptions& opt) {
    set_threads(opt.threads);
    auto names = opt.names.empty() ? zoo_names() : opt.names;
    std::vector<std::pair<std::string, ModelCard>> cards;
    for (const auto& n : names) {
        zoo_family(n);  // an unknown name fails here, before the data is read
        std::string path = opt.cards_dir + "/" + n + ".json";
        try {
            if (opt.cards_dir.empty()) path = find_card_path(n);
        } catch (const std::runtime_error& e) {
            throw std::invalid_argument(e.what());
        }
        if (!std::filesystem::is_regular_file(path))
            throw std::invalid_argument("model card " + path + " not found");
        cards.emplace_back(path, ModelCard::load(path));
    }
    const auto test_all = FashionMnist::load(opt.data, "t10k");
    std::cout << "tolerance " << opt.tolerance * 100
              << " points; accuracies are compared only on the card's own test images\n";
    std::cout << std::left << std::setw(15) << "model" << std::setw(10) << "variant" << std::right
              << std::setw(10) << "params" << std::setw(9) << "card %" << std::setw(9) << "eval %"
              << std::setw(8) << "diff"
              << "  exits card/eval %\n";
    int bad = 0;
    for (const auto& [path, card] : cards) {
        const std::filesystem::path wdir =
            opt.weights_dir.empty() ? weights_dir_next_to(std::filesystem::path(path).parent_path())
                                    : std::filesystem::path(opt.weights_dir);
        // The card records how many test images (the first N) its accuracies were measured on.
        const auto settings = nlohmann::json::parse(card.build_settings_json, nullptr, false);
        const std::int64_t card_n =
            settings.is_object() ? settings.value("test_samples", std::int64_t{0}) : 0;
        const auto n = opt.test_subset > 0 ? opt.test_subset : card_n;
        const auto test = test_all.head(n);
        const bool full = card_n > 0 && test.size() == card_n;
        if (!full)
            std::cout << card.name << ": " << test.size() << " test images, not the card's "
                      << card_n << ": accuracies not compared\n";
        for (const auto& c : check_card(card, opt.variants, wdir, test)) {
            const double diff = c.card_accuracy ? c.accuracy - *c.card_accuracy : 0;
            bool ok = c.params == c.card_params;
            if (full && c.card_accuracy && std::abs(diff) > opt.tolerance) ok = false;
            for (std::size_t e = 0; full && e < c.exit_accuracy.size(); ++e)
                if (e < c.card_exit_accuracy.size() &&
                    std::abs(c.exit_accuracy[e] - c.card_exit_accuracy[e]) > opt.tolerance)
                    ok = false;
            bad += ok ? 0 : 1;
            std::cout << std::left << std::setw(15) << card.name << std::setw(10) << c.variant
                      << std::right << std::setw(10) << c.params << std::setw(9)
                      << (c.card_accuracy ? pct(*c.card_accuracy) : "unknown") << std::setw(9)
                      << pct(c.accuracy) << std::setw(8) << std::showpos << std::fixed
                      << std::setprecision(2) << diff * 100 << std::noshowpos << std::defaultfloat
                      << " ";
            for (std::size_t e = 0; e < c.exit_accuracy.size(); ++e)
                std::cout << " "
                          << (e < c.card_exit_accuracy.size() ? pct(c.card_exit_accuracy[e]) : "?")
                          << "/" << pct(c.exit_accuracy[e]);
            if (c.params != c.card_params)
                std::cout << "  PARAMS DIFFER (card " << c.card_params << ")";
            std::cout << (ok ? "" : "  MISMATCH") << "\n";
        }
    }
    if (bad) std::cout << bad << " variant(s) disagree with their cards\n";
    return bad ? 1 : 0;
}

int run_profile(const std::string& name, double width, bool imagenet, int threads, int reps) {
    set_threads(threads);
    ZooSpec spec = imagenet ? ZooSpec::imagenet_full(name) : ZooSpec{};
    if (!imagenet) {
        spec.name = name;
        spec.width = width > 0 ? width : model_defaults(name).width;
    }
    GraphNet net = build_model(spec);
    const Variant v = profile_variant(net, {spec.in_channels, spec.hw, spec.hw},
                                      ProfileOptions{imagenet ? 1 : 3, reps, 1});
    std::cout << name << (imagenet ? " (ImageNet 3x224x224, untrained)" : " (untrained)") << ": "
              << v.layers.size() << " nodes, " << v.flops / 1e6 << " MFLOPs, " << v.params
              << " params, " << v.host_latency_s * 1e3 << " ms\n";
    std::cout << std::left << std::setw(28) << "node" << std::setw(18) << "kind" << std::right
              << std::setw(12) << "MFLOPs" << std::setw(12) << "out KB" << std::setw(10) << "ms"
              << "  inputs\n";
    for (const auto& l : v.layers) {
        std::cout << std::left << std::setw(28) << l.name << std::setw(18) << l.kind << std::right
                  << std::fixed << std::setprecision(3) << std::setw(12) << l.flops / 1e6
                  << std::setw(12) << l.output_bytes / 1024.0 << std::setw(10)
                  << l.host_latency_s * 1e3 << "  ";
        for (int in : l.inputs) std::cout << in << ' ';
        std::cout << std::defaultfloat << '\n';
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"a2iot-torch: build and profile the LibTorch model zoo (used by `a2iot models`)"};
    app.require_subcommand(1);

    BuildOptions bo;
    std::vector<std::string> names;
    std::string data = FashionMnist::default_dir;
    std::string out_dir = "models/cards";
    std::string weights_dir;
    bool no_imagenet = false, no_progress = false, no_weights = false;
    auto* build = app.add_subcommand("build", "Train, prune, profile and write model cards");
    build->add_option("names", names, "Models to build (default: the whole zoo)");
    build->add_option("--width", bo.width, "Width multiplier (default: per model)");
    build->add_option("--epochs", bo.epochs, "Training epochs (default: per model)");
    build->add_option("--ft-epochs", bo.ft_epochs, "Fine-tuning epochs per pruning level");
    build->add_option("--lr", bo.lr, "Peak Adam learning rate (one-cycle; default: per model)");
    build->add_option("--admm-epochs", bo.admm_epochs,
                      "Epochs of ADMM rounds per admm variant, before fine-tuning");
    build->add_option("--admm-rounds", bo.admm_rounds, "ADMM rounds (rho grows each round)");
    build->add_option("--admm-rho", bo.admm_rho, "ADMM penalty rho of the first round");
    build->add_option("--admm-lr", bo.admm_lr, "SGD lr of the ADMM W-steps");
    build->add_option("--admm-rho-growth", bo.admm_rho_growth, "rho multiplier per ADMM round");
    build->add_option("--prune-levels", bo.prune_levels, "L1 pruning ratios (l1-XX variants)");
    build->add_option("--admm-levels", bo.admm_levels, "ADMM pruning ratios (admm-XX variants)");
    build->add_option("--train-subset", bo.train_subset, "Use only the first N training images");
    build->add_option("--test-subset", bo.test_subset, "Use only the first N test images");
    build->add_option("--threads", bo.threads, "Torch threads (default: hardware threads)");
    build->add_option("--reps", bo.reps, "Latency repetitions per node (batch 1)");
    build->add_option("--seed", bo.seed, "Random seed");
    build->add_option("--data", data, "Fashion-MNIST directory");
    build->add_option("--out", out_dir, "Output directory for the cards");
    build->add_option("--weights", weights_dir,
                      "Output directory for the weights (default: `weights` next to --out)");
    build->add_flag("--no-weights", no_weights, "Do not save the trained weights");
    build->add_flag("--no-imagenet", no_imagenet, "Skip the 3x224x224 profile");
    build->add_flag("--no-progress", no_progress, "No progress bar");

    EvalOptions eo;
    auto* eval = app.add_subcommand(
        "eval", "Reload saved weights and re-measure each variant's accuracy against its card");
    eval->add_option("names", eo.names, "Models to check (default: the whole zoo)");
    eval->add_option("--variant", eo.variants, "Only these variants (repeatable)");
    eval->add_option("--cards", eo.cards_dir, "Card directory (default: the card search path)");
    eval->add_option("--weights", eo.weights_dir,
                     "Weights directory (default: `weights` next to the card's folder)");
    eval->add_option("--data", eo.data, "Fashion-MNIST directory");
    eval->add_option("--test-subset", eo.test_subset,
                     "Use the first N test images (default: the card's; others are not compared)");
    eval->add_option("--tolerance", eo.tolerance, "Allowed accuracy difference (fraction)");
    eval->add_option("--threads", eo.threads, "Torch threads (default: hardware threads)");

    std::string pname;
    double pwidth = -1;
    bool pimagenet = false;
    int pthreads = 0, preps = 15;
    auto* profile = app.add_subcommand("profile", "Profile an untrained network node by node");
    profile->add_option("name", pname, "Model name")->required();
    profile->add_option("--width", pwidth, "Width multiplier (default: per model)");
    profile->add_flag("--imagenet", pimagenet, "Full-width network at 3x224x224");
    profile->add_option("--threads", pthreads, "Torch threads (default: hardware threads)");
    profile->add_option("--reps", preps, "Latency repetitions");

    CLI11_PARSE(app, argc, argv);
    try {
        if (build->parsed()) {
            bo.imagenet = !no_imagenet;
            bo.progress = !no_progress;
            if (!no_weights)
                bo.weights_dir =
                    weights_dir.empty() ? weights_dir_next_to(out_dir).string() : weights_dir;
            return run_build(names, bo, data, out_dir);
        }
        if (eval->parsed()) return run_eval(eo);
        if (profile->parsed()) return run_profile(pname, pwidth, pimagenet, pthreads, preps);
    } catch (const std::invalid_argument& e) {
        std::cerr << "a2iot-torch: " << e.what() << "\n";
        return 2;
    } catch (const c10::Error& e) {
        std::cerr << "a2iot-torch: torch error: " << e.what_without_backtrace() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "a2iot-torch: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
