#pragma once
// Precompiled header shared by every torch translation unit: <torch/torch.h> costs ~38 s per unit
// without it and ~14 s with it.
#include <torch/torch.h>
