#include "models/torch/weights_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace a2iot::models {

namespace fs = std::filesystem;
namespace nn = torch::nn;

void save_weights(GraphNet& net, const fs::path& path) {
    // Through a stream, not torch::save(net, filename): the archive's inner folder is named after
    // the file, and the stream form is the one whose size the card records as size_bytes.
    std::ostringstream os;
    torch::save(net, os);
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << os.str();
    if (!out.flush()) throw std::runtime_error("cannot write weights file " + path.string());
}

namespace {
// The archive restores tensors at their saved (possibly pruned) shapes; the options are what
// summaries and later pruning read, so they must say the same. Depthwise convs are the only
// grouped convs in the zoo (the pruner refuses others), so groups follow the channel count.
void fit_options_to_tensors(GraphNet& net) {
    for (auto& m : net->modules(false)) {
        if (auto c = std::dynamic_pointer_cast<nn::Conv2dImpl>(m)) {
            const auto out = c->weight.size(0);
            c->options.out_channels(out);
            if (c->options.groups() > 1) {
                c->options.in_channels(out);
                c->options.groups(out);
            } else {
                c->options.in_channels(c->weight.size(1));
            }
        } else if (auto l = std::dynamic_pointer_cast<nn::LinearImpl>(m)) {
            l->options.out_features(l->weight.size(0));
            l->options.in_features(l->weight.size(1));
        } else if (auto bn = std::dynamic_pointer_cast<nn::BatchNorm2dImpl>(m)) {
            bn->options.num_features(bn->running_mean.size(0));
        }
    }
}
}  // namespace

void load_weights(GraphNet& net, const fs::path& path) {
    if (!fs::is_regular_file(path))
        throw std::invalid_argument("weights file " + path.string() +
                                    " not found (`a2iot models build NAME` writes it)");
    try {
        torch::NoGradGuard no_grad;
        torch::load(net, path.string());
    } catch (const c10::Error& e) {
        throw std::runtime_error("weights file " + path.string() +
                                 " does not fit this network: " + e.what_without_backtrace());
    }
    fit_options_to_tensors(net);
}

fs::path weights_dir_next_to(const fs::path& cards_dir) {
    fs::path d = cards_dir;
    if (d.filename().empty()) d = d.parent_path();  // "models/cards/"
    return d.parent_path() / "weights";
}

fs::path weights_file(const fs::path& weights_dir, const std::string& model,
                      const std::string& variant) {
    return weights_dir / model / (variant + ".pt");
}

}  // namespace a2iot::models
