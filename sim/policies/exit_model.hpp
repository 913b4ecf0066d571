#pragma once
// The model an early exit leaves to run (Edgent's "right-sized" model): the exit's trunk node
// and its ancestors, in their original topological order, followed by the exit branch as one
// node. Being an ordinary Variant, it goes through the same cut functions and cost model.
#include <vector>

#include "models/card.hpp"
#include "models/cut.hpp"

namespace a2iot::sim {

class ExitModel {
  public:
    // exit = -1 is the full model. Throws std::out_of_range for a bad exit index.
    ExitModel(const models::Variant& v, int exit);

    const models::Variant& variant() const { return truncated_; }
    int exit() const { return exit_; }
    double accuracy() const { return accuracy_; }  // -1 when unknown
    // Expresses a cut of the truncated model over the full variant's layers. Trunk nodes past
    // the exit are not run at all; they are marked off-device (the Decision's `exit` says so).
    models::Cut to_full_cut(const models::Cut& cut) const;
    // The inverse, for a runtime that honours Decision::exit: the truncated model's cut, with the
    // branch on the side of its trunk node. Run `variant()` with it (FLOPs, bytes via cut.hpp).
    models::Cut from_full_cut(const models::Cut& full) const;

  private:
    models::Variant truncated_;
    std::vector<int> original_;  // truncated node -> full node (-1 for the exit branch)
    std::size_t full_size_ = 0;
    int exit_ = -1;
    double accuracy_ = -1;
};

}  // namespace a2iot::sim
