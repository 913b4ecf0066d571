#include "models/torch/graph_net.hpp"

#include <cstring>
#include <stdexcept>

namespace a2iot::models {

namespace {
thread_local FlopCounter* g_counter = nullptr;

// Module names may not contain dots; the card keeps the dotted name.
std::string module_name(const std::string& name) {
    std::string s = name;
    for (char& c : s)
        if (c == '.') c = '_';
    return s;
}
}  // namespace

FlopCounter::FlopCounter() : previous_(g_counter) {
    g_counter = this;
}
FlopCounter::~FlopCounter() {
    g_counter = previous_;
}
void FlopCounter::add(double f) {
    if (g_counter) g_counter->flops_ += f;
}

torch::Tensor run_seq(torch::nn::Sequential& seq, torch::Tensor x) {
    for (auto& m : *seq) {
        x = m.forward(x);
        if (!g_counter) continue;
        const double per_sample_out = static_cast<double>(x.numel()) / x.size(0);
        if (auto* conv = dynamic_cast<torch::nn::Conv2dImpl*>(m.ptr().get())) {
            const auto& w = conv->weight;  // [out, in/groups, kh, kw]
            FlopCounter::add(2.0 * per_sample_out * w.size(1) * w.size(2) * w.size(3));
        } else if (auto* lin = dynamic_cast<torch::nn::LinearImpl*>(m.ptr().get())) {
            FlopCounter::add(2.0 * per_sample_out * lin->weight.size(1));
        }
    }
    return x;
}

int GraphNetImpl::add_node(const std::string& name, const std::string& kind,
                           std::vector<int> inputs, std::shared_ptr<NodeBodyImpl> body) {
    const int id = static_cast<int>(nodes_.size());
    for (int in : inputs)
        if (in < 0 || in >= id) throw std::logic_error("add_node " + name + ": bad input");
    register_module(module_name(name), body);
    nodes_.push_back({name, kind, std::move(inputs), std::move(body)});
    return id;
}

void GraphNetImpl::add_exit(const std::string& name, int after_node, torch::nn::Sequential body) {
    register_module(module_name(name), body);
    exits_.push_back({name, after_node, std::move(body)});
}

std::vector<torch::Tensor> GraphNetImpl::forward_all(torch::Tensor x) {
    std::vector<torch::Tensor> out(nodes_.size());
    std::vector<torch::Tensor> args;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        args.clear();
        if (nodes_[i].inputs.empty()) args.push_back(x);
        for (int in : nodes_[i].inputs) args.push_back(out[in]);
        out[i] = nodes_[i].body->forward(args);
    }
    return out;
}

torch::Tensor GraphNetImpl::forward(torch::Tensor x) {
    return forward_all(std::move(x)).back();
}

std::vector<torch::Tensor> GraphNetImpl::forward_with_exits(torch::Tensor x) {
    auto all = forward_all(std::move(x));
    std::vector<torch::Tensor> out{all.back()};
    for (auto& e : exits_) out.push_back(run_seq(e.body, all[e.after_node]));
    return out;
}

DeviceResult GraphNetImpl::run_device(torch::Tensor x, const Cut& cut) {
    const std::size_t n = nodes_.size();
    if (cut.on_device.size() != n) throw std::invalid_argument("run_device: cut size");
    std::vector<torch::Tensor> out(n);
    std::vector<torch::Tensor> args;
    std::vector<bool> crosses(n, false);
    bool input_crosses = false;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& node = nodes_[i];
        if (!cut.on_device[i]) {
            if (node.inputs.empty()) input_crosses = true;
            for (int in : node.inputs)
                if (cut.on_device[in]) crosses[in] = true;
            continue;
        }
        args.clear();
        if (node.inputs.empty()) args.push_back(x);
        for (int in : node.inputs) {
            if (!cut.on_device[in]) throw std::invalid_argument("run_device: cut not closed");
            args.push_back(out[in]);
        }
        out[i] = node.body->forward(args);
    }
    DeviceResult r;
    if (input_crosses) r.boundary.emplace_back(-1, x);
    for (std::size_t i = 0; i < n; ++i)
        if (crosses[i]) r.boundary.emplace_back(static_cast<int>(i), out[i]);
    if (n > 0 && cut.on_device.back()) r.output = out.back();
    return r;
}

