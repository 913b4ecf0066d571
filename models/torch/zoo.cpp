#include "models/torch/zoo.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace a2iot::models {

namespace nn = torch::nn;

ZooSpec ZooSpec::imagenet_full(const std::string& name) {
    ZooSpec s;
    s.name = name;
    s.width = 1.0;
    s.in_channels = 3;
    s.hw = 224;
    s.classes = 1000;
    s.imagenet = true;
    s.exits = false;
    return s;
}

std::string zoo_family(const std::string& name) {
    if (name == "lenet") return "LeNet-5";
    if (name == "alexnet") return "AlexNet";
    if (name == "vgg16") return "VGG";
    if (name == "resnet18") return "ResNet";
    if (name == "mobilenet_v2") return "MobileNetV2";
    if (name == "shufflenet_v2") return "ShuffleNetV2";
    if (name == "googlenet") return "GoogLeNet";
    throw std::invalid_argument("unknown model '" + name + "'");
}

namespace {

// ---- node bodies ---------------------------------------------------------------------------

// A single-input node: a Sequential of layers. ShuffleNet's stride-1 branch reads only the
// second half of its input channels (the channel split).
class SeqNodeImpl : public NodeBodyImpl {
  public:
    explicit SeqNodeImpl(nn::Sequential s, bool second_half = false)
        : seq(register_module("seq", s)), second_half_(second_half) {}
    torch::Tensor forward(const std::vector<torch::Tensor>& xs) override {
        auto x = xs.at(0);
        if (second_half_) x = x.chunk(2, 1)[1];
        return run_seq(seq, x);
    }
    nn::Sequential seq;

  private:
    bool second_half_;
};

// Residual join: the sum of its inputs, optionally followed by ReLU (ResNet yes, MobileNetV2 no).
class AddNodeImpl : public NodeBodyImpl {
  public:
    explicit AddNodeImpl(bool relu) : relu_(relu) {}
    torch::Tensor forward(const std::vector<torch::Tensor>& xs) override {
        auto y = xs.at(0);
        for (std::size_t i = 1; i < xs.size(); ++i) y = y + xs[i];
        return relu_ ? torch::relu(y) : y;
    }

  private:
    bool relu_;
};

// Inception join: channel concatenation of the branches.
class ConcatNodeImpl : public NodeBodyImpl {
  public:
    torch::Tensor forward(const std::vector<torch::Tensor>& xs) override {
        return torch::cat(xs, 1);
    }
};

// ShuffleNetV2 join: concat (the first half of the unit input for stride-1 units) then channel
// shuffle with 2 groups.
class ShuffleJoinImpl : public NodeBodyImpl {
  public:
    explicit ShuffleJoinImpl(bool first_half_of_input0) : first_half_(first_half_of_input0) {}
    torch::Tensor forward(const std::vector<torch::Tensor>& xs) override {
        auto a = first_half_ ? xs.at(0).chunk(2, 1)[0] : xs.at(0);
        auto y = torch::cat({a, xs.at(1)}, 1);
        const auto b = y.size(0), c = y.size(1), h = y.size(2), w = y.size(3);
        return y.view({b, 2, c / 2, h, w}).transpose(1, 2).contiguous().view({b, c, h, w});
    }

  private:
    bool first_half_;
};

// ---- builder helpers ----------------------------------------------------------------------

enum class Act { none, relu, relu6 };

struct ConvBn {
    nn::Conv2d conv{nullptr};
    nn::BatchNorm2d bn{nullptr};
};

std::int64_t conv_out(std::int64_t hw, std::int64_t k, std::int64_t s, std::int64_t p) {
    return (hw + 2 * p - k) / s + 1;
}

// Batch norm after each conv and before the activation (the survey's setting).
ConvBn conv_bn(nn::Sequential& s, std::int64_t in, std::int64_t out, std::int64_t k,
               std::int64_t stride, std::int64_t pad, Act act, std::int64_t groups = 1) {
    ConvBn c;
    c.conv = nn::Conv2d(
        nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).groups(groups).bias(false));
    c.bn = nn::BatchNorm2d(out);
    s->push_back(c.conv);
    s->push_back(c.bn);
    if (act == Act::relu) s->push_back(nn::ReLU(nn::ReLUOptions(true)));
    if (act == Act::relu6) s->push_back(nn::ReLU6(nn::ReLU6Options(true)));
    return c;
}

