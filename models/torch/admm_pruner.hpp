#pragma once
// ADMM structured pruning (Zhang et al., "A Systematic DNN Weight Pruning Framework using
// ADMM"; the survey's X-ADMM): the constraint "each prune group keeps at most k output channels"
// is split off into an auxiliary variable Z, and
//   W-step: a few SGD steps (momentum 0.9) on  loss(W) + rho/2 * ||W - Z + U||^2 (SGD, not
//           Adam: Adam moves every weight by ~lr per step whatever the penalty, so a BN scale
//           of ~1 would need hundreds of steps to reach 0; SGD contracts W - Z + U by a factor
//           (1 - lr_eff * rho) per step, so a growing rho pulls W onto the sparse set),
//   Z-step: Z = projection of W + U onto the group-sparse set (analytic: keep the k channels
//           with the largest L2 norm, zero the rest),
//   U-step: U += W - Z,
// with rho increasing every round so W is pulled onto the sparse set. The network is then
// hard-pruned to Z's support with the same channel-removal step the L1 pruner uses, so an admm-X
// variant has exactly the shapes of the l1-X variant; only the choice of channels and the
// weights they start fine-tuning from differ.
#include <functional>
#include <string>
#include <vector>

#include "models/torch/fashion_mnist.hpp"
#include "models/torch/graph_net.hpp"
#include "models/torch/pruner.hpp"

namespace a2iot::models {

// Euclidean projection onto {at most k nonzero channels}: `parts` are tensors whose dim 0 is
// the channel (a conv's filters, its BN's weight and bias, ...); a channel's norm is taken over
// all parts together. Returns the projected parts (the k channels of largest L2 norm kept, the
// others zeroed) and, in `kept` if given, their indices in ascending order. Ties keep the lower
// index.
std::vector<torch::Tensor> project_group_sparse(const std::vector<torch::Tensor>& parts,
                                                std::int64_t k, torch::Tensor* kept = nullptr);

// The parameters ADMM constrains for one prune group: every parameter whose dim 0 is the group's
// channel (the producer's weight and bias, its followers' BN scale and shift or depthwise
// filters). With all of them zero a channel outputs exactly 0, so dropping it changes nothing.
std::vector<torch::Tensor> group_params(const PruneGroup& g);

struct AdmmOptions {
    int rounds = 4;                 // ADMM iterations (W, Z, U updates)
    double epochs_per_round = 0.1;  // W-step length, in epochs of the training set
    double rho = 1e-2;              // penalty of the first round
    double rho_growth = 3.0;        // rho multiplier per round
    double lr = 1e-3;               // Adam, constant within the W-steps
    std::int64_t batch = 128;
    std::uint64_t seed = 1;
    bool progress = false;
    std::string label;
};

class AdmmPruner {
  public:
    // Prunes `ratio` of the channels of every prune group of `net` (same counts as prune_l1).
    AdmmPruner(GraphNet net, double ratio, AdmmOptions opt);

    // The ADMM rounds on `data`. After each round, `residuals()` gains ||W - Z|| / ||W|| over
    // all groups (the primal residual: how far W still is from the sparse set).
    void run(const FashionMnist& data);

    // Physically removes the channels outside Z's support (the last Z-step's). Masked
    // retraining is then plain fine-tuning of the smaller network: the removed channels are
    // exactly the masked ones. The pruner must not be used afterwards.
    PruneReport prune();

    const std::vector<double>& residuals() const { return residuals_; }

  private:
    struct Group {
        std::vector<torch::Tensor> w;  // the group's parameters (shared with the network)
        std::vector<torch::Tensor> z, u;
        std::int64_t keep = 0;
        torch::Tensor support;  // Z's kept channels, ascending
    };
    void update_z_u(bool first);
    torch::Tensor penalty(double rho) const;

    GraphNet net_;
    AdmmOptions opt_;
    std::vector<Group> groups_;
    std::vector<double> residuals_;
};

}  // namespace a2iot::models
