#include "sim/policies/fused_tile_plan.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace a2iot::sim {

int FusedTilePlan::max_fusable(const models::Variant& v,
                               const std::vector<std::int64_t>& input_shape) {
    if (input_shape.size() != 3) return 0;
    int n = 0;
    for (std::size_t i = 0; i < v.layers.size(); ++i) {
        const auto& l = v.layers[i];
        const bool reads_previous =
            i == 0 ? l.inputs.empty() : l.inputs == std::vector<int>{static_cast<int>(i) - 1};
        if (!reads_previous || l.window.kernel <= 0 || l.output_shape.size() != 3) break;
        // A later node must not read into the fused prefix past its last node (a skip edge
        // would need a tile's intermediate map, which is not gathered).
        bool skipped = false;
        for (std::size_t j = i + 2; j < v.layers.size() && !skipped; ++j)
            for (int in : v.layers[j].inputs)
                if (in == static_cast<int>(i) && j != i + 1) skipped = true;
        n = static_cast<int>(i) + 1;
        if (skipped) break;
    }
    return n;
}

PixelRange FusedTilePlan::input_range(PixelRange out, const models::LayerNode::Window& w,
                                      std::int64_t in_size) {
    PixelRange in;
    in.begin = std::max<std::int64_t>(0, out.begin * w.stride - w.padding);
    in.end = std::min<std::int64_t>(in_size, (out.end - 1) * w.stride - w.padding + w.kernel);
    if (in.end < in.begin) in.end = in.begin;
    return in;
}

PixelRange FusedTilePlan::split(std::int64_t size, int n, int r) {
    return {size * r / n, size * (r + 1) / n};
}

FusedTilePlan::FusedTilePlan(const models::Variant& v, const std::vector<std::int64_t>& input_shape,
                             int fused, int rows, int cols)
    : fused_(fused), rows_(rows), cols_(cols) {
    const int max = max_fusable(v, input_shape);
    if (fused < 1 || fused > max)
        throw std::invalid_argument("fused tile partitioning: " + std::to_string(fused) +
                                    " fused nodes, the variant allows 1.." + std::to_string(max));
    const auto& last = v.layers[static_cast<std::size_t>(fused - 1)].output_shape;
    if (rows < 1 || cols < 1 || rows > last[1] || cols > last[2])
        throw std::invalid_argument(
            "fused tile partitioning: a " + std::to_string(rows) + "x" + std::to_string(cols) +
            " grid over a " + std::to_string(last[1]) + "x" + std::to_string(last[2]) + " map");
    for (int i = 0; i < fused; ++i) fused_flops_ += v.layers[static_cast<std::size_t>(i)].flops;
    gathered_bytes_ = last[0] * last[1] * last[2] * 4;
    // Map height/width at each node's input: node 0 reads the model input.
    auto in_shape = [&](int i) -> const std::vector<std::int64_t>& {
        return i == 0 ? input_shape : v.layers[static_cast<std::size_t>(i - 1)].output_shape;
    };
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            TileWork t;
            t.row = r;
            t.col = c;
            PixelRange ys = split(last[1], rows, r), xs = split(last[2], cols, c);
            t.output_bytes = last[0] * ys.size() * xs.size() * 4;
            for (int i = fused - 1; i >= 0; --i) {
                const auto& l = v.layers[static_cast<std::size_t>(i)];
                const double area = static_cast<double>(l.output_shape[1] * l.output_shape[2]);
                // Conv FLOPs are proportional to the output pixels computed.
                t.flops += l.flops * static_cast<double>(ys.size() * xs.size()) / area;
                ys = input_range(ys, l.window, in_shape(i)[1]);
                xs = input_range(xs, l.window, in_shape(i)[2]);
            }
            t.input_bytes = input_shape[0] * ys.size() * xs.size() * 4;
            tiles_.push_back(t);
        }
    }
}

double FusedTilePlan::tiled_flops() const {
    double f = 0;
    for (const auto& t : tiles_) f += t.flops;
    return f;
}

}  // namespace a2iot::sim
