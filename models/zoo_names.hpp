#pragma once
// The zoo's model names, defined once: the scenario loader checks `models:` entries against them
// and the torch zoo builds exactly these. Header-only and torch-free, so the loader needs no
// model library.
#include <string>
#include <vector>

namespace a2iot::models {

inline const std::vector<std::string>& zoo_names() {
    static const std::vector<std::string> names{
        "lenet", "alexnet", "vgg16", "resnet18", "mobilenet_v2", "shufflenet_v2", "googlenet"};
    return names;
}

}  // namespace a2iot::models
