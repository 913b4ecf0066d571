#pragma once
// `models eval`: reload a card's committed weights and re-measure what the card claims, so a
// reader can check the accuracies without the 90-minute zoo build.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/card.hpp"
#include "models/torch/fashion_mnist.hpp"
#include "models/torch/graph_net.hpp"

namespace a2iot::models {

struct VariantCheck {
    std::string variant;
    std::optional<double> card_accuracy;
    double accuracy = 0;  // re-measured on the given test set
    std::int64_t card_params = 0;
    std::int64_t params = 0;  // of the reloaded network
    std::vector<double> card_exit_accuracy;
    std::vector<double> exit_accuracy;
};

// The card's architecture (zoo name at its width) with the variant's weights loaded.
GraphNet load_variant(const ModelCard& card, const std::string& variant,
                      const std::filesystem::path& weights_dir);

// Every variant in `variants` (all of the card's when empty), in card order.
std::vector<VariantCheck> check_card(const ModelCard& card,
                                     const std::vector<std::string>& variants,
                                     const std::filesystem::path& weights_dir,
                                     const FashionMnist& test);

}  // namespace a2iot::models
