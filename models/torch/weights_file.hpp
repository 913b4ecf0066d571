#pragma once
// Trained weights of one card variant on disk: every parameter and buffer of the GraphNet by
// name, in a torch archive (`models/weights/NAME/VARIANT.pt`). A pruned variant holds smaller
// tensors than the network its ZooSpec builds, so loading takes the shapes from the file and
// shrinks the modules' options to match, the same way the pruners' channel removal does.
#include <filesystem>
#include <string>

#include "models/torch/graph_net.hpp"

namespace a2iot::models {

void save_weights(GraphNet& net, const std::filesystem::path& path);

// Throws std::invalid_argument naming the file when it is missing, and std::runtime_error when
// a tensor is missing from it or its layout does not fit the network (wrong model or width).
void load_weights(GraphNet& net, const std::filesystem::path& path);

// Where `models build --out CARDS` writes, and `models eval` reads, the weights: a `weights`
// folder next to the cards folder (models/cards -> models/weights), one subfolder per model.
std::filesystem::path weights_dir_next_to(const std::filesystem::path& cards_dir);
std::filesystem::path weights_file(const std::filesystem::path& weights_dir,
                                   const std::string& model, const std::string& variant);

}  // namespace a2iot::models
