#pragma once
// The results schema as ordered migrations. Migration i (1-based) takes a database from schema
// version i-1 to i; Recorder applies the missing ones in one IMMEDIATE transaction so that
// several sweep processes opening a new file at once cannot race. Never edit a released
// migration: append a new one (ALTER TABLE ... ADD COLUMN) and bump Recorder::kSchemaVersion.
#include <string_view>
#include <vector>

namespace a2iot::results {

const std::vector<std::string_view>& schema_migrations();

// The names of the results tables (what `a2iot export --table` accepts).
const std::vector<std::string_view>& results_tables();

}  // namespace a2iot::results
