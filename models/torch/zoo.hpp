#pragma once
// The model zoo: CIFAR-style adaptations of classic CNN families for 1x32x32 Fashion-MNIST
// (28x28 images zero-padded to 32x32), with a width multiplier, and the full-width ImageNet
// versions (3x224x224, 1000 classes) used only for profiling.
#include <string>
#include <vector>

#include "models/torch/graph_net.hpp"

#include "models/zoo_names.hpp"  // zoo_names(): lenet first, then the six families

namespace a2iot::models {

struct ZooSpec {
    std::string name;
    double width = 1.0;
    std::int64_t in_channels = 1;
    std::int64_t hw = 32;
    std::int64_t classes = 10;
    bool imagenet = false;  // ImageNet stems and classifiers (strided stems, 4096-wide FCs)
    bool exits = true;      // attach the early-exit heads (alexnet, vgg16)

    static ZooSpec imagenet_full(const std::string& name);
};

GraphNet build_model(const ZooSpec& spec);
std::string zoo_family(const std::string& name);

}  // namespace a2iot::models
