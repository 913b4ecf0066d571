#pragma once
// A network as a DAG of named nodes (layers or small blocks). One generic executor runs the whole
// graph, or either side of any downward-closed cut, so partitioned inference never needs
// per-architecture code.
#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/cut.hpp"

namespace a2iot::models {

// While a counter is installed, run_seq adds the FLOPs (2 x MACs, per sample) of every conv and
// linear layer it runs. Elementwise ops (bn, relu, add, pool) are not counted, as usual.
class FlopCounter {
  public:
    FlopCounter();
    ~FlopCounter();
    FlopCounter(const FlopCounter&) = delete;
    FlopCounter& operator=(const FlopCounter&) = delete;
    double flops() const { return flops_; }
    static void add(double f);

  private:
    double flops_ = 0;
    FlopCounter* previous_;
};

// Runs a Sequential layer by layer (so that FLOPs can be counted).
torch::Tensor run_seq(torch::nn::Sequential& seq, torch::Tensor x);

// Body of one DAG node: reads the outputs of its input nodes (or the model input).
class NodeBodyImpl : public torch::nn::Module {
  public:
    virtual torch::Tensor forward(const std::vector<torch::Tensor>& xs) = 0;
};

struct GraphNode {
    std::string name;
    std::string kind;
    std::vector<int> inputs;  // earlier node indices; empty = the model input
    std::shared_ptr<NodeBodyImpl> body;
};

// An early-exit classifier (Edgent/BranchyNet) reading the output of trunk node `after_node`.
struct ExitHead {
    std::string name;
    int after_node = -1;
    torch::nn::Sequential body;
};

// L1 filter pruning unit: the producer's output channels (conv filters or linear rows) are ranked
// by L1 norm; followers (BN, depthwise conv) are sliced along the same channels; consumers
// (conv input channels, linear input columns in blocks of `spatial`) lose the matching inputs.
// Channels that meet at a residual add or a concat never form a group, which is how the
// residual/concat constraints are respected.
struct PruneGroup {
    std::shared_ptr<torch::nn::Module> producer;
    std::vector<std::shared_ptr<torch::nn::Module>> followers;
    struct Consumer {
        std::shared_ptr<torch::nn::Module> module;
        std::int64_t spatial = 1;  // linear consumers: input columns per channel
    };
    std::vector<Consumer> consumers;
};

// Device side of a partitioned run: the tensors that cross to the remote side (node id -> output;
// id -1 is the model input), plus the final output when the last node ran on the device.
struct DeviceResult {
    std::vector<std::pair<int, torch::Tensor>> boundary;
    torch::Tensor output;
};

class GraphNetImpl : public torch::nn::Module {
  public:
    int add_node(const std::string& name, const std::string& kind, std::vector<int> inputs,
                 std::shared_ptr<NodeBodyImpl> body);
    void add_exit(const std::string& name, int after_node, torch::nn::Sequential body);

    torch::Tensor forward(torch::Tensor x);
    // Every node's output (index = node id).
    std::vector<torch::Tensor> forward_all(torch::Tensor x);
    // Main output first, then one logits tensor per exit.
    std::vector<torch::Tensor> forward_with_exits(torch::Tensor x);

    DeviceResult run_device(torch::Tensor x, const Cut& cut);
    torch::Tensor run_remote(const std::vector<std::pair<int, torch::Tensor>>& boundary,
                             const Cut& cut);

    Variant skeleton() const;  // node names, kinds and edges of the card DAG

    const std::vector<GraphNode>& nodes() const { return nodes_; }
    std::vector<ExitHead>& exits() { return exits_; }
    std::vector<PruneGroup>& prune_groups() { return groups_; }

  private:
    std::vector<GraphNode> nodes_;
    std::vector<ExitHead> exits_;
    std::vector<PruneGroup> groups_;
};
TORCH_MODULE(GraphNet);

// Serialized boundary payload: a header, then each tensor's fp32 data (contiguous, little
// endian). Header: "A2BT" magic (4 bytes), tensor count (u32); per tensor: node id (i32),
// ndim (u32), dims (ndim x i64). So payload = header_bytes + sum(numel x 4).
struct BoundaryCodec {
    static std::string encode(const std::vector<std::pair<int, torch::Tensor>>& tensors);
    static std::vector<std::pair<int, torch::Tensor>> decode(const std::string& payload);
    static std::size_t header_bytes(const std::vector<std::pair<int, torch::Tensor>>& tensors);
};

}  // namespace a2iot::models
