#pragma once
// Training and evaluation on Fashion-MNIST, including joint training of early exits
// (BranchyNet-style weighted sum of the exit losses) and Edgent's exit statistics.
#include <functional>
#include <string>
#include <vector>

#include "models/card.hpp"
#include "models/torch/fashion_mnist.hpp"
#include "models/torch/graph_net.hpp"

namespace a2iot::models {

struct TrainOptions {
    double epochs = 1.0;  // fractional epochs allowed (iterations = epochs * N / batch)
    std::int64_t batch = 128;
    double lr = 1e-3;                // peak learning rate
    std::string optimizer = "adam";  // or "sgd" (momentum 0.9)
    double weight_decay = 0;         //
    double exit_weight = 0.5;        // loss weight of each early exit
    std::uint64_t seed = 1;
    bool progress = false;  // progress bar on stderr
    std::string label;      // shown by the progress bar
    // "step": lr, then lr/10 for the last quarter. "onecycle": linear warm-up from lr/10 to lr
    // over the first 15% of the iterations, then cosine annealing to ~0 (reaches a given
    // accuracy in fewer epochs, which is what the zoo's time budget needs). "constant": lr.
    std::string lr_schedule = "step";
    // Extra loss term added at every iteration (ADMM's augmented-Lagrangian penalty).
    std::function<torch::Tensor()> penalty;
};

// Adam or SGD with the schedule above; exits add exit_weight x their cross-entropy.
void train(GraphNet& net, const FashionMnist& data, const TrainOptions& opt);

// Learning rate at iteration `it` of `iters` under opt's schedule.
double lr_at(const TrainOptions& opt, std::int64_t it, std::int64_t iters);

// Top-1 accuracy of the main output, eval mode, no grad.
double evaluate(GraphNet& net, const FashionMnist& data);

// Per exit: accuracy if every sample left there, and for each confidence threshold the rate and
// accuracy of samples leaving there first (exits tried in order, then the main output).
std::vector<ExitBranch> evaluate_exits(GraphNet& net, const FashionMnist& data,
                                       const std::vector<double>& thresholds);

// A one-line progress bar on a TTY (nothing otherwise).
class ProgressBar {
  public:
    ProgressBar(std::string label, std::int64_t total, bool enabled);
    void update(std::int64_t done, const std::string& extra = "");
    void finish();

  private:
    std::string label_;
    std::int64_t total_;
    bool enabled_;
};

}  // namespace a2iot::models
