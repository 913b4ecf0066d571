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
    std::vector<double> prune_levels{0.25, 0.5, 0.75};
    std::vector<double> exit_thresholds{0.5, 0.7, 0.8, 0.9, 0.95, 0.99};
    std::int64_t train_subset = 0;  // 0 = all 60k
    std::int64_t test_subset = 0;   // 0 = all 10k
    int threads = 0;
    int reps = 9;          // latency repetitions (batch 1)
    bool imagenet = true;  // also profile the full-width 3x224x224 network
    bool progress = true;
    std::uint64_t seed = 1;
};

struct ModelDefaults {
    double width;
    double epochs;
    double ft_epochs;
};
ModelDefaults model_defaults(const std::string& name);

ModelCard build_card(const std::string& name, const BuildOptions& opt, const FashionMnist& train,
                     const FashionMnist& test, std::ostream& log);

std::string host_cpu_name();

}  // namespace a2iot::models