std::int64_t scaled(double base, double width, std::int64_t min = 4) {
    return std::max<std::int64_t>(min, static_cast<std::int64_t>(std::lround(base * width)));
}

// Tracks the tensor at the end of the graph built so far.
struct Tail {
    int node = -1;  // -1: the model input
    std::int64_t ch = 0;
    std::int64_t hw = 0;
};

class Builder {
  public:
    explicit Builder(const ZooSpec& s) : spec(s), tail{-1, s.in_channels, s.hw} {}

    int seq_node(const std::string& name, const std::string& kind, nn::Sequential s,
                 std::vector<int> inputs, bool second_half = false) {
        return net->add_node(name, kind, std::move(inputs),
                             std::make_shared<SeqNodeImpl>(std::move(s), second_half));
    }
    std::vector<int> after(int node) const {
        return node < 0 ? std::vector<int>{} : std::vector<int>{node};
    }
    // conv-bn-relu node on the tail.
    ConvBn conv(const std::string& name, std::int64_t out, std::int64_t k, std::int64_t stride,
                std::int64_t pad) {
        nn::Sequential s;
        auto c = conv_bn(s, tail.ch, out, k, stride, pad, Act::relu);
        tail = {seq_node(name, "conv", s, after(tail.node)), out,
                conv_out(tail.hw, k, stride, pad)};
        return c;
    }
    void maxpool(const std::string& name, std::int64_t k, std::int64_t stride,
                 std::int64_t pad = 0) {
        nn::Sequential s;
        s->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(k).stride(stride).padding(pad)));
        tail = {seq_node(name, "pool", s, after(tail.node)), tail.ch,
                conv_out(tail.hw, k, stride, pad)};
    }
    void flatten(const std::string& name) {
        nn::Sequential s;
        s->push_back(nn::Flatten());
        tail = {seq_node(name, "flatten", s, after(tail.node)), tail.ch * tail.hw * tail.hw, 1};
    }
    void global_pool_flatten(const std::string& name) {
        nn::Sequential s;
        s->push_back(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));
        s->push_back(nn::Flatten());
        tail = {seq_node(name, "pool", s, after(tail.node)), tail.ch, 1};
    }
    nn::Linear linear(const std::string& name, std::int64_t out, bool relu, double dropout = 0) {
        nn::Sequential s;
        if (dropout > 0) s->push_back(nn::Dropout(dropout));
        nn::Linear l(tail.ch, out);
        s->push_back(l);
        if (relu) s->push_back(nn::ReLU(nn::ReLUOptions(true)));
        tail = {seq_node(name, "linear", s, after(tail.node)), out, 1};
        return l;
    }
    // Early exit: conv-bn-relu, global pool, linear. Returns the exit's conv, which consumes the
    // trunk channels (so pruning the trunk also slices it).
    nn::Conv2d exit_head(const std::string& name, std::int64_t mid) {
        nn::Sequential s;
        auto c = conv_bn(s, tail.ch, mid, 3, 1, 1, Act::relu);
        s->push_back(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));
        s->push_back(nn::Flatten());
        s->push_back(nn::Linear(mid, spec.classes));
        net->add_exit(name, tail.node, s);
        return c.conv;
    }
    void group(std::shared_ptr<nn::Module> producer,
               std::vector<std::shared_ptr<nn::Module>> followers,
               std::vector<PruneGroup::Consumer> consumers) {
        net->prune_groups().push_back(
            {std::move(producer), std::move(followers), std::move(consumers)});
    }

    const ZooSpec& spec;
    GraphNet net;
    Tail tail;
};

// ---- chains: lenet, alexnet, vgg16 ---------------------------------------------------------

// A conv whose filters may be pruned once we know what consumes them: the next conv, an exit
// conv, or the first linear layer (through pools and flatten).
struct PendingConv {
    ConvBn c;
    std::vector<PruneGroup::Consumer> consumers;
};

void close_pending(Builder& b, PendingConv& p) {
    if (p.c.conv) b.group(p.c.conv.ptr(), {p.c.bn.ptr()}, p.consumers);
    p = PendingConv{};
}

