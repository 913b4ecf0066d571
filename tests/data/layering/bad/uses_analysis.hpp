#pragma once
// A fixture for the layering check: it must find this include.
#include "analysis/report.hpp"
