#pragma once
// DeepThings' Fused Tile Partitioning (Zhao et al., TCAD'18) as a cost model over a model card.
// The first `fused` nodes of a variant (a chain of sliding-window layers from the model input)
// are cut into a rows x cols grid of tiles over the last fused node's output map. Each tile is
// traced back layer by layer to the input region it needs (its receptive field, halo included),
// so a tile is independent work: its input crop in, its output patch out. Overlapping halos are
// recomputed by neighbouring tiles: the tiles' FLOPs sum to more than the untiled prefix.
#include <cstdint>
#include <vector>

#include "models/card.hpp"

namespace a2iot::sim {

struct TileWork {
    int row = 0, col = 0;
    double flops = 0;               // of the fused nodes, restricted to this tile (2 x MACs)
    std::int64_t input_bytes = 0;   // fp32 crop of the model input the tile reads
    std::int64_t output_bytes = 0;  // fp32 patch of the last fused node's output
};

// A half-open pixel range [begin, end).
struct PixelRange {
    std::int64_t begin = 0, end = 0;
    std::int64_t size() const { return end - begin; }
};

class FusedTilePlan {
  public:
    // The longest prefix that can be tiled: node i reads node i-1 (node 0 the model input), has a
    // sliding window and a C x H x W output, and input_shape is C x H x W. 0 when none.
    static int max_fusable(const models::Variant& v, const std::vector<std::int64_t>& input_shape);

    // Throws std::invalid_argument when fused is not in 1..max_fusable or the grid is larger than
    // the output map.
    FusedTilePlan(const models::Variant& v, const std::vector<std::int64_t>& input_shape, int fused,
                  int rows, int cols);

    // The input range one layer needs for an output range: [b*s - p, (e-1)*s - p + k), clipped.
    static PixelRange input_range(PixelRange out, const models::LayerNode::Window& w,
                                  std::int64_t in_size);
    // Row (or column) r of n over a map of `size` pixels: [floor(r size / n), floor((r+1) size /
    // n)).
    static PixelRange split(std::int64_t size, int n, int r);

    const std::vector<TileWork>& tiles() const { return tiles_; }
    int fused() const { return fused_; }
    int rows() const { return rows_; }
    int cols() const { return cols_; }
    double fused_flops() const { return fused_flops_; }  // the prefix run whole
    double tiled_flops() const;                          // sum over tiles, >= fused_flops()
    // The gathered output of the last fused node (what the next node reads).
    std::int64_t gathered_bytes() const { return gathered_bytes_; }

  private:
    int fused_ = 0, rows_ = 1, cols_ = 1;
    double fused_flops_ = 0;
    std::int64_t gathered_bytes_ = 0;
    std::vector<TileWork> tiles_;
};

}  // namespace a2iot::sim