GraphNet lenet(const ZooSpec& s) {
    Builder b(s);
    PendingConv p;
    p.c = b.conv("conv1", scaled(6, s.width, 2), 5, 1, 0);
    b.maxpool("pool1", 2, 2);
    auto c2 = b.conv("conv2", scaled(16, s.width, 2), 5, 1, 0);
    p.consumers.push_back({c2.conv.ptr(), 1});
    close_pending(b, p);
    b.maxpool("pool2", 2, 2);
    const auto spatial = b.tail.hw * b.tail.hw;
    b.flatten("flatten");
    auto f1 = b.linear("fc1", scaled(120, s.width), true);
    b.group(c2.conv.ptr(), {c2.bn.ptr()}, {{f1.ptr(), spatial}});
    auto f2 = b.linear("fc2", scaled(84, s.width), true);
    b.group(f1.ptr(), {}, {{f2.ptr(), 1}});
    auto f3 = b.linear("fc3", s.classes, false);
    b.group(f2.ptr(), {}, {{f3.ptr(), 1}});
    return b.net;
}

// Chains of conv stages then a classifier. cfg: channel count, or 0 for a 2x2 max pool.
GraphNet conv_chain(const ZooSpec& s, const std::vector<int>& cfg,
                    const std::vector<int>& exit_after_pool, std::int64_t fc_width,
                    std::int64_t k_first, std::int64_t stride_first, std::int64_t pool_k,
                    std::int64_t k_second = 3) {
    Builder b(s);
    PendingConv p;
    int conv_i = 0, pool_i = 0;
    for (int c : cfg) {
        if (c == 0) {
            ++pool_i;
            b.maxpool("pool" + std::to_string(pool_i), pool_k, 2);
            if (s.exits && std::find(exit_after_pool.begin(), exit_after_pool.end(), pool_i) !=
                               exit_after_pool.end()) {
                const std::string name = "exit" + std::to_string(pool_i);
                auto ec = b.exit_head(name, scaled(32, 1.0));
                p.consumers.push_back({ec.ptr(), 1});
            }
            continue;
        }
        ++conv_i;
        const bool first = conv_i == 1;
        const std::int64_t k = first ? k_first : (conv_i == 2 ? k_second : 3);
        auto c2 = b.conv("conv" + std::to_string(conv_i), scaled(c, s.width), k,
                         first ? stride_first : 1, k == 11 ? 2 : k / 2);
        p.consumers.push_back({c2.conv.ptr(), 1});
        close_pending(b, p);
        p.c = c2;
    }
    const auto spatial = b.tail.hw * b.tail.hw;
    b.flatten("flatten");
    auto f1 = b.linear("fc1", fc_width, true, 0.5);
    p.consumers.push_back({f1.ptr(), spatial});
    close_pending(b, p);
    auto f2 = b.linear("fc2", fc_width, true, 0.5);
    b.group(f1.ptr(), {}, {{f2.ptr(), 1}});
    auto f3 = b.linear("fc3", s.classes, false);
    b.group(f2.ptr(), {}, {{f3.ptr(), 1}});
    return b.net;
}

GraphNet alexnet(const ZooSpec& s) {
    if (s.imagenet) {
        // torchvision AlexNet: 11x11/4 stem, 3x3/2 pools, 6x6x256 -> 4096 -> 4096 -> classes.
        return conv_chain(s, {64, 0, 192, 0, 384, 256, 256, 0}, {}, 4096, 11, 4, 3, 5);
    }
    // CIFAR-style: 3x3 stem at stride 1, 2x2 pools; exits after pool1 and pool2.
    return conv_chain(s, {64, 0, 192, 0, 384, 256, 256, 0}, {1, 2}, scaled(1024, s.width, 16), 3, 1,
                      2);
}

GraphNet vgg16(const ZooSpec& s) {
    const std::vector<int> cfg{64, 64,  0,   128, 128, 0,   256, 256, 256,
                               0,  512, 512, 512, 0,   512, 512, 512, 0};
    if (s.imagenet) return conv_chain(s, cfg, {}, 4096, 3, 1, 2);
    return conv_chain(s, cfg, {2, 3}, scaled(512, s.width, 16), 3, 1, 2);
}

// ---- resnet18 -------------------------------------------------------------------------------

