#include "models/card.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace a2iot::models {

using nlohmann::json;

// ADL hooks: the JSON field names are the struct member names, so a card file reads like the
// header. Missing optional fields take the struct defaults, which keeps older cards loadable.
void to_json(json& j, const LayerNode& n) {
    j = json{{"name", n.name},
             {"kind", n.kind},
             {"flops", n.flops},
             {"params", n.params},
             {"output_bytes", n.output_bytes},
             {"host_latency_s", n.host_latency_s},
             {"inputs", n.inputs}};
    if (!n.output_shape.empty()) j["output_shape"] = n.output_shape;
    if (n.window.kernel > 0)
        j["window"] = json{{"kernel", n.window.kernel},
                           {"stride", n.window.stride},
                           {"padding", n.window.padding}};
}

void from_json(const json& j, LayerNode& n) {
    j.at("name").get_to(n.name);
    j.at("kind").get_to(n.kind);
    n.flops = j.value("flops", 0.0);
    n.params = j.value("params", std::int64_t{0});
    n.output_bytes = j.value("output_bytes", std::int64_t{0});
    n.host_latency_s = j.value("host_latency_s", 0.0);
    n.inputs = j.value("inputs", std::vector<int>{});
    n.output_shape = j.value("output_shape", std::vector<std::int64_t>{});
    if (j.contains("window")) {
        const auto& w = j.at("window");
        n.window.kernel = w.value("kernel", 0);
        n.window.stride = w.value("stride", 1);
        n.window.padding = w.value("padding", 0);
    }
}

void to_json(json& j, const ExitThreshold& t) {
    j = json{{"threshold", t.threshold}, {"exit_rate", t.exit_rate}, {"accuracy", t.accuracy}};
}

void from_json(const json& j, ExitThreshold& t) {
    j.at("threshold").get_to(t.threshold);
    j.at("exit_rate").get_to(t.exit_rate);
    j.at("accuracy").get_to(t.accuracy);
}

void to_json(json& j, const ExitBranch& e) {
    j = json{{"name", e.name},         {"after_node", e.after_node},
             {"flops", e.flops},       {"host_latency_s", e.host_latency_s},
             {"accuracy", e.accuracy}, {"thresholds", e.thresholds}};
}

void from_json(const json& j, ExitBranch& e) {
    j.at("name").get_to(e.name);
    j.at("after_node").get_to(e.after_node);
    e.flops = j.value("flops", 0.0);
    e.host_latency_s = j.value("host_latency_s", 0.0);
    e.accuracy = j.value("accuracy", 0.0);
    e.thresholds = j.value("thresholds", std::vector<ExitThreshold>{});
}

void to_json(json& j, const Variant& v) {
    j = json{{"name", v.name},
             {"accuracy", v.accuracy ? json(*v.accuracy) : json(nullptr)},
             {"params", v.params},
             {"size_bytes", v.size_bytes},
             {"flops", v.flops},
             {"host_latency_s", v.host_latency_s},
             {"input_bytes", v.input_bytes},
             {"output_bytes", v.output_bytes},
             {"memory_bytes", v.memory_bytes},
             {"layers", v.layers},
             {"exits", v.exits}};
}

void from_json(const json& j, Variant& v) {
    j.at("name").get_to(v.name);
    if (j.contains("accuracy") && !j.at("accuracy").is_null())
        v.accuracy = j.at("accuracy").get<double>();
    else
        v.accuracy.reset();
    v.params = j.value("params", std::int64_t{0});
    v.size_bytes = j.value("size_bytes", std::int64_t{0});
    v.flops = j.value("flops", 0.0);
    v.host_latency_s = j.value("host_latency_s", 0.0);
    v.input_bytes = j.value("input_bytes", std::int64_t{0});
    v.output_bytes = j.value("output_bytes", std::int64_t{0});
    v.memory_bytes = j.value("memory_bytes", std::int64_t{0});
    j.at("layers").get_to(v.layers);
    v.exits = j.value("exits", std::vector<ExitBranch>{});
}

