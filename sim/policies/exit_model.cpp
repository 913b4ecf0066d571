#include "sim/policies/exit_model.hpp"

#include <algorithm>
#include <stdexcept>

namespace a2iot::sim {

ExitModel::ExitModel(const models::Variant& v, int exit)
    : full_size_(v.layers.size()), exit_(exit) {
    if (exit < 0) {
        truncated_ = v;
        for (std::size_t i = 0; i < v.layers.size(); ++i) original_.push_back(static_cast<int>(i));
        accuracy_ = v.accuracy.value_or(-1.0);
        return;
    }
    if (static_cast<std::size_t>(exit) >= v.exits.size())
        throw std::out_of_range("ExitModel: no exit " + std::to_string(exit) + " in " + v.name);
    const models::ExitBranch& branch = v.exits[static_cast<std::size_t>(exit)];
    if (branch.after_node < 0 || static_cast<std::size_t>(branch.after_node) >= v.layers.size())
        throw std::out_of_range("ExitModel: exit " + branch.name + " after a missing node");
    accuracy_ = branch.accuracy;
    // Ancestors of the exit's trunk node; node inputs have lower indices, so one backward pass.
    std::vector<bool> keep(v.layers.size(), false);
    keep[static_cast<std::size_t>(branch.after_node)] = true;
    for (int i = branch.after_node; i >= 0; --i)
        if (keep[static_cast<std::size_t>(i)])
            for (int p : v.layers[static_cast<std::size_t>(i)].inputs)
                keep[static_cast<std::size_t>(p)] = true;
    std::vector<int> index(v.layers.size(), -1);
    truncated_.name = v.name;
    truncated_.accuracy = branch.accuracy;
    truncated_.input_bytes = v.input_bytes;
    truncated_.output_bytes = v.output_bytes;
    truncated_.memory_bytes = 0;
    for (std::size_t i = 0; i <= static_cast<std::size_t>(branch.after_node); ++i) {
        if (!keep[i]) continue;
        models::LayerNode n = v.layers[i];
        for (int& p : n.inputs) p = index[static_cast<std::size_t>(p)];
        index[i] = static_cast<int>(truncated_.layers.size());
        original_.push_back(static_cast<int>(i));
        truncated_.flops += n.flops;
        truncated_.params += n.params;
        truncated_.layers.push_back(std::move(n));
    }
    models::LayerNode head;
    head.name = branch.name;
    head.kind = "exit";
    head.flops = branch.flops;
    head.host_latency_s = branch.host_latency_s;
    head.output_bytes = v.output_bytes;
    head.inputs = {index[static_cast<std::size_t>(branch.after_node)]};
    truncated_.flops += head.flops;
    truncated_.layers.push_back(std::move(head));
    original_.push_back(-1);
    // The simulator loads the whole variant on a device that runs any of it, exit or not.
    truncated_.memory_bytes = v.memory_bytes;
    truncated_.size_bytes = 4 * truncated_.params;
}

models::Cut ExitModel::from_full_cut(const models::Cut& full) const {
    models::Cut cut = models::Cut::all_remote(original_.size());
    for (std::size_t i = 0; i < original_.size(); ++i) {
        if (original_[i] >= 0) {
            cut.on_device[i] = full.on_device.at(static_cast<std::size_t>(original_[i]));
        } else {
            cut.on_device[i] = i > 0 && cut.on_device[i - 1];  // the branch follows its trunk node
        }
    }
    return cut;
}

models::Cut ExitModel::to_full_cut(const models::Cut& cut) const {
    models::Cut full = models::Cut::all_remote(full_size_);
    for (std::size_t i = 0; i < cut.on_device.size() && i < original_.size(); ++i)
        if (original_[i] >= 0)
            full.on_device[static_cast<std::size_t>(original_[i])] = cut.on_device[i];
    return full;
}

}  // namespace a2iot::sim