GraphNet resnet18(const ZooSpec& s) {
    Builder b(s);
    const auto c0 = scaled(64, s.width);
    if (s.imagenet) {
        b.conv("stem", c0, 7, 2, 3);
        b.maxpool("stem_pool", 3, 2, 1);
    } else {
        b.conv("stem", c0, 3, 1, 1);
    }
    const std::vector<std::int64_t> widths{64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage) {
        const auto out = scaled(widths[stage], s.width);
        for (int blk = 0; blk < 2; ++blk) {
            const std::string p = "layer" + std::to_string(stage + 1) + "." + std::to_string(blk);
            const std::int64_t stride = (stage > 0 && blk == 0) ? 2 : 1;
            const Tail in = b.tail;
            nn::Sequential s1, s2;
            auto c1 = conv_bn(s1, in.ch, out, 3, stride, 1, Act::relu);
            auto c2 = conv_bn(s2, out, out, 3, 1, 1, Act::none);
            const int n1 = b.seq_node(p + ".conv1", "conv", s1, b.after(in.node));
            const int n2 = b.seq_node(p + ".conv2", "conv", s2, {n1});
            // conv1's filters only feed conv2: prunable. conv2 meets the skip at the add: kept.
            b.group(c1.conv.ptr(), {c1.bn.ptr()}, {{c2.conv.ptr(), 1}});
            int skip = in.node;
            if (stride != 1 || in.ch != out) {
                nn::Sequential sd;
                conv_bn(sd, in.ch, out, 1, stride, 0, Act::none);
                skip = b.seq_node(p + ".down", "conv", sd, b.after(in.node));
            }
            const int add = b.net->add_node(p + ".add", "residual", {n2, skip},
                                            std::make_shared<AddNodeImpl>(true));
            b.tail = {add, out, conv_out(in.hw, 3, stride, 1)};
        }
    }
    b.global_pool_flatten("avgpool");
    b.linear("fc", s.classes, false);
    return b.net;
}

// ---- mobilenet_v2 ---------------------------------------------------------------------------

std::int64_t make_divisible(double v, std::int64_t d = 8) {
    auto r = std::max<std::int64_t>(d, static_cast<std::int64_t>(v + d / 2.0) / d * d);
    if (r < 0.9 * v) r += d;
    return r;
}

