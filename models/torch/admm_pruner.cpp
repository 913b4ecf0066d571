#include "models/torch/admm_pruner.hpp"

#include <cmath>
#include <stdexcept>

#include "models/torch/trainer.hpp"

namespace a2iot::models {

namespace nn = torch::nn;

// Including the BN shift matters: with the whole channel at zero the channel outputs exactly 0
// (ReLU(0) = 0), so removing it is lossless once W has reached Z.
std::vector<torch::Tensor> group_params(const PruneGroup& g) {
    std::vector<torch::Tensor> out;
    auto add = [&](const std::shared_ptr<nn::Module>& m) {
        for (auto& p : m->parameters(false))
            if (p.defined()) out.push_back(p);
    };
    add(g.producer);
    for (const auto& f : g.followers) add(f);
    return out;
}

std::vector<torch::Tensor> project_group_sparse(const std::vector<torch::Tensor>& parts,
                                                std::int64_t k, torch::Tensor* kept) {
    if (parts.empty()) throw std::invalid_argument("project_group_sparse: no parts");
    const auto n = parts[0].size(0);
    if (k < 0 || k > n) throw std::invalid_argument("project_group_sparse: bad k");
    torch::NoGradGuard no_grad;
    auto sq = torch::zeros({n}, parts[0].options().dtype(torch::kFloat64));
    for (const auto& p : parts) {
        if (p.size(0) != n) throw std::invalid_argument("project_group_sparse: channel mismatch");
        sq += p.detach().to(torch::kFloat64).reshape({n, -1}).pow(2).sum(1);
    }
    // Keeping the k largest squared norms minimises the dropped squared norm, which is the
    // squared distance to the set. A stable descending sort makes ties keep the lower index.
    const auto order = std::get<1>(sq.sort(/*stable=*/true, /*dim=*/0, /*descending=*/true));
    const auto idx = std::get<0>(order.narrow(0, 0, k).sort());
    auto mask = torch::zeros({n}, torch::kBool);
    mask.index_fill_(0, idx, true);
    std::vector<torch::Tensor> out;
    for (const auto& p : parts) {
        std::vector<std::int64_t> shape(p.dim(), 1);
        shape[0] = n;
        out.push_back(p.detach() * mask.reshape(shape).to(p.dtype()));
    }
    if (kept) *kept = idx;
    return out;
}

AdmmPruner::AdmmPruner(GraphNet net, double ratio, AdmmOptions opt)
    : net_(std::move(net)), opt_(std::move(opt)) {
    for (auto& g : net_->prune_groups()) {
        Group ag;
        ag.w = group_params(g);
        ag.keep = kept_channels(group_channels(g), ratio);
        groups_.push_back(std::move(ag));
    }
    update_z_u(true);
}

void AdmmPruner::update_z_u(bool first) {
    torch::NoGradGuard no_grad;
    double diff = 0, norm = 0;
    for (auto& g : groups_) {
        std::vector<torch::Tensor> wu;
        for (std::size_t i = 0; i < g.w.size(); ++i)
            wu.push_back(first ? g.w[i].detach().clone() : g.w[i].detach() + g.u[i]);
        g.z = project_group_sparse(wu, g.keep, &g.support);
        if (first) {
            g.u.clear();
            for (const auto& w : g.w) g.u.push_back(torch::zeros_like(w));
            continue;
        }
        for (std::size_t i = 0; i < g.w.size(); ++i) {
            const auto r = g.w[i].detach() - g.z[i];
            g.u[i] += r;
            diff += r.pow(2).sum().item<double>();
            norm += g.w[i].detach().pow(2).sum().item<double>();
        }
    }
    if (!first) residuals_.push_back(norm > 0 ? std::sqrt(diff / norm) : 0.0);
}

torch::Tensor AdmmPruner::penalty(double rho) const {
    torch::Tensor sum = torch::zeros({});
    for (const auto& g : groups_)
        for (std::size_t i = 0; i < g.w.size(); ++i)
            sum = sum + (g.w[i] - g.z[i] + g.u[i]).pow(2).sum();
    return 0.5 * rho * sum;
}

void AdmmPruner::run(const FashionMnist& data) {
    double rho = opt_.rho;
    for (int r = 0; r < opt_.rounds; ++r) {
        TrainOptions to;
        to.epochs = opt_.epochs_per_round;
        to.batch = opt_.batch;
        to.lr = opt_.lr;
        to.lr_schedule = "constant";
        to.optimizer = "sgd";
        to.seed = opt_.seed + r;
        to.progress = opt_.progress;
        to.label =
            opt_.label + " admm " + std::to_string(r + 1) + "/" + std::to_string(opt_.rounds);
        to.penalty = [this, rho] { return penalty(rho); };
        train(net_, data, to);
        update_z_u(false);
        rho *= opt_.rho_growth;
        // U is the scaled dual (lambda / rho): keep lambda when rho changes.
        torch::NoGradGuard no_grad;
        for (auto& g : groups_)
            for (auto& u : g.u) u.div_(opt_.rho_growth);
    }
}

PruneReport AdmmPruner::prune() {
    PruneReport rep;
    auto& pgs = net_->prune_groups();
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < pgs.size(); ++i) {
        auto& g = groups_[i];
        rep.channels_before += group_channels(pgs[i]);
        rep.channels_after += g.keep;
        remove_channels(pgs[i], g.support);
    }
    return rep;
}

}  // namespace a2iot::models