void to_json(json& j, const ImagenetProfile& p) {
    j = json{{"flops", p.flops},
             {"params", p.params},
             {"input_bytes", p.input_bytes},
             {"host_latency_s", p.host_latency_s},
             {"accuracy", nullptr},  // untrained full-width network: accuracy is unknown
             {"layers", p.layers}};
}

void from_json(const json& j, ImagenetProfile& p) {
    p.flops = j.value("flops", 0.0);
    p.params = j.value("params", std::int64_t{0});
    p.input_bytes = j.value("input_bytes", std::int64_t{0});
    p.host_latency_s = j.value("host_latency_s", 0.0);
    p.layers = j.value("layers", std::vector<LayerNode>{});
}

namespace {

// Structural checks that the JSON schema cannot express but every consumer relies on: inputs
// point backwards (topological order), and exits attach to an existing trunk node.
void validate(const ModelCard& card, const std::string& origin) {
    auto fail = [&](const std::string& what) {
        throw std::runtime_error(origin + ": model card '" + card.name + "': " + what);
    };
    if (card.name.empty()) fail("empty name");
    if (card.variants.empty()) fail("no variants");
    for (const auto& v : card.variants) {
        if (v.layers.empty()) fail("variant '" + v.name + "' has no layers");
        for (std::size_t i = 0; i < v.layers.size(); ++i)
            for (int in : v.layers[i].inputs)
                if (in < 0 || static_cast<std::size_t>(in) >= i)
                    fail("variant '" + v.name + "' node '" + v.layers[i].name + "' input " +
                         std::to_string(in) + " is not an earlier node");
        for (const auto& n : v.layers)
            if (n.window.kernel > 0 && (n.window.stride < 1 || n.window.padding < 0))
                fail("variant '" + v.name + "' node '" + n.name +
                     "' window needs stride >= 1 and padding >= 0");
        for (const auto& e : v.exits)
            if (e.after_node < 0 || static_cast<std::size_t>(e.after_node) >= v.layers.size())
                fail("variant '" + v.name + "' exit '" + e.name + "' after_node " +
                     std::to_string(e.after_node) + " is out of range");
    }
}

}  // namespace

bool Variant::is_chain() const {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto& in = layers[i].inputs;
        if (i == 0) {
            if (!in.empty()) return false;
        } else if (in.size() != 1 || in[0] != static_cast<int>(i) - 1) {
            return false;
        }
    }
    return true;
}

const Variant* ModelCard::variant(const std::string& variant_name) const {
    for (const auto& v : variants)
        if (v.name == variant_name) return &v;
    return nullptr;
}

std::string ModelCard::to_json_text() const {
    json j{{"name", name},
           {"family", family},
           {"width_mult", width_mult},
           {"input_shape", input_shape},
           {"built_at", built_at},
           {"host", host},
           {"host_flops_per_s", host_flops_per_s},
           {"variants", variants}};
    j["build_settings"] =
        build_settings_json.empty() ? json(nullptr) : json::parse(build_settings_json);
    j["imagenet"] = imagenet ? json(*imagenet) : json(nullptr);
    return j.dump(1);
}

ModelCard ModelCard::from_json_text(const std::string& text, const std::string& origin) {
    ModelCard card;
    try {
        const json j = json::parse(text);
        j.at("name").get_to(card.name);
        card.family = j.value("family", card.name);
        card.width_mult = j.value("width_mult", 1.0);
        card.input_shape = j.value("input_shape", std::vector<std::int64_t>{});
        card.built_at = j.value("built_at", std::string{});
        card.host = j.value("host", std::string{});
        card.host_flops_per_s = j.value("host_flops_per_s", 0.0);
        j.at("variants").get_to(card.variants);
        if (j.contains("build_settings") && !j.at("build_settings").is_null())
            card.build_settings_json = j.at("build_settings").dump();
        if (j.contains("imagenet") && !j.at("imagenet").is_null())
            card.imagenet = j.at("imagenet").get<ImagenetProfile>();
    } catch (const json::exception& e) {
        throw std::runtime_error(origin + ": not a valid model card: " + e.what());
    }
    validate(card, origin);
    return card;
}

