#include "models/torch/trainer.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace a2iot::models {

ProgressBar::ProgressBar(std::string label, std::int64_t total, bool enabled)
    : label_(std::move(label)),
      total_(std::max<std::int64_t>(1, total)),
      enabled_(enabled && isatty(STDERR_FILENO)) {}

void ProgressBar::update(std::int64_t done, const std::string& extra) {
    if (!enabled_) return;
    constexpr int width = 30;
    const int filled = static_cast<int>(width * done / total_);
    std::fprintf(stderr, "\r%-24s [%.*s%*s] %3d%% %s", label_.c_str(), filled,
                 "##############################", width - filled, "",
                 static_cast<int>(100 * done / total_), extra.c_str());
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (enabled_) std::fprintf(stderr, "\r\033[K");
}

double lr_at(const TrainOptions& opt, std::int64_t it, std::int64_t iters) {
    if (opt.lr_schedule == "constant") return opt.lr;
    if (opt.lr_schedule == "step") return it >= iters * 3 / 4 ? opt.lr / 10 : opt.lr;
    if (opt.lr_schedule == "onecycle") {
        const double warm = 0.15 * iters;
        if (it < warm) return opt.lr * (0.1 + 0.9 * it / warm);
        const double t = (it - warm) / std::max(1.0, iters - warm);
        return opt.lr * (0.01 + 0.99 * 0.5 * (1 + std::cos(M_PI * t)));
    }
    throw std::invalid_argument("unknown lr schedule '" + opt.lr_schedule + "'");
}

void train(GraphNet& net, const FashionMnist& data, const TrainOptions& opt) {
    torch::manual_seed(opt.seed);
    net->train();
    std::unique_ptr<torch::optim::Optimizer> optim;
    if (opt.optimizer == "adam")
        optim = std::make_unique<torch::optim::Adam>(
            net->parameters(), torch::optim::AdamOptions(opt.lr).weight_decay(opt.weight_decay));
    else if (opt.optimizer == "sgd")
        optim = std::make_unique<torch::optim::SGD>(
            net->parameters(),
            torch::optim::SGDOptions(opt.lr).momentum(0.9).weight_decay(opt.weight_decay));
    else
        throw std::invalid_argument("unknown optimizer '" + opt.optimizer + "'");
    const auto n = data.size();
    const auto iters =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(opt.epochs * n / opt.batch));
    ProgressBar bar(opt.label, iters, opt.progress);
    torch::Tensor perm = torch::randperm(n, torch::kInt64);
    std::int64_t pos = 0;
    double running = 0;
    for (std::int64_t it = 0; it < iters; ++it) {
        const double lr = lr_at(opt, it, iters);
        for (auto& g : optim->param_groups()) g.options().set_lr(lr);
        if (pos + opt.batch > n) {
            perm = torch::randperm(n, torch::kInt64);
            pos = 0;
        }
        const auto idx = perm.narrow(0, pos, opt.batch);
        pos += opt.batch;
        const auto x = data.images.index_select(0, idx);
        const auto y = data.labels.index_select(0, idx);
        optim->zero_grad();
        const auto outs = net->forward_with_exits(x);
        auto loss = torch::nn::functional::cross_entropy(outs[0], y);
        for (std::size_t e = 1; e < outs.size(); ++e)
            loss = loss + opt.exit_weight * torch::nn::functional::cross_entropy(outs[e], y);
        if (opt.penalty) loss = loss + opt.penalty();
        loss.backward();
        optim->step();
        running = it == 0 ? loss.item<double>() : 0.98 * running + 0.02 * loss.item<double>();
        if (it % 10 == 0 || it + 1 == iters) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "loss %.3f", running);
            bar.update(it + 1, buf);
        }
    }
    bar.finish();
    net->eval();
}

namespace {
template <typename F>
void batches(const FashionMnist& data, std::int64_t batch, F&& f) {
    for (std::int64_t s = 0; s < data.size(); s += batch) {
        const auto len = std::min(batch, data.size() - s);
        f(data.images.narrow(0, s, len), data.labels.narrow(0, s, len));
    }
}
}  // namespace

double evaluate(GraphNet& net, const FashionMnist& data) {
    net->eval();
    torch::NoGradGuard no_grad;
    std::int64_t correct = 0;
    batches(data, 500, [&](const torch::Tensor& x, const torch::Tensor& y) {
        correct += net->forward(x).argmax(1).eq(y).sum().item<std::int64_t>();
    });
    return static_cast<double>(correct) / data.size();
}

std::vector<ExitBranch> evaluate_exits(GraphNet& net, const FashionMnist& data,
                                       const std::vector<double>& thresholds) {
    net->eval();
    torch::NoGradGuard no_grad;
    const auto& heads = net->exits();
    std::vector<torch::Tensor> probs(heads.size());
    std::vector<std::vector<torch::Tensor>> parts(heads.size());
    batches(data, 500, [&](const torch::Tensor& x, const torch::Tensor&) {
        const auto outs = net->forward_with_exits(x);
        for (std::size_t e = 0; e < heads.size(); ++e)
            parts[e].push_back(torch::softmax(outs[e + 1], 1));
    });
    for (std::size_t e = 0; e < heads.size(); ++e) probs[e] = torch::cat(parts[e]);
    const auto y = data.labels;
    const double n = static_cast<double>(data.size());
    std::vector<ExitBranch> out;
    for (std::size_t e = 0; e < heads.size(); ++e) {
        ExitBranch b;
        b.name = heads[e].name;
        b.after_node = heads[e].after_node;
        b.accuracy = probs[e].argmax(1).eq(y).sum().item<double>() / n;
        out.push_back(b);
    }
    for (double t : thresholds) {
        auto remaining = torch::ones({data.size()}, torch::kBool);
        for (std::size_t e = 0; e < heads.size(); ++e) {
            const auto [conf, pred] = probs[e].max(1);
            const auto leave = remaining.logical_and(conf.ge(t));
            const double k = leave.sum().item<double>();
            const double ok = pred.eq(y).logical_and(leave).sum().item<double>();
            out[e].thresholds.push_back({t, k / n, k > 0 ? ok / k : 0.0});
            remaining = remaining.logical_and(leave.logical_not());
        }
    }
    return out;
}

}  // namespace a2iot::models