torch::Tensor GraphNetImpl::run_remote(const std::vector<std::pair<int, torch::Tensor>>& boundary,
                                       const Cut& cut) {
    const std::size_t n = nodes_.size();
    std::vector<torch::Tensor> out(n);
    torch::Tensor x;
    for (const auto& [id, t] : boundary) {
        if (id == -1)
            x = t;
        else
            out.at(id) = t;
    }
    std::vector<torch::Tensor> args;
    for (std::size_t i = 0; i < n; ++i) {
        if (cut.on_device[i]) continue;
        const auto& node = nodes_[i];
        args.clear();
        if (node.inputs.empty()) {
            if (!x.defined()) throw std::invalid_argument("run_remote: model input not sent");
            args.push_back(x);
        }
        for (int in : node.inputs) {
            if (!out[in].defined())
                throw std::invalid_argument("run_remote: missing boundary tensor of " +
                                            nodes_[in].name);
            args.push_back(out[in]);
        }
        out[i] = node.body->forward(args);
    }
    return out.back();
}

Variant GraphNetImpl::skeleton() const {
    Variant v;
    for (const auto& node : nodes_) {
        LayerNode l;
        l.name = node.name;
        l.kind = node.kind;
        l.inputs = node.inputs;
        v.layers.push_back(std::move(l));
    }
    for (const auto& e : exits_) {
        ExitBranch b;
        b.name = e.name;
        b.after_node = e.after_node;
        v.exits.push_back(b);
    }
    return v;
}

namespace {
template <typename T>
void put(std::string& s, T v) {
    s.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
T get(const std::string& s, std::size_t& pos) {
    if (pos + sizeof(T) > s.size()) throw std::runtime_error("boundary payload truncated");
    T v;
    std::memcpy(&v, s.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
}
}  // namespace

std::size_t BoundaryCodec::header_bytes(const std::vector<std::pair<int, torch::Tensor>>& ts) {
    std::size_t h = 4 + sizeof(std::uint32_t);
    for (const auto& [id, t] : ts) h += sizeof(std::int32_t) + sizeof(std::uint32_t) + 8 * t.dim();
    return h;
}

std::string BoundaryCodec::encode(const std::vector<std::pair<int, torch::Tensor>>& ts) {
    std::string s = "A2BT";
    put<std::uint32_t>(s, static_cast<std::uint32_t>(ts.size()));
    for (const auto& [id, t] : ts) {
        put<std::int32_t>(s, id);
        put<std::uint32_t>(s, static_cast<std::uint32_t>(t.dim()));
        for (auto d : t.sizes()) put<std::int64_t>(s, d);
    }
    for (const auto& [id, t] : ts) {
        const auto c = t.to(torch::kFloat32).contiguous();
        s.append(reinterpret_cast<const char*>(c.data_ptr<float>()), c.numel() * sizeof(float));
    }
    return s;
}

std::vector<std::pair<int, torch::Tensor>> BoundaryCodec::decode(const std::string& s) {
    if (s.size() < 8 || s.compare(0, 4, "A2BT") != 0)
        throw std::runtime_error("boundary payload: bad magic");
    std::size_t pos = 4;
    const auto count = get<std::uint32_t>(s, pos);
    std::vector<std::pair<int, std::vector<std::int64_t>>> shapes;
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto id = get<std::int32_t>(s, pos);
        const auto nd = get<std::uint32_t>(s, pos);
        std::vector<std::int64_t> dims(nd);
        for (auto& d : dims) d = get<std::int64_t>(s, pos);
        shapes.emplace_back(id, std::move(dims));
    }
    std::vector<std::pair<int, torch::Tensor>> out;
    for (const auto& [id, dims] : shapes) {
        auto t = torch::empty(dims, torch::kFloat32);
        const std::size_t bytes = t.numel() * sizeof(float);
        if (pos + bytes > s.size()) throw std::runtime_error("boundary payload truncated");
        std::memcpy(t.data_ptr<float>(), s.data() + pos, bytes);
        pos += bytes;
        out.emplace_back(id, std::move(t));
    }
    if (pos != s.size()) throw std::runtime_error("boundary payload has trailing bytes");
    return out;
}

}  // namespace a2iot::models
