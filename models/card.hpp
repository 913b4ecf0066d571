#pragma once
// Model cards: the plain-data description of a trained model family that sim/ and the policies
// use. Torch-free on purpose: everything outside models/ sees models only through this header.
// Written by `a2iot models build` as models/cards/NAME.json.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace a2iot::models {

// A node of the layer DAG: one layer or one block (e.g. a residual block, an inception module).
// Nodes are stored in a topological order; node i's inputs are indices < i. The model input is
// not a node: a node with no inputs reads the input tensor.
struct LayerNode {
    std::string name;
    std::string kind;  // conv | bn | relu | pool | linear | residual | inverted_residual |
                       // shuffle_unit | inception | flatten | exit | ...
    double flops = 0;  // 2 x MACs, batch 1
    std::int64_t params = 0;
    std::int64_t output_bytes = 0;  // fp32, batch 1
    double host_latency_s = 0;      // median measured on the build host, batch 1
    std::vector<int> inputs;        // indices of producer nodes
    // Spatial geometry, for tiling (DeepThings' fused tile partitioning). output_shape is
    // {C, H, W} at batch 1 (empty when unknown or not a feature map). window is the node's whole
    // body composed into one sliding window over its input (conv 3/1/1 then pool 2/2/0 gives
    // kernel 4, stride 2, padding 1); kernel 0 = the node is not a pure sliding-window op
    // (linear, flatten, global pool, residual/concat blocks), so tiles cannot cross it.
    std::vector<std::int64_t> output_shape;
    struct Window {
        int kernel = 0;
        int stride = 1;
        int padding = 0;
    } window;
};

struct ExitThreshold {
    double threshold = 0;  // softmax confidence
    double exit_rate = 0;  // fraction of test samples leaving at this exit
    double accuracy = 0;   // accuracy of those that leave
};

// An early-exit branch (Edgent). It attaches after node `after_node` of the main trunk.
struct ExitBranch {
    std::string name;
    int after_node = -1;
    double flops = 0;  // of the branch itself
    double host_latency_s = 0;
    double accuracy = 0;  // if every sample exits here
    std::vector<ExitThreshold> thresholds;
};

struct Variant {
    std::string name;                // base | l1-25 | l1-50 | admm-50 | ...
    std::optional<double> accuracy;  // top-1 on the 10k Fashion-MNIST test set
    std::int64_t params = 0;
    std::int64_t size_bytes = 0;  // serialized weights
    double flops = 0;
    double host_latency_s = 0;     // whole forward pass, batch 1
    std::int64_t input_bytes = 0;  // fp32 input tensor, batch 1
    std::int64_t output_bytes = 0;
    std::int64_t memory_bytes = 0;  // weights + peak activations: what must fit on a device
    std::vector<LayerNode> layers;
    std::vector<ExitBranch> exits;

    bool is_chain() const;  // every node reads exactly the previous one
};

// Full-width architecture at 3x224x224 (untrained: accuracy unknown). Lets scenarios study
// camera-sized workloads with the same DAG shape.
struct ImagenetProfile {
    double flops = 0;
    std::int64_t params = 0;
    std::int64_t input_bytes = 0;
    double host_latency_s = 0;
    std::vector<LayerNode> layers;

    // The profile as a runnable variant named `base`: weights are fp32 params, memory is weights
    // plus peak live activations (the same walk the profiler does), accuracy unknown.
    Variant as_variant() const;
};

struct ModelCard {
    std::string
        name;  // lenet | alexnet | vgg16 | resnet18 | mobilenet_v2 | shufflenet_v2 | googlenet
    std::string family;
    double width_mult = 1.0;
    std::vector<std::int64_t> input_shape;  // e.g. {1, 28, 28}
    std::vector<Variant> variants;
    std::optional<ImagenetProfile> imagenet;
    std::string build_settings_json;  // opaque JSON text: epochs, lr, seed, threads, ...
    std::string built_at;             // ISO date
    std::string host;                 // CPU of the build host (latencies are relative to it)
    double host_flops_per_s = 0;      // effective host speed measured on the card's own layers

    const Variant* variant(const std::string& name) const;  // nullptr if absent

    // Throws std::runtime_error naming the file and the problem.
    static ModelCard load(const std::string& path);
    void save(const std::string& path) const;
    static ModelCard from_json_text(const std::string& text, const std::string& origin);
    std::string to_json_text() const;

    // A one-node card for `synthetic:` models: one opaque task (as classic edge simulators
    // model work). Its only cuts are "all local" and "all remote".
    // The card a scenario with `input: imagenet` uses: same name and family, one variant
    // (as_variant()), input 3x224x224. Throws std::runtime_error when there is no profile.
    ModelCard imagenet_card() const;

    static ModelCard synthetic(const std::string& name, double flops, double input_bytes,
                               double output_bytes);
};

// Peak fp32 bytes alive during a batch-1 forward pass over `layers` (topological order, as in a
// Variant), each tensor, the model input included, freed after its last reader. The activation
// part of a variant's memory_bytes.
std::int64_t peak_activation_bytes(const std::vector<LayerNode>& layers, std::int64_t input_bytes);

// Finds models/cards/NAME.json: $A2IOT_CARDS, then the source tree's models/cards (compiled in),
// then ./models/cards. Throws std::runtime_error listing where it looked.
std::string find_card_path(const std::string& name);

// The directories find_card_path searches, in order (existing or not).
std::vector<std::string> card_dirs();

}  // namespace a2iot::models
