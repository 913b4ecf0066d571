#include "sim/card_loader.hpp"

#include <stdexcept>

#include "common/input_error.hpp"

namespace a2iot::sim {

models::ModelCard CardLoader::load(const scenarios::ModelSpec& m) {
    if (m.synthetic)
        return models::ModelCard::synthetic(m.name, m.synthetic->flops, m.synthetic->input_bytes,
                                            m.synthetic->output_bytes);
    try {
        auto card = models::ModelCard::load(models::find_card_path(m.name));
        return m.input == "imagenet" ? card.imagenet_card() : card;
    } catch (const std::runtime_error& e) {
        throw common::InputError(m.loc.file, m.loc.line, "models." + m.name, m.name,
                                 std::string("a model with a card: ") + e.what());
    }
}

}  // namespace a2iot::sim
