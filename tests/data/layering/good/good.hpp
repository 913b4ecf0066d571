#pragma once
// A fixture for the layering check: a comment naming "analysis/report.hpp" is not an include.
#include "results/recorder.hpp"
