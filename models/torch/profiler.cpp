#include "models/torch/profiler.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

namespace a2iot::models {

double median_seconds(const std::function<void()>& f, int warmup, int reps) {
    for (int i = 0; i < warmup; ++i) f();
    std::vector<double> t;
    for (int i = 0; i < std::max(1, reps); ++i) {
        const auto a = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count());
    }
    std::sort(t.begin(), t.end());
    return t.size() % 2 ? t[t.size() / 2] : 0.5 * (t[t.size() / 2 - 1] + t[t.size() / 2]);
}

std::int64_t serialized_bytes(GraphNet& net) {
    std::ostringstream os;
    torch::save(net, os);
    return static_cast<std::int64_t>(os.str().size());
}

namespace {
std::int64_t count_params(torch::nn::Module& m) {
    std::int64_t n = 0;
    for (const auto& p : m.parameters()) n += p.numel();
    return n;
}
// The node body as one sliding window over its input, composing its layers in order: a window
// (k2, s2, p2) applied after (k1, s1, p1) covers k1 + (k2 - 1) s1 input pixels with stride s1 s2
// and padding p1 + p2 s1. Any other module (linear, flatten, adaptive pool, a custom join) makes
// the node untileable (kernel 0). Square kernels and dilation 1, as every zoo layer has.
LayerNode::Window spatial_window(torch::nn::Module& body) {
    LayerNode::Window w{1, 1, 0};
    auto compose = [&w](std::int64_t k, std::int64_t s, std::int64_t p) {
        w.padding += static_cast<int>(p) * w.stride;
        w.kernel += static_cast<int>(k - 1) * w.stride;
        w.stride *= static_cast<int>(s);
    };
    for (const auto& m : body.modules(/*include_self=*/false)) {
        auto* ptr = m.get();
        if (dynamic_cast<torch::nn::SequentialImpl*>(ptr) ||
            dynamic_cast<torch::nn::BatchNorm2dImpl*>(ptr) ||
            dynamic_cast<torch::nn::ReLUImpl*>(ptr) || dynamic_cast<torch::nn::ReLU6Impl*>(ptr) ||
            dynamic_cast<torch::nn::DropoutImpl*>(ptr) ||
            dynamic_cast<torch::nn::IdentityImpl*>(ptr))
            continue;  // elementwise: a 1/1/0 window
        if (auto* c = dynamic_cast<torch::nn::Conv2dImpl*>(ptr)) {
            const auto* pad = c10::get_if<torch::ExpandingArray<2>>(&c->options.padding());
            if (!pad || (*c->options.dilation())[0] != 1) return {0, 1, 0};
            compose(c->weight.size(2), (*c->options.stride())[0], (**pad)[0]);
        } else if (auto* mp = dynamic_cast<torch::nn::MaxPool2dImpl*>(ptr)) {
            if ((*mp->options.dilation())[0] != 1 || mp->options.ceil_mode()) return {0, 1, 0};
            compose((*mp->options.kernel_size())[0], (*mp->options.stride())[0],
                    (*mp->options.padding())[0]);
        } else if (auto* ap = dynamic_cast<torch::nn::AvgPool2dImpl*>(ptr)) {
            if (ap->options.ceil_mode()) return {0, 1, 0};
            compose((*ap->options.kernel_size())[0], (*ap->options.stride())[0],
                    (*ap->options.padding())[0]);
        } else {
            return {0, 1, 0};
        }
    }
    return w;
}

}  // namespace

Variant profile_variant(GraphNet& net, const std::vector<std::int64_t>& input_shape,
                        const ProfileOptions& opt) {
    net->eval();
    torch::NoGradGuard no_grad;
    const int saved_threads = torch::get_num_threads();
    torch::set_num_threads(opt.threads);
    struct Restore {
        int n;
        ~Restore() { torch::set_num_threads(n); }
    } restore{saved_threads};
    std::vector<std::int64_t> shape{1};
    shape.insert(shape.end(), input_shape.begin(), input_shape.end());
    torch::manual_seed(0);
    const auto x = torch::randn(shape);
    Variant v = net->skeleton();
    v.input_bytes = x.numel() * 4;
    const auto outs = net->forward_all(x);
    const auto& nodes = net->nodes();
    std::vector<torch::Tensor> args;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        args.clear();
        if (nodes[i].inputs.empty()) args.push_back(x);
        for (int in : nodes[i].inputs) args.push_back(outs[in]);
        auto& l = v.layers[i];
        {
            FlopCounter fc;
            nodes[i].body->forward(args);
            l.flops = fc.flops();
        }
        l.params = count_params(*nodes[i].body);
        l.output_bytes = outs[i].numel() * 4;
        if (outs[i].dim() == 4)
            l.output_shape = {outs[i].size(1), outs[i].size(2), outs[i].size(3)};
        // Only single-input nodes reading one feature map are windows over that map.
        if (nodes[i].inputs.size() <= 1 && args.at(0).dim() == 4 && outs[i].dim() == 4)
            l.window = spatial_window(*nodes[i].body);
        auto body = nodes[i].body;
        l.host_latency_s = median_seconds([&] { body->forward(args); }, opt.warmup, opt.reps);
        v.flops += l.flops;
    }
    v.output_bytes = outs.back().numel() * 4;
    v.host_latency_s = median_seconds([&] { net->forward(x); }, opt.warmup, opt.reps);
    v.params = count_params(*net);
    v.size_bytes = serialized_bytes(net);

    std::int64_t weight_bytes = 0;
    for (const auto& p : net->parameters()) weight_bytes += p.numel() * 4;
    for (const auto& b : net->buffers()) weight_bytes += b.numel() * b.element_size();
    v.memory_bytes = weight_bytes + peak_activation_bytes(v.layers, v.input_bytes);

    auto& heads = net->exits();
    for (std::size_t e = 0; e < heads.size(); ++e) {
        const auto in = outs[heads[e].after_node];
        {
            FlopCounter fc;
            run_seq(heads[e].body, in);
            v.exits[e].flops = fc.flops();
        }
        auto body = heads[e].body;
        v.exits[e].host_latency_s =
            median_seconds([&] { run_seq(body, in); }, opt.warmup, opt.reps);
    }
    return v;
}

}  // namespace a2iot::models
