#include "models/torch/card_eval.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/torch/trainer.hpp"
#include "models/torch/weights_file.hpp"
#include "models/torch/zoo.hpp"

namespace a2iot::models {

GraphNet load_variant(const ModelCard& card, const std::string& variant,
                      const std::filesystem::path& weights_dir) {
    ZooSpec spec;
    spec.name = card.name;
    spec.width = card.width_mult;
    GraphNet net = build_model(spec);
    load_weights(net, weights_file(weights_dir, card.name, variant));
    net->eval();
    return net;
}

std::vector<VariantCheck> check_card(const ModelCard& card,
                                     const std::vector<std::string>& variants,
                                     const std::filesystem::path& weights_dir,
                                     const FashionMnist& test) {
    for (const auto& want : variants)
        if (std::none_of(card.variants.begin(), card.variants.end(),
                         [&](const Variant& v) { return v.name == want; }))
            throw std::invalid_argument("model '" + card.name + "' has no variant '" + want + "'");
    std::vector<VariantCheck> out;
    for (const auto& v : card.variants) {
        if (!variants.empty() &&
            std::find(variants.begin(), variants.end(), v.name) == variants.end())
            continue;
        GraphNet net = load_variant(card, v.name, weights_dir);
        VariantCheck c;
        c.variant = v.name;
        c.card_accuracy = v.accuracy;
        c.card_params = v.params;
        for (const auto& p : net->parameters()) c.params += p.numel();
        c.accuracy = evaluate(net, test);
        if (!v.exits.empty()) {
            for (const auto& e : v.exits) c.card_exit_accuracy.push_back(e.accuracy);
            for (const auto& e : evaluate_exits(net, test, {}))
                c.exit_accuracy.push_back(e.accuracy);
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace a2iot::models
