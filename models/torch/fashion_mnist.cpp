#include "models/torch/fashion_mnist.hpp"

#include <zlib.h>

#include <filesystem>
#include <stdexcept>
#include <vector>

namespace a2iot::models {

namespace {

std::vector<unsigned char> read_gz(const std::string& path) {
    if (!std::filesystem::is_regular_file(path))
        throw std::runtime_error(
            path +
            " not found: Fashion-MNIST is missing; install the Debian package "
            "dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist)");
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw std::runtime_error(path + ": cannot open");
    std::vector<unsigned char> out;
    unsigned char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.insert(out.end(), buf, buf + n);
    const bool failed = n < 0;
    gzclose(f);
    if (failed) throw std::runtime_error(path + ": corrupt gzip data");
    return out;
}

std::uint32_t be32(const std::vector<unsigned char>& b, std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
           (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

}  // namespace

FashionMnist FashionMnist::load(const std::string& dir, const std::string& split) {
    if (split != "train" && split != "t10k")
        throw std::invalid_argument("Fashion-MNIST split must be train or t10k");
    const std::string ipath = dir + "/" + split + "-images-idx3-ubyte.gz";
    const std::string lpath = dir + "/" + split + "-labels-idx1-ubyte.gz";
    const auto img = read_gz(ipath);
    const auto lab = read_gz(lpath);
    // IDX format: big-endian magic 2051 (images) / 2049 (labels), then the dimensions.
    if (img.size() < 16 || be32(img, 0) != 2051)
        throw std::runtime_error(ipath + ": not an IDX image file");
    if (lab.size() < 8 || be32(lab, 0) != 2049)
        throw std::runtime_error(lpath + ": not an IDX label file");
    const std::int64_t n = be32(img, 4), rows = be32(img, 8), cols = be32(img, 12);
    if (rows != 28 || cols != 28 || img.size() != 16 + static_cast<std::size_t>(n * 28 * 28))
        throw std::runtime_error(ipath + ": unexpected image size");
    if (be32(lab, 4) != n || lab.size() != 8 + static_cast<std::size_t>(n))
        throw std::runtime_error(lpath + ": label count does not match " + ipath);

    FashionMnist d;
    auto raw =
        torch::from_blob(const_cast<unsigned char*>(img.data() + 16), {n, 1, 28, 28}, torch::kUInt8)
            .to(torch::kFloat32)
            .div_(255.0);
    // Normalise with the training-set mean/std, then pad: the border is "background" (0 before
    // normalisation), as a 32x32 canvas around the 28x28 item.
    constexpr double mean = 0.2860, stddev = 0.3530;
    raw = (raw - mean) / stddev;
    d.images = torch::constant_pad_nd(raw, {2, 2, 2, 2}, -mean / stddev).contiguous();
    d.labels = torch::from_blob(const_cast<unsigned char*>(lab.data() + 8), {n}, torch::kUInt8)
                   .to(torch::kInt64);
    return d;
}

FashionMnist FashionMnist::head(std::int64_t n) const {
    if (n <= 0 || n >= size()) return *this;
    return {images.narrow(0, 0, n), labels.narrow(0, 0, n)};
}

}  // namespace a2iot::models
