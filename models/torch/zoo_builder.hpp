#pragma once
// `models build`: train, evaluate, prune + fine-tune, train exits, profile, write the card.
#include <ostream>
#include <string>
#include <vector>

#include "models/card.hpp"
#include "models/torch/fashion_mnist.hpp"

namespace a2iot::models {

struct BuildOptions {
    double width = -1;      // < 0: the model's documented default
    double epochs = -1;     // < 0: the model's default
    double ft_epochs = -1;  // fine-tuning after each pruning level; < 0: default
    std::vector<double> prune_levels{0.25, 0.5, 0.75};  // l1-XX variants
    std::vector<double> admm_levels{0.25, 0.5, 0.75};   // admm-XX variants
    double admm_epochs = -1;  // ADMM rounds in total, before fine-tuning; < 0: default
    int admm_rounds = 4;
    double admm_rho = 0.05;  // penalty of the first round, x admm_rho_growth per round
    double admm_rho_growth = 3.0;
    double admm_lr = 0.02;  // SGD lr of the W-steps
    double lr = -1;         // peak Adam lr of the base training (one-cycle); < 0: default
    std::vector<double> exit_thresholds{0.5, 0.7, 0.8, 0.9, 0.95, 0.99};
    std::int64_t train_subset = 0;  // 0 = all 60k
    std::int64_t test_subset = 0;   // 0 = all 10k
    int threads = 0;
    int reps = 9;          // latency repetitions (batch 1)
    bool imagenet = true;  // also profile the full-width 3x224x224 network
    bool progress = true;
    std::uint64_t seed = 1;
    std::string weights_dir;  // where each variant's trained weights go; empty: not saved
};

struct ModelDefaults {
    double width;
    double epochs;
    double ft_epochs;
    double admm_epochs = 0.4;
    double lr = 3e-3;
};
ModelDefaults model_defaults(const std::string& name);

ModelCard build_card(const std::string& name, const BuildOptions& opt, const FashionMnist& train,
                     const FashionMnist& test, std::ostream& log);

std::string host_cpu_name();

}  // namespace a2iot::models