ModelCard ModelCard::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open model card");
    std::ostringstream text;
    text << in.rdbuf();
    return from_json_text(text.str(), path);
}

void ModelCard::save(const std::string& path) const {
    // Write to a temporary name and rename, so a reader never sees a half-written card.
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) throw std::runtime_error(path + ": cannot write model card");
        out << to_json_text() << '\n';
        if (!out) throw std::runtime_error(path + ": write failed");
    }
    std::filesystem::rename(tmp, path);
}

Variant ImagenetProfile::as_variant() const {
    Variant v;
    v.name = "base";
    v.flops = flops;
    v.params = params;
    v.size_bytes = params * 4;
    v.host_latency_s = host_latency_s;
    v.input_bytes = input_bytes;
    v.layers = layers;
    v.output_bytes = layers.empty() ? 0 : layers.back().output_bytes;
    v.memory_bytes = v.size_bytes + peak_activation_bytes(layers, input_bytes);
    return v;
}

std::int64_t peak_activation_bytes(const std::vector<LayerNode>& layers, std::int64_t input_bytes) {
    std::vector<int> last_use(layers.size(), -1);
    int input_last = -1;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].inputs.empty()) input_last = static_cast<int>(i);
        for (int in : layers[i].inputs)
            last_use[static_cast<std::size_t>(in)] = static_cast<int>(i);
    }
    std::int64_t live = input_bytes, peak = live;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        live += layers[i].output_bytes;
        peak = std::max(peak, live);
        if (input_last == static_cast<int>(i)) live -= input_bytes;
        for (std::size_t p = 0; p < i; ++p)
            if (last_use[p] == static_cast<int>(i)) live -= layers[p].output_bytes;
    }
    return peak;
}

ModelCard ModelCard::imagenet_card() const {
    if (!imagenet) throw std::runtime_error("model card '" + name + "' has no ImageNet profile");
    ModelCard c;
    c.name = name;
    c.family = family;
    c.width_mult = 1.0;
    c.input_shape = {3, 224, 224};
    c.variants.push_back(imagenet->as_variant());
    c.build_settings_json = build_settings_json;
    c.built_at = built_at;
    c.host = host;
    // The effective host speed on these layers, as for the trained variants: big 224x224 convs
    // run far closer to peak than the Fashion-MNIST ones, so the small card's figure would make
    // latency predictors (Neurosurgeon's regression) overestimate their speed.
    c.host_flops_per_s = imagenet->host_latency_s > 0 ? imagenet->flops / imagenet->host_latency_s
                                                      : host_flops_per_s;
    return c;
}

ModelCard ModelCard::synthetic(const std::string& name, double flops, double input_bytes,
                               double output_bytes) {
    ModelCard card;
    card.name = name;
    card.family = "synthetic";
    Variant v;
    v.name = "base";
    v.flops = flops;
    v.input_bytes = static_cast<std::int64_t>(input_bytes);
    v.output_bytes = static_cast<std::int64_t>(output_bytes);
    LayerNode task;
    task.name = "task";
    task.kind = "task";
    task.flops = flops;
    task.output_bytes = v.output_bytes;
    v.layers.push_back(task);
    card.variants.push_back(std::move(v));
    return card;
}

std::vector<std::string> card_dirs() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("A2IOT_CARDS"); env && *env) dirs.emplace_back(env);
#ifdef A2IOT_CARDS_DIR
    dirs.emplace_back(A2IOT_CARDS_DIR);
#endif
    dirs.emplace_back("models/cards");
    return dirs;
}

std::string find_card_path(const std::string& name) {
    namespace fs = std::filesystem;
    std::string looked;
    for (const auto& d : card_dirs()) {
        const fs::path p = fs::path(d) / (name + ".json");
        if (fs::is_regular_file(p)) return p.string();
        looked += (looked.empty() ? "" : ", ") + p.string();
    }
    throw std::runtime_error("model card '" + name + "' not found (looked in " + looked + ")");
}

}  // namespace a2iot::models
