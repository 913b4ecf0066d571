#pragma once
// Helpers for the workflow tests: run the build's a2iot as a subprocess (SimGrid allows one
// engine per process), temporary folders, and small SQLite queries on results databases.
#include <sqlite3.h>
#include <stdlib.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace a2iot::workflow_test {

namespace fs = std::filesystem;

struct CmdResult {
    int rc = -1;
    std::string out;  // stdout and stderr together
};

inline std::string quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs a shell command line; returns its exit code and combined output.
inline CmdResult sh(const std::string& cmd) {
    CmdResult r;
    FILE* p = popen(("(" + cmd + ") 2>&1").c_str(), "r");
    if (!p) throw std::runtime_error("popen failed");
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

// `a2iot ARGS` (ARGS already quoted where needed).
inline CmdResult a2iot(const std::string& args) {
    return sh(quote(A2IOT_BIN) + " " + args);
}

inline std::string src(const std::string& rel) {
    return std::string(A2IOT_SOURCE_DIR) + "/" + rel;
}

class TempDir {
  public:
    TempDir() {
        std::string t = (fs::temp_directory_path() / "a2iot-wf-XXXXXX").string();
        if (!mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
        path_ = t;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

inline void write_text(const std::string& path, const std::string& text) {
    std::ofstream f(path);
    f << text;
}

inline std::string read_text(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The first column of the first row of a query, as text ("" for NULL or no row).
inline std::string query(const std::string& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + db_path);
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        const std::string msg = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error(db_path + ": " + sql + ": " + msg);
    }
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

inline long query_int(const std::string& db_path, const std::string& sql) {
    return std::stol(query(db_path, sql));
}

// A tiny scenario with a two-axis sweep (4 points); sub-second per point.
inline std::string tiny_sweep_scenario() {
    return R"(# A tiny sweep for the workflow tests.
name: wf-tiny
seed: 3
duration: 10s
devices:
  - {id: cloud, type: cloud-server}
  - {id: edge, type: dell-inspiron-13-7368}
  - {id: cam, type: raspberry-pi-4, count: 2}
links:
  - {from: cam, to: edge, bandwidth: 20Mbps, latency: 5ms, kind: wifi}
  - {from: edge, to: cloud, bandwidth: 100Mbps, latency: 40ms}
models:
  - {name: task, synthetic: {flops: 2e8, input: 20kB, output: 2kB}}
workload:
  - {devices: cam, model: task, arrival: poisson, rate: 2/s, deadline: 300ms}
policy: neurosurgeon
sweep:
  policy: [local, edge]
  devices.cam.count: [1, 2]
)";
}

}  // namespace a2iot::workflow_test
