// Torch tests: partitioned execution, boundary payloads, pruning, the data loader, and a short
// LeNet training run. One translation unit on purpose (each torch unit costs ~40 s to compile).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "models/cut.hpp"
#include "models/torch/admm_pruner.hpp"
#include "models/torch/card_eval.hpp"
#include "models/torch/fashion_mnist.hpp"
#include "models/torch/graph_net.hpp"
#include "models/torch/profiler.hpp"
#include "models/torch/pruner.hpp"
#include "models/torch/trainer.hpp"
#include "models/torch/weights_file.hpp"
#include "models/torch/zoo.hpp"
#include "models/torch/zoo_builder.hpp"

namespace a2iot::models {
namespace {

GraphNet small(const std::string& name, std::uint64_t seed = 7) {
    torch::manual_seed(seed);
    ZooSpec s;
    s.name = name;
    s.width = model_defaults(name).width;
    auto net = build_model(s);
    net->eval();
    return net;
}

// `make deps` installs dataset-fashion-mnist: without it the tree is broken, not skippable.
bool dataset_installed(const std::string& file) {
    return std::filesystem::exists(std::string(FashionMnist::default_dir) + "/" + file);
}
constexpr const char* kNoDataset = "dataset-fashion-mnist not installed (make deps)";

class PerModel : public ::testing::TestWithParam<std::string> {
  protected:
    // One thread: OpenMP barriers on a shared 2-core host cost more than they save here.
    void SetUp() override { torch::set_num_threads(1); }
};

// Runs the cut: device side, serialize, deserialize, remote side. Checks the output against the
// full forward pass and the payload size against the card's boundary bytes.
void check_cut(GraphNet& net, const Variant& card_v, const torch::Tensor& x,
               const torch::Tensor& full, const Cut& cut) {
    torch::NoGradGuard no_grad;
    const auto dev = net->run_device(x, cut);
    torch::Tensor out;
    if (cut.on_device.back()) {
        out = dev.output;
        EXPECT_TRUE(dev.boundary.empty());
    } else {
        const std::string payload = BoundaryCodec::encode(dev.boundary);
        EXPECT_EQ(
            static_cast<std::int64_t>(payload.size() - BoundaryCodec::header_bytes(dev.boundary)),
            boundary_bytes(card_v, cut))
            << describe(card_v, cut);
        out = net->run_remote(BoundaryCodec::decode(payload), cut);
    }
    ASSERT_TRUE(out.defined());
    EXPECT_LE((out - full).abs().max().item<double>(), 1e-5) << describe(card_v, cut);
}

TEST_P(PerModel, PartitionedRunEqualsFullForward) {
    auto net = small(GetParam());
    const Variant v = profile_variant(net, {1, 32, 32}, ProfileOptions{0, 1});
    torch::manual_seed(3);
    const auto x = torch::randn({1, 1, 32, 32});
    torch::NoGradGuard no_grad;
    const auto full = net->forward(x);
    const std::size_t n = v.layers.size();
    // Every topological prefix is a valid cut (all of them for a chain).
    for (std::size_t k = 0; k <= n; ++k) check_cut(net, v, x, full, Cut::prefix(n, k));
    if (v.is_chain()) return;
    // DAGs: a random sample of the downward-closed sets that are not prefixes.
    std::vector<Cut> ideals;
    enumerate_cuts(
        v,
        [&](const Cut& c) {
            ideals.push_back(c);
            return true;
        },
        20000);
    ASSERT_GE(ideals.size(), n + 1);
    std::mt19937 rng(11);
    std::shuffle(ideals.begin(), ideals.end(), rng);
    std::size_t checked = 0, non_prefix = 0;
    for (const auto& c : ideals) {
        if (c == Cut::prefix(n, c.device_count())) continue;
        ++non_prefix;
        if (checked < 25) {
            check_cut(net, v, x, full, c);
            ++checked;
        }
    }
    EXPECT_EQ(checked, std::min<std::size_t>(25, non_prefix));
}

TEST_P(PerModel, DagShapeMatchesTheFamily) {
    auto net = small(GetParam());
    const Variant v = net->skeleton();
    const std::string name = GetParam();
    const bool chain = name == "lenet" || name == "alexnet" || name == "vgg16";
    EXPECT_EQ(v.is_chain(), chain);
    auto count = [&](const std::string& kind) {
        return std::count_if(v.layers.begin(), v.layers.end(),
                             [&](const LayerNode& l) { return l.kind == kind; });
    };
    if (name == "resnet18") {
        EXPECT_EQ(count("residual"), 8);
    }
    if (name == "mobilenet_v2") {  // 10 at full width; narrow widths can add equal-width blocks
        EXPECT_GE(count("residual"), 10);
    }
    if (name == "shufflenet_v2") {
        EXPECT_EQ(count("shuffle_unit"), 16);
    }
    if (name == "googlenet") {
        EXPECT_EQ(count("inception"), 9);
    }
    if (name == "alexnet" || name == "vgg16") {
        EXPECT_EQ(net->exits().size(), 2u);
    }
    // Parallel branches (downsampling shortcuts, two-branch units, inception branches) give
    // downward-closed cuts that are not topological prefixes: DADS territory.
    if (name == "resnet18" || name == "shufflenet_v2" || name == "googlenet") {
        std::size_t ideals = 0;
        enumerate_cuts(v, [&](const Cut&) { return ++ideals < 100000; });
        EXPECT_GT(ideals, v.layers.size() + 1);
    }
    EXPECT_EQ(net->forward(torch::randn({2, 1, 32, 32})).sizes(), (std::vector<int64_t>{2, 10}));
}

TEST_P(PerModel, PruningShrinksTensorsAndKeepsJoinsIntact) {
    auto base = small(GetParam());
    auto pruned = small(GetParam());
    copy_state(pruned, base);
    const auto report = prune_l1(pruned, 0.5);
    EXPECT_LT(report.channels_after, report.channels_before);
    ASSERT_FALSE(pruned->prune_groups().empty());
    for (auto& g : pruned->prune_groups()) {
        std::int64_t out = 0;
        if (auto c = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(g.producer))
            out = c->weight.size(0);
        else
            out = std::dynamic_pointer_cast<torch::nn::LinearImpl>(g.producer)->weight.size(0);
        for (auto& f : g.followers) {
            if (auto bn = std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(f)) {
                EXPECT_EQ(bn->weight.size(0), out);
                EXPECT_EQ(bn->running_var.size(0), out);
            } else if (auto dw = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(f)) {
                EXPECT_EQ(dw->weight.size(0), out);
                EXPECT_EQ(dw->options.groups(), out);
            }
        }
        for (auto& c : g.consumers) {
            if (auto conv = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(c.module))
                EXPECT_EQ(conv->weight.size(1), out);
            else
                EXPECT_EQ(
                    std::dynamic_pointer_cast<torch::nn::LinearImpl>(c.module)->weight.size(1),
                    out * c.spatial);
        }
    }
    // Fewer parameters, fewer FLOPs, and the tensors at residual adds / concats / shuffles keep
    // their shapes (those channels are never pruned).
    const auto pb = profile_variant(base, {1, 32, 32}, ProfileOptions{0, 1});
    const auto pp = profile_variant(pruned, {1, 32, 32}, ProfileOptions{0, 1});
    EXPECT_LT(pp.params, pb.params);
    EXPECT_LT(pp.flops, pb.flops);
    torch::NoGradGuard no_grad;
    const auto x = torch::randn({2, 1, 32, 32});
    const auto ob = base->forward_all(x), op = pruned->forward_all(x);
    for (std::size_t i = 0; i < ob.size(); ++i) {
        const auto& kind = pb.layers[i].kind;
        if (kind == "residual" || kind == "inception" || kind == "shuffle_unit") {
            EXPECT_EQ(ob[i].sizes(), op[i].sizes()) << pb.layers[i].name;
        }
    }
    EXPECT_EQ(op.back().sizes(), (std::vector<int64_t>{2, 10}));
    EXPECT_TRUE(torch::isfinite(op.back()).all().item<bool>());
    // Exits still run on the pruned trunk.
    const auto outs = pruned->forward_with_exits(x);
    EXPECT_EQ(outs.size(), 1 + pruned->exits().size());
}

TEST_P(PerModel, PrunedWeightsReloadIntoTheUnprunedArchitecture) {
    auto net = small(GetParam());
    prune_l1(net, 0.5);
    const auto path =
        std::filesystem::temp_directory_path() / ("a2iot_weights_" + GetParam()) / "l1-50.pt";
    save_weights(net, path);
    // What the card calls size_bytes is exactly the file that is saved.
    EXPECT_EQ(static_cast<std::int64_t>(std::filesystem::file_size(path)), serialized_bytes(net));

    auto loaded = small(GetParam(), 99);  // other random weights, full widths
    load_weights(loaded, path);
    loaded->eval();
    torch::NoGradGuard no_grad;
    const auto x = torch::randn({2, 1, 32, 32});
    const auto a = net->forward_with_exits(x), b = loaded->forward_with_exits(x);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << i;
    // The modules' options follow the loaded shapes (what the pruner had set on the saved net),
    // so the reloaded net also prunes further exactly like the network that was saved.
    const auto saved_mods = net->modules(false), loaded_mods = loaded->modules(false);
    ASSERT_EQ(saved_mods.size(), loaded_mods.size());
    int convs = 0;
    for (std::size_t i = 0; i < saved_mods.size(); ++i) {
        if (auto c = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(saved_mods[i])) {
            auto l = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(loaded_mods[i]);
            ASSERT_TRUE(l) << i;
            EXPECT_EQ(l->options.in_channels(), c->options.in_channels()) << i;
            EXPECT_EQ(l->options.out_channels(), c->options.out_channels()) << i;
            EXPECT_EQ(l->options.groups(), c->options.groups()) << i;
            ++convs;
        } else if (auto f = std::dynamic_pointer_cast<torch::nn::LinearImpl>(saved_mods[i])) {
            auto l = std::dynamic_pointer_cast<torch::nn::LinearImpl>(loaded_mods[i]);
            ASSERT_TRUE(l) << i;
            EXPECT_EQ(l->options.in_features(), f->options.in_features()) << i;
            EXPECT_EQ(l->options.out_features(), f->options.out_features()) << i;
        } else if (auto b = std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(saved_mods[i])) {
            auto l = std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(loaded_mods[i]);
            ASSERT_TRUE(l) << i;
            EXPECT_EQ(l->options.num_features(), b->options.num_features()) << i;
        }
    }
    EXPECT_GT(convs, 0);
    prune_l1(net, 0.5);
    prune_l1(loaded, 0.5);
    auto ln = loaded->named_parameters(true);
    for (const auto& p : net->named_parameters(true))
        ASSERT_EQ(ln[p.key()].sizes(), p.value().sizes()) << p.key();
    EXPECT_TRUE(torch::equal(net->forward(x), loaded->forward(x)));
    std::filesystem::remove_all(path.parent_path());
}

INSTANTIATE_TEST_SUITE_P(Zoo, PerModel, ::testing::ValuesIn(zoo_names()),
                         [](const auto& info) { return info.param; });

TEST(Pruning, KeepsTheFiltersWithTheLargestL1Norm) {
    auto base = small("lenet");
    auto pruned = small("lenet");
    copy_state(pruned, base);
    auto conv1 = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(base->prune_groups()[0].producer);
    const auto w = conv1->weight.detach().clone();  // [6, 1, 5, 5]
    prune_l1(pruned, 0.5);
    auto pconv1 =
        std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(pruned->prune_groups()[0].producer);
    ASSERT_EQ(pconv1->weight.size(0), 3);
    const auto l1 = w.abs().flatten(1).sum(1);
    const auto keep = std::get<0>(std::get<1>(l1.topk(3)).sort());
    EXPECT_TRUE(torch::equal(pconv1->weight.detach(), w.index_select(0, keep)));
    // Every kept filter's norm is at least every dropped filter's norm.
    const double kept_min = l1.index_select(0, keep).min().item<double>();
    for (int i = 0; i < 6; ++i)
        if (!keep.eq(i).any().item<bool>()) {
            EXPECT_LE(l1[i].item<double>(), kept_min);
        }
}

TEST(Pruning, LevelsAreMonotonicInFlops) {
    double last = 1e30;
    for (double r : {0.0, 0.25, 0.5, 0.75}) {
        auto net = small("vgg16");
        prune_l1(net, r);
        const double f = profile_variant(net, {1, 32, 32}, ProfileOptions{0, 1}).flops;
        EXPECT_LT(f, last);
        last = f;
    }
}

TEST(BoundaryCodec, RoundTripsTensorsAndDocumentsTheHeader) {
    std::vector<std::pair<int, torch::Tensor>> ts{{-1, torch::randn({1, 1, 4, 4})},
                                                  {5, torch::randn({1, 3, 2, 2})},
                                                  {9, torch::randn({1, 7})}};
    const auto payload = BoundaryCodec::encode(ts);
    // 4 magic + 4 count + per tensor (4 id + 4 ndim + 8 per dim).
    EXPECT_EQ(BoundaryCodec::header_bytes(ts), 8u + (8 + 32) + (8 + 32) + (8 + 16));
    EXPECT_EQ(payload.size(), BoundaryCodec::header_bytes(ts) + 4 * (16 + 12 + 7));
    const auto back = BoundaryCodec::decode(payload);
    ASSERT_EQ(back.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(back[i].first, ts[i].first);
        EXPECT_TRUE(torch::equal(back[i].second, ts[i].second));
    }
    EXPECT_THROW(BoundaryCodec::decode("XXXX1234"), std::runtime_error);
    EXPECT_THROW(BoundaryCodec::decode(payload.substr(0, payload.size() - 1)), std::runtime_error);
}

TEST(Card, ProfiledVariantRoundTripsThroughJson) {
    auto net = small("alexnet");
    ModelCard card;
    card.name = "alexnet";
    card.family = "AlexNet";
    card.input_shape = {1, 32, 32};
    Variant v = profile_variant(net, {1, 32, 32}, ProfileOptions{1, 3});
    v.name = "base";
    v.accuracy = 0.5;
    card.variants.push_back(v);
    const auto back = ModelCard::from_json_text(card.to_json_text(), "mem");
    EXPECT_EQ(back.to_json_text(), card.to_json_text());
    ASSERT_EQ(back.variants[0].exits.size(), 2u);
    EXPECT_GT(back.variants[0].exits[0].flops, 0);
    EXPECT_EQ(back.variants[0].layers.size(), v.layers.size());
    // Closed form for the first conv: 3x3, 1 -> 64 x width channels at 32x32, no bias, plus
    // the BN's weight and bias.
    const std::int64_t c = std::llround(64 * model_defaults("alexnet").width);
    EXPECT_DOUBLE_EQ(back.variants[0].layers[0].flops, 2.0 * c * 32 * 32 * 9);
    EXPECT_EQ(back.variants[0].layers[0].output_bytes, c * 32 * 32 * 4);
    EXPECT_EQ(back.variants[0].layers[0].params, c * 9 + 2 * c);
    EXPECT_GT(back.variants[0].host_latency_s, 0);
}

TEST(ImagenetProfile, Vgg16IsAbout15GFlops) {
    // Counting only: no timing of the 15 GFLOP network in a unit test.
    torch::NoGradGuard no_grad;
    auto net = build_model(ZooSpec::imagenet_full("vgg16"));
    FlopCounter fc;
    net->forward(torch::zeros({1, 3, 224, 224}));
    EXPECT_NEAR(fc.flops() / 1e9, 30.9, 0.3);  // 15.47 GMACs = 30.9 GFLOPs at 2 x MACs
}

TEST(FashionMnist, MissingDataNamesTheDebianPackage) {
    try {
        FashionMnist::load("/nonexistent/fashion-mnist", "train");
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("dataset-fashion-mnist"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("/nonexistent/fashion-mnist"), std::string::npos);
    }
    EXPECT_THROW(FashionMnist::load(FashionMnist::default_dir, "validation"),
                 std::invalid_argument);
}

TEST(FashionMnist, CorruptFilesAreReportedByName) {
    const auto dir = std::filesystem::temp_directory_path() / "a2iot_fmnist_corrupt";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "t10k-images-idx3-ubyte.gz") << "not an idx file";
    std::ofstream(dir / "t10k-labels-idx1-ubyte.gz") << "nor this";
    try {
        FashionMnist::load(dir.string(), "t10k");
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("t10k-images-idx3-ubyte.gz"), std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

TEST(FashionMnist, LoadsTheDebianData) {
    ASSERT_TRUE(dataset_installed("t10k-labels-idx1-ubyte.gz")) << kNoDataset;
    const auto test = FashionMnist::load(FashionMnist::default_dir, "t10k");
    EXPECT_EQ(test.size(), 10000);
    EXPECT_EQ(test.images.sizes(), (std::vector<int64_t>{10000, 1, 32, 32}));
    EXPECT_EQ(test.labels.min().item<int64_t>(), 0);
    EXPECT_EQ(test.labels.max().item<int64_t>(), 9);
    // Balanced classes: 1000 test images each.
    EXPECT_TRUE(torch::equal(torch::bincount(test.labels), torch::full({10}, 1000, torch::kInt64)));
}

TEST(Training, LenetLearnsOnASmallSubsetInSeconds) {
    ASSERT_TRUE(dataset_installed("train-images-idx3-ubyte.gz")) << kNoDataset;
    torch::set_num_threads(1);
    const auto train_set = FashionMnist::load(FashionMnist::default_dir, "train").head(4000);
    const auto test_set = FashionMnist::load(FashionMnist::default_dir, "t10k").head(1000);
    auto net = small("lenet");
    EXPECT_LT(evaluate(net, test_set), 0.3);  // untrained: about chance
    TrainOptions opt;
    opt.epochs = 2;
    opt.lr = 2e-3;
    opt.seed = 5;
    train(net, train_set, opt);
    EXPECT_GT(evaluate(net, test_set), 0.7);
}

TEST(Exits, RatesAreConsistentAcrossThresholds) {
    auto net = small("alexnet");
    torch::manual_seed(1);
    FashionMnist d{torch::randn({200, 1, 32, 32}), torch::randint(0, 10, {200}, torch::kInt64)};
    const std::vector<double> th{0.1, 0.5, 0.9};
    const auto ex = evaluate_exits(net, d, th);
    ASSERT_EQ(ex.size(), 2u);
    for (std::size_t t = 0; t < th.size(); ++t) {
        EXPECT_LE(ex[0].thresholds[t].exit_rate + ex[1].thresholds[t].exit_rate, 1.0 + 1e-12);
        if (t > 0) {
            EXPECT_LE(ex[0].thresholds[t].exit_rate, ex[0].thresholds[t - 1].exit_rate);
        }
    }
    // A 10-class softmax always has a class with confidence >= 0.1: everyone exits at exit 1.
    EXPECT_DOUBLE_EQ(ex[0].thresholds[0].exit_rate, 1.0);
}

// ---- ADMM structured pruning -----------------------------------------------------------------

TEST(Admm, ProjectionKeepsKGroupsAndIsTheClosestPoint) {
    torch::manual_seed(21);
    // Two parts sharing the channel dim (like a conv's filters and its BN scale).
    const std::vector<torch::Tensor> parts{torch::randn({6, 2, 2}), torch::randn({6})};
    const std::int64_t n = 6;
    auto dist2 = [&](const std::vector<torch::Tensor>& z) {
        double d = 0;
        for (std::size_t i = 0; i < parts.size(); ++i)
            d += (parts[i] - z[i]).pow(2).sum().item<double>();
        return d;
    };
    for (std::int64_t k = 0; k <= n; ++k) {
        torch::Tensor kept;
        const auto z = project_group_sparse(parts, k, &kept);
        ASSERT_EQ(kept.size(0), k);
        // Exactly k nonzero channels, each equal to the input channel.
        std::int64_t nonzero = 0;
        for (std::int64_t c = 0; c < n; ++c) {
            const bool nz = z[0][c].abs().sum().item<double>() + z[1][c].abs().item<double>() > 0;
            nonzero += nz;
            const bool in_kept = kept.eq(c).any().item<bool>();
            EXPECT_EQ(nz, in_kept);
            if (in_kept) {
                EXPECT_TRUE(torch::equal(z[0][c], parts[0][c]));
                EXPECT_TRUE(torch::equal(z[1][c], parts[1][c]));
            }
        }
        EXPECT_EQ(nonzero, k);
        // Brute force over every support of size <= k: none is closer.
        double best = 1e300;
        for (int mask = 0; mask < (1 << n); ++mask) {
            if (__builtin_popcount(mask) > k) continue;
            auto m = torch::zeros({n});
            for (int c = 0; c < n; ++c)
                if (mask & (1 << c)) m[c] = 1.0;
            best = std::min(best, dist2({parts[0] * m.reshape({n, 1, 1}), parts[1] * m}));
        }
        EXPECT_NEAR(dist2(z), best, 1e-5) << "k=" << k;
    }
    EXPECT_THROW(project_group_sparse(parts, n + 1), std::invalid_argument);
}

// Once W sits on the group-sparse set (the end point ADMM converges to), removing the zero
// channels must not change the network's function: the BN shift is part of the group, so a
// zeroed channel outputs exactly 0. Checks every model, including the partitioned runs.
TEST_P(PerModel, AdmmHardPruneIsLosslessOnTheSparseSet) {
    auto net = small(GetParam());
    torch::NoGradGuard no_grad;
    // Random BN statistics and shifts, so that a channel whose shift were left alone would not
    // output 0 and the check could fail.
    for (auto& b : net->named_buffers(true))
        if (b.key().find("running_mean") != std::string::npos) b.value().uniform_(-0.5, 0.5);
    for (auto& p : net->named_parameters(true))
        if (p.key().find("bias") != std::string::npos) p.value().uniform_(-0.5, 0.5);
    std::vector<torch::Tensor> kept;
    std::int64_t before = 0, after = 0;
    for (auto& g : net->prune_groups()) {
        auto params = group_params(g);
        const auto n = params[0].size(0);
        torch::Tensor k;
        const auto z = project_group_sparse(params, kept_channels(n, 0.5), &k);
        for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(z[i]);
        kept.push_back(k);
        before += n;
        after += k.size(0);
    }
    torch::manual_seed(4);
    const auto x = torch::randn({2, 1, 32, 32});
    const auto dense = net->forward_with_exits(x);
    auto& groups = net->prune_groups();
    for (std::size_t i = 0; i < groups.size(); ++i) remove_channels(groups[i], kept[i]);
    const auto pruned = net->forward_with_exits(x);
    ASSERT_EQ(pruned.size(), dense.size());
    for (std::size_t i = 0; i < dense.size(); ++i)
        EXPECT_LE((pruned[i] - dense[i]).abs().max().item<double>(), 1e-4) << "output " << i;
    // Same channel counts as the l1 variant at the same level.
    auto l1 = small(GetParam());
    const auto rep = prune_l1(l1, 0.5);
    EXPECT_EQ(rep.channels_before, before);
    EXPECT_EQ(rep.channels_after, after);
    // Partitioned execution of the pruned network still equals its full forward pass.
    const Variant v = profile_variant(net, {1, 32, 32}, ProfileOptions{0, 1});
    const auto x1 = x.narrow(0, 0, 1);
    const auto full = net->forward(x1);
    for (std::size_t k = 0; k <= v.layers.size(); ++k)
        check_cut(net, v, x1, full, Cut::prefix(v.layers.size(), k));
}

TEST(Admm, LenetRoundsShrinkTheResidualAndPruneToTheL1Shapes) {
    ASSERT_TRUE(dataset_installed("train-images-idx3-ubyte.gz")) << kNoDataset;
    torch::set_num_threads(1);
    const auto train_set = FashionMnist::load(FashionMnist::default_dir, "train").head(2000);
    const auto test_set = FashionMnist::load(FashionMnist::default_dir, "t10k").head(500);
    auto net = small("lenet");
    TrainOptions to;
    to.epochs = 1;
    to.lr = 3e-3;
    to.lr_schedule = "onecycle";
    train(net, train_set, to);
    // One-shot L1 pruning of the same trained network, for comparison.
    auto l1_once = small("lenet");
    copy_state(l1_once, net);
    prune_l1(l1_once, 0.5);
    const double l1_acc = evaluate(l1_once, test_set);
    AdmmOptions ao;
    ao.rounds = 5;
    ao.epochs_per_round = 1;  // 15 SGD steps per round
    // A stronger start than the build's 0.05: with this few steps and a barely trained net,
    // the channel norms are close and the support would keep switching.
    ao.rho = 0.2;
    AdmmPruner admm(net, 0.5, ao);
    admm.run(train_set);
    ASSERT_EQ(admm.residuals().size(), 5u);
    // rho grows every round, so W is pulled onto the sparse set: the primal residual falls.
    EXPECT_LT(admm.residuals().back(), admm.residuals().front());
    const auto rep = admm.prune();
    EXPECT_EQ(rep.channels_after, 3 + 8 + 60 + 42);  // half of 6, 16, 120, 84
    // ADMM drove the dropped channels towards zero first, so its hard prune keeps more accuracy
    // than one-shot L1 pruning of the same network (both before any fine-tuning).
    EXPECT_GT(evaluate(net, test_set), l1_acc);
    auto l1 = small("lenet");
    prune_l1(l1, 0.5);
    auto np = net->named_parameters(true);
    for (const auto& p : l1->named_parameters(true))
        EXPECT_EQ(np[p.key()].sizes(), p.value().sizes()) << p.key();
    const auto out = net->forward(torch::randn({3, 1, 32, 32}));
    EXPECT_EQ(out.sizes(), (std::vector<int64_t>{3, 10}));
    EXPECT_TRUE(torch::isfinite(out).all().item<bool>());
}

TEST(Weights, MissingOrForeignFilesFailByName) {
    auto lenet = small("lenet");
    const auto missing = std::filesystem::temp_directory_path() / "a2iot_no_such" / "base.pt";
    try {
        load_weights(lenet, missing);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("models build"), std::string::npos) << e.what();
    }
    auto alexnet = small("alexnet");
    const auto foreign = std::filesystem::temp_directory_path() / "a2iot_foreign" / "base.pt";
    save_weights(alexnet, foreign);
    try {
        load_weights(lenet, foreign);
        FAIL() << "alexnet weights loaded into lenet";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("does not fit"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(foreign.parent_path());
}

// The build writes one weights file per variant, and reloading them reproduces every accuracy
// the card records (same test images, same network): what `a2iot models eval` checks.
TEST(Weights, BuildSavesEveryVariantAndEvalReproducesTheCard) {
    ASSERT_TRUE(dataset_installed("train-images-idx3-ubyte.gz")) << kNoDataset;
    torch::set_num_threads(1);
    const auto train_all = FashionMnist::load(FashionMnist::default_dir, "train");
    const auto test_all = FashionMnist::load(FashionMnist::default_dir, "t10k");
    const auto dir = std::filesystem::temp_directory_path() / "a2iot_build_weights";
    std::filesystem::remove_all(dir);
    BuildOptions bo;
    bo.epochs = 0.5;
    bo.ft_epochs = 0.1;
    bo.admm_epochs = 0.1;
    bo.train_subset = 2000;
    bo.test_subset = 600;
    bo.reps = 1;
    bo.imagenet = false;
    bo.progress = false;
    bo.weights_dir = dir.string();
    std::ostringstream log;
    const ModelCard card = build_card("lenet", bo, train_all, test_all, log);
    ASSERT_EQ(card.variants.size(), 7u);
    for (const auto& v : card.variants) {
        const auto f = weights_file(dir, "lenet", v.name);
        ASSERT_TRUE(std::filesystem::is_regular_file(f)) << f;
        EXPECT_EQ(static_cast<std::int64_t>(std::filesystem::file_size(f)), v.size_bytes) << v.name;
    }
    const auto checks = check_card(card, {}, dir, test_all.head(600));
    ASSERT_EQ(checks.size(), card.variants.size());
    for (const auto& c : checks) {
        EXPECT_EQ(c.params, c.card_params) << c.variant;
        ASSERT_TRUE(c.card_accuracy.has_value());
        EXPECT_DOUBLE_EQ(c.accuracy, *c.card_accuracy) << c.variant;
    }
    // The pruned variants really are smaller networks after reloading.
    EXPECT_LT(checks.back().params, checks.front().params);
    EXPECT_THROW(check_card(card, {"l1-60"}, dir, test_all.head(10)), std::invalid_argument);
    std::filesystem::remove_all(dir);
}

// The committed weights (models/weights) are the ones the committed cards were measured with:
// every variant reloads with the card's parameter count and file size, and the base variant
// reproduces the card's accuracy on the full 10k test set.
class CommittedWeights : public PerModel {};

TEST_P(CommittedWeights, MatchTheCommittedCard) {
    const auto& name = GetParam();
    const auto card_path = find_card_path(name);
    const ModelCard card = ModelCard::load(card_path);
    const auto wdir = weights_dir_next_to(std::filesystem::path(card_path).parent_path());
    for (const auto& v : card.variants) {
        const auto f = weights_file(wdir, name, v.name);
        ASSERT_TRUE(std::filesystem::is_regular_file(f)) << f << " (run `a2iot models build`)";
        EXPECT_EQ(static_cast<std::int64_t>(std::filesystem::file_size(f)), v.size_bytes) << v.name;
        auto net = load_variant(card, v.name, wdir);
        std::int64_t params = 0;
        for (const auto& p : net->parameters()) params += p.numel();
        EXPECT_EQ(params, v.params) << v.name;
    }
    ASSERT_TRUE(dataset_installed("t10k-images-idx3-ubyte.gz")) << kNoDataset;
    const auto test = FashionMnist::load(FashionMnist::default_dir, "t10k");
    const auto base = check_card(card, {"base"}, wdir, test);
    ASSERT_EQ(base.size(), 1u);
    ASSERT_TRUE(base[0].card_accuracy.has_value());
    // 0.1 point: a handful of near-ties may flip between thread counts.
    EXPECT_NEAR(base[0].accuracy, *base[0].card_accuracy, 0.001);
    ASSERT_EQ(base[0].exit_accuracy.size(), base[0].card_exit_accuracy.size());
    for (std::size_t e = 0; e < base[0].exit_accuracy.size(); ++e)
        EXPECT_NEAR(base[0].exit_accuracy[e], base[0].card_exit_accuracy[e], 0.001) << e;
}

INSTANTIATE_TEST_SUITE_P(Zoo, CommittedWeights, ::testing::ValuesIn(zoo_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace a2iot::models
