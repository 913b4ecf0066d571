#pragma once
// Fashion-MNIST from Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/*.gz).
// Images are zero-padded from 28x28 to 32x32 (CIFAR-style networks) and normalised.
#include <torch/torch.h>

#include <string>

namespace a2iot::models {

struct FashionMnist {
    torch::Tensor images;  // [N, 1, 32, 32] float
    torch::Tensor labels;  // [N] int64

    static constexpr const char* default_dir = "/usr/share/datasets/fashion-mnist";

    // split: "train" (60k) or "t10k" (10k). Throws std::runtime_error naming the Debian package
    // when the files are missing, or the file when it is corrupt.
    static FashionMnist load(const std::string& dir, const std::string& split);

    // The first n samples (all when n <= 0 or n >= size).
    FashionMnist head(std::int64_t n) const;
    std::int64_t size() const { return labels.size(0); }
};

}  // namespace a2iot::models
