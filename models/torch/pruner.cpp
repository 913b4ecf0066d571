#include "models/torch/pruner.hpp"

#include <cmath>
#include <stdexcept>

namespace a2iot::models {

namespace {

namespace nn = torch::nn;

void slice(torch::Tensor& t, int64_t dim, const torch::Tensor& idx) {
    if (!t.defined()) return;
    t.set_data(t.index_select(dim, idx).clone());
    // A gradient left by earlier training (ADMM's W-steps) has the old shape and would break
    // the next backward's accumulation.
    t.mutable_grad() = torch::Tensor();
}

torch::Tensor l1_per_output(const std::shared_ptr<nn::Module>& m) {
    if (auto c = std::dynamic_pointer_cast<nn::Conv2dImpl>(m))
        return c->weight.abs().flatten(1).sum(1);
    if (auto l = std::dynamic_pointer_cast<nn::LinearImpl>(m)) return l->weight.abs().sum(1);
    throw std::logic_error("prune: producer is neither conv nor linear");
}

void slice_outputs(const std::shared_ptr<nn::Module>& m, const torch::Tensor& idx) {
    const auto k = idx.size(0);
    if (auto c = std::dynamic_pointer_cast<nn::Conv2dImpl>(m)) {
        slice(c->weight, 0, idx);
        slice(c->bias, 0, idx);
        c->options.out_channels(k);
        if (c->options.groups() > 1) {  // depthwise: one filter per input channel
            c->options.in_channels(k);
            c->options.groups(k);
        }
    } else if (auto l = std::dynamic_pointer_cast<nn::LinearImpl>(m)) {
        slice(l->weight, 0, idx);
        slice(l->bias, 0, idx);
        l->options.out_features(k);
    } else if (auto bn = std::dynamic_pointer_cast<nn::BatchNorm2dImpl>(m)) {
        slice(bn->weight, 0, idx);
        slice(bn->bias, 0, idx);
        slice(bn->running_mean, 0, idx);
        slice(bn->running_var, 0, idx);
        bn->options.num_features(k);
    } else {
        throw std::logic_error("prune: unsupported follower");
    }
}

void slice_inputs(const PruneGroup::Consumer& cons, const torch::Tensor& idx) {
    if (auto c = std::dynamic_pointer_cast<nn::Conv2dImpl>(cons.module)) {
        if (c->options.groups() != 1) throw std::logic_error("prune: grouped consumer");
        slice(c->weight, 1, idx);
        c->options.in_channels(idx.size(0));
    } else if (auto l = std::dynamic_pointer_cast<nn::LinearImpl>(cons.module)) {
        // Flatten lays channel c out as columns [c*spatial, (c+1)*spatial).
        const auto cols =
            (idx.unsqueeze(1) * cons.spatial + torch::arange(cons.spatial, idx.options()))
                .flatten();
        slice(l->weight, 1, cols);
        l->options.in_features(cols.size(0));
    } else {
        throw std::logic_error("prune: unsupported consumer");
    }
}

}  // namespace

std::int64_t kept_channels(std::int64_t n, double ratio) {
    if (ratio < 0 || ratio >= 1) throw std::invalid_argument("prune ratio must be in [0, 1)");
    return std::min<std::int64_t>(n, std::max<std::int64_t>(1, std::llround(n * (1.0 - ratio))));
}

std::int64_t group_channels(const PruneGroup& g) {
    if (auto c = std::dynamic_pointer_cast<nn::Conv2dImpl>(g.producer)) return c->weight.size(0);
    if (auto l = std::dynamic_pointer_cast<nn::LinearImpl>(g.producer)) return l->weight.size(0);
    throw std::logic_error("prune: producer is neither conv nor linear");
}

void remove_channels(PruneGroup& g, const torch::Tensor& keep) {
    torch::NoGradGuard no_grad;
    if (keep.size(0) == group_channels(g)) return;
    slice_outputs(g.producer, keep);
    for (auto& f : g.followers) slice_outputs(f, keep);
    for (auto& c : g.consumers) slice_inputs(c, keep);
}

PruneReport prune_l1(GraphNet& net, double ratio) {
    if (ratio < 0 || ratio >= 1) throw std::invalid_argument("prune ratio must be in [0, 1)");
    torch::NoGradGuard no_grad;
    PruneReport r;
    for (auto& g : net->prune_groups()) {
        const auto l1 = l1_per_output(g.producer);
        const auto n = l1.size(0);
        const auto keep = kept_channels(n, ratio);
        r.channels_before += n;
        r.channels_after += keep;
        // Keep the original channel order so that followers and consumers stay aligned.
        remove_channels(g, std::get<0>(std::get<1>(l1.topk(keep)).sort()));
    }
    return r;
}

void copy_state(GraphNet& dst, const GraphNet& src) {
    torch::NoGradGuard no_grad;
    auto sp = src->named_parameters(true);
    for (auto& p : dst->named_parameters(true)) p.value().copy_(sp[p.key()]);
    auto sb = src->named_buffers(true);
    for (auto& b : dst->named_buffers(true)) b.value().copy_(sb[b.key()]);
}

}  // namespace a2iot::models