GraphNet mobilenet_v2(const ZooSpec& s) {
    Builder b(s);
    // CIFAR-style keeps stride 1 in the stem (32x32 input); the 24-channel stage downsamples as
    // in ImageNet MobileNetV2, because LibTorch's CPU depthwise convs at 32x32 made training
    // too slow for the zoo's time budget (a 28x28 image needs no more resolution).
    struct Cfg {
        int t, c, n, s;
    };
    const std::vector<Cfg> cfg{{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                               {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    const std::int64_t div = s.imagenet ? 8 : 4;
    nn::Sequential stem;
    const auto c0 = make_divisible(32 * s.width, div);
    conv_bn(stem, s.in_channels, c0, 3, s.imagenet ? 2 : 1, 1, Act::relu6);
    b.tail = {b.seq_node("stem", "conv", stem, {}), c0, conv_out(s.hw, 3, s.imagenet ? 2 : 1, 1)};
    int block = 0;
    for (const auto& c : cfg) {
        const auto out = make_divisible(c.c * s.width, div);
        for (int i = 0; i < c.n; ++i, ++block) {
            const std::string p = "block" + std::to_string(block);
            const std::int64_t stride = i == 0 ? c.s : 1;
            const Tail in = b.tail;
            const auto hidden = in.ch * c.t;
            int x = in.node;
            ConvBn expand;
            if (c.t != 1) {
                nn::Sequential se;
                expand = conv_bn(se, in.ch, hidden, 1, 1, 0, Act::relu6);
                x = b.seq_node(p + ".expand", "conv", se, b.after(x));
            }
            nn::Sequential sd, sp;
            auto dw = conv_bn(sd, hidden, hidden, 3, stride, 1, Act::relu6, hidden);
            x = b.seq_node(p + ".dw", "dwconv", sd, b.after(x));
            auto proj = conv_bn(sp, hidden, out, 1, 1, 0, Act::none);
            x = b.seq_node(p + ".project", "conv", sp, {x});
            // The expanded (hidden) channels run through the depthwise conv and end at the
            // projection: prunable as one group. Block outputs may meet a residual add: kept.
            if (expand.conv)
                b.group(expand.conv.ptr(), {expand.bn.ptr(), dw.conv.ptr(), dw.bn.ptr()},
                        {{proj.conv.ptr(), 1}});
            if (stride == 1 && in.ch == out)
                x = b.net->add_node(p + ".add", "residual", {x, in.node},
                                    std::make_shared<AddNodeImpl>(false));
            b.tail = {x, out, conv_out(in.hw, 3, stride, 1)};
        }
    }
    nn::Sequential last;
    const auto c_last = s.imagenet ? 1280 : make_divisible(1280 * s.width, div);
    conv_bn(last, b.tail.ch, c_last, 1, 1, 0, Act::relu6);
    b.tail = {b.seq_node("head", "conv", last, {b.tail.node}), c_last, b.tail.hw};
    b.global_pool_flatten("avgpool");
    b.linear("fc", s.classes, false, 0.2);
    return b.net;
}

// ---- shufflenet_v2 --------------------------------------------------------------------------

GraphNet shufflenet_v2(const ZooSpec& s) {
    Builder b(s);
    const auto even = [](double v) {
        return std::max<std::int64_t>(4, 2 * static_cast<std::int64_t>(std::lround(v / 2)));
    };
    const std::vector<std::int64_t> stage_out{even(116 * s.width), even(232 * s.width),
                                              even(464 * s.width)};
    const std::vector<int> repeats{4, 8, 4};
    if (s.imagenet) {
        b.conv("stem", 24, 3, 2, 1);
        b.maxpool("stem_pool", 3, 2, 1);
    } else {
        b.conv("stem", std::max<std::int64_t>(8, even(24 * s.width)), 3, 1, 1);
    }
    for (int st = 0; st < 3; ++st) {
        const auto out = stage_out[st];
        const auto half = out / 2;
        for (int u = 0; u < repeats[st]; ++u) {
            const std::string p = "stage" + std::to_string(st + 2) + "." + std::to_string(u);
            const Tail in = b.tail;
            nn::Sequential right;
            int join;
            if (u == 0) {
                // Downsampling unit: both branches see the whole input.
                nn::Sequential left;
                conv_bn(left, in.ch, in.ch, 3, 2, 1, Act::none, in.ch);
                conv_bn(left, in.ch, half, 1, 1, 0, Act::relu);
                auto r1 = conv_bn(right, in.ch, half, 1, 1, 0, Act::relu);
                auto rd = conv_bn(right, half, half, 3, 2, 1, Act::none, half);
                auto r2 = conv_bn(right, half, half, 1, 1, 0, Act::relu);
                b.group(r1.conv.ptr(), {r1.bn.ptr(), rd.conv.ptr(), rd.bn.ptr()},
                        {{r2.conv.ptr(), 1}});
                const int nl = b.seq_node(p + ".left", "branch", left, b.after(in.node));
                const int nr = b.seq_node(p + ".right", "branch", right, b.after(in.node));
                join = b.net->add_node(p + ".join", "shuffle_unit", {nl, nr},
                                       std::make_shared<ShuffleJoinImpl>(false));
                b.tail = {join, out, conv_out(in.hw, 3, 2, 1)};
            } else {
                // Basic unit: channel split; the right half goes through the branch.
                auto r1 = conv_bn(right, half, half, 1, 1, 0, Act::relu);
                auto rd = conv_bn(right, half, half, 3, 1, 1, Act::none, half);
                auto r2 = conv_bn(right, half, half, 1, 1, 0, Act::relu);
                // Only the branch's inner channels are pruned: its output meets the concat and
                // the shuffle, whose halves must stay equal.
                b.group(r1.conv.ptr(), {r1.bn.ptr(), rd.conv.ptr(), rd.bn.ptr()},
                        {{r2.conv.ptr(), 1}});
                const int nr = b.seq_node(p + ".branch", "branch", right, {in.node}, true);
                join = b.net->add_node(p + ".join", "shuffle_unit", {in.node, nr},
                                       std::make_shared<ShuffleJoinImpl>(true));
                b.tail = {join, out, in.hw};
            }
        }
    }
    nn::Sequential last;
    const auto c_last = s.imagenet ? 1024 : std::max<std::int64_t>(64, even(1024 * s.width));
    conv_bn(last, b.tail.ch, c_last, 1, 1, 0, Act::relu);
    b.tail = {b.seq_node("conv5", "conv", last, {b.tail.node}), c_last, b.tail.hw};
    b.global_pool_flatten("avgpool");
    b.linear("fc", s.classes, false);
    return b.net;
}

// ---- googlenet ------------------------------------------------------------------------------

GraphNet googlenet(const ZooSpec& s) {
    Builder b(s);
    const auto w = [&](int c) { return scaled(c, s.width, 2); };
    if (s.imagenet) {
        b.conv("conv1", 64, 7, 2, 3);
        b.maxpool("pool1", 3, 2, 1);
        b.conv("conv2", 64, 1, 1, 0);
        b.conv("conv3", 192, 3, 1, 1);
        b.maxpool("pool2", 3, 2, 1);
    } else {
        // CIFAR-style stem, then one 2x2 pool so the first inceptions run at 16x16 (at 32x32
        // the 5x5 branches made training too slow for the zoo's time budget).
        b.conv("pre", w(192), 3, 1, 1);
        b.maxpool("pre_pool", 2, 2);
    }
    struct Inc {
        const char* name;
        int c1, c3r, c3, c5r, c5, cp;
    };
    const std::vector<Inc> incs{
        {"a3", 64, 96, 128, 16, 32, 32},     {"b3", 128, 128, 192, 32, 96, 64},
        {"a4", 192, 96, 208, 16, 48, 64},    {"b4", 160, 112, 224, 24, 64, 64},
        {"c4", 128, 128, 256, 24, 64, 64},   {"d4", 112, 144, 288, 32, 64, 64},
        {"e4", 256, 160, 320, 32, 128, 128}, {"a5", 256, 160, 320, 32, 128, 128},
        {"b5", 384, 192, 384, 48, 128, 128}};
    for (const auto& inc : incs) {
        const std::string n = inc.name;
        if (n == "a4" || n == "a5") b.maxpool("pool_" + n, 3, 2, 1);
        const std::string p = "inception" + n;
        const Tail in = b.tail;
        nn::Sequential s1, s2r, s2, s3r, s3, s4;
        conv_bn(s1, in.ch, w(inc.c1), 1, 1, 0, Act::relu);
        auto r3 = conv_bn(s2r, in.ch, w(inc.c3r), 1, 1, 0, Act::relu);
        auto c3 = conv_bn(s2, w(inc.c3r), w(inc.c3), 3, 1, 1, Act::relu);
        auto r5 = conv_bn(s3r, in.ch, w(inc.c5r), 1, 1, 0, Act::relu);
        auto c5 = conv_bn(s3, w(inc.c5r), w(inc.c5), 5, 1, 2, Act::relu);
        s4->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(1).padding(1)));
        conv_bn(s4, in.ch, w(inc.cp), 1, 1, 0, Act::relu);
        const auto src = b.after(in.node);
        const int n1 = b.seq_node(p + ".b1", "conv", s1, src);
        const int n2r = b.seq_node(p + ".b2_reduce", "conv", s2r, src);
        const int n2 = b.seq_node(p + ".b2", "conv", s2, {n2r});
        const int n3r = b.seq_node(p + ".b3_reduce", "conv", s3r, src);
        const int n3 = b.seq_node(p + ".b3", "conv", s3, {n3r});
        const int n4 = b.seq_node(p + ".b4", "pool_proj", s4, src);
        // The 1x1 reductions feed only their own branch: prunable. Branch outputs meet the
        // concat, whose channel layout the next module depends on: kept.
        b.group(r3.conv.ptr(), {r3.bn.ptr()}, {{c3.conv.ptr(), 1}});
        b.group(r5.conv.ptr(), {r5.bn.ptr()}, {{c5.conv.ptr(), 1}});
        const int cat = b.net->add_node(p + ".concat", "inception", {n1, n2, n3, n4},
                                        std::make_shared<ConcatNodeImpl>());
        b.tail = {cat, w(inc.c1) + w(inc.c3) + w(inc.c5) + w(inc.cp), in.hw};
    }
    b.global_pool_flatten("avgpool");
    b.linear("fc", s.classes, false, s.imagenet ? 0.4 : 0.0);
    return b.net;
}

}  // namespace

GraphNet build_model(const ZooSpec& spec) {
    GraphNet net{nullptr};
    if (spec.name == "lenet")
        net = lenet(spec);
    else if (spec.name == "alexnet")
        net = alexnet(spec);
    else if (spec.name == "vgg16")
        net = vgg16(spec);
    else if (spec.name == "resnet18")
        net = resnet18(spec);
    else if (spec.name == "mobilenet_v2")
        net = mobilenet_v2(spec);
    else if (spec.name == "shufflenet_v2")
        net = shufflenet_v2(spec);
    else if (spec.name == "googlenet")
        net = googlenet(spec);
    else
        throw std::invalid_argument("unknown model '" + spec.name + "'");
    return net;
}

}  // namespace a2iot::models
