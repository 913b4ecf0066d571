#include "sim/request_lifecycle.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/cut.hpp"
#include "sim/bandwidth_estimator.hpp"
#include "sim/battery_extension.hpp"
#include "sim/job_count.hpp"
#include "sim/policies/exit_model.hpp"
#include "sim/sensing.hpp"
#include "sim/stage_steps.hpp"
#include "sim/stage_stop.hpp"
#include "sim/tile_stage.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

namespace {

// Holds a memory reservation while a stage runs.
class Resident {
  public:
    Resident(DeviceRuntime& d, std::string key, double bytes) : d_(&d), key_(std::move(key)) {
        if (d_->resident[key_]++ == 0) d_->resident_bytes += bytes;
        bytes_ = bytes;
    }
    ~Resident() {
        if (--d_->resident[key_] == 0) {
            d_->resident.erase(key_);
            d_->resident_bytes -= bytes_;
        }
    }

  private:
    DeviceRuntime* d_;
    std::string key_;
    double bytes_ = 0;
};

// Memory needed to run `variant` on `d` now: nothing when it is already resident.
double memory_needed(const DeviceRuntime& d, const std::string& key, double bytes) {
    return d.resident.count(key) ? 0.0 : bytes;
}

}  // namespace

RequestLifecycle::RequestLifecycle(World& world, DeviceRuntime& device,
                                   const scenarios::WorkloadSpec& workload)
    : world_(world), device_(device), workload_(workload) {}

void RequestLifecycle::finish(World& w, RequestState& st, const std::string& status,
                              const std::string& reason, std::optional<double> completed_s,
                              std::optional<double> accuracy) {
    if (st.finalized) return;
    st.finalized = true;
    results::RequestRow row;
    row.request_id = st.id;
    row.device = st.device;
    row.model = st.model;
    row.variant = st.variant;
    row.submitted_s = st.submitted_s;
    row.completed_s = completed_s;
    if (completed_s) row.latency_s = *completed_s - st.submitted_s;
    row.deadline_s = st.deadline_s;
    row.status = status;
    row.split = st.split;
    row.target = st.target;
    row.bytes_sent = st.bytes_sent;
    // A stage cut off by the device's death counts up to now.
    st.energy.close(sg4::Engine::get_clock());
    if (st.energy.known)
        row.device_energy_j = st.energy.energy_j;
    else
        row.device_energy_j.reset();
    row.accuracy = accuracy;
    row.reason = reason;
    w.recorder->add(row);
    if (status == "ok")
        ++w.ok;
    else if (status == "deadline_missed")
        ++w.deadline_missed;
    else if (status == "failed")
        ++w.failed;
    else if (status == "timed_out")
        ++w.timed_out;
    else
        ++w.dropped;
}

void RequestLifecycle::operator()() {
    admit();
    struct Unlist {
        DeviceRuntime& d;
        const RequestState* st;
        ~Unlist() { std::erase(d.in_flight, st); }
    } unlist{device_, &st_};
    if (!decide()) return;
    if (!plan_model() || !plan_tiles()) return;
    plan_work();
    if (!check_target() || !check_device()) return;
    world_.recorder->add(drow_);
    if (!execute()) return;
    record();
}

void RequestLifecycle::admit() {
    st_.id = world_.next_request_id++;
    st_.device = device_.spec->id;
    st_.model = workload_.model;
    st_.submitted_s = sg4::Engine::get_clock();
    st_.deadline_s = workload_.deadline_s;
    ++world_.submitted;
    device_.in_flight.push_back(&st_);
}

bool RequestLifecycle::decide() {
    World& w = world_;
    card_ = &w.cards.at(workload_.model);
    const Observation obs = Sensing(w).observe(device_, workload_, *card_);
    dec_ = w.policy->decide(obs);

    v_ = dec_.drop ? nullptr : card_->variant(dec_.variant);
    if (v_) {
        st_.variant = v_->name;
        if (dec_.cut.on_device.size() == v_->layers.size())
            st_.split = models::describe(*v_, dec_.cut);
    } else {
        st_.variant = dec_.variant;
    }
    st_.target = dec_.target;

    drow_.t_s = st_.submitted_s;
    drow_.device = st_.device;
    drow_.policy = w.policy_name;
    drow_.variant = dec_.variant;
    drow_.split = st_.split;
    drow_.target = dec_.target;
    for (const auto& t : obs.targets)
        if (t.id == dec_.target) drow_.est_bandwidth_bps = t.est_bandwidth_bps;
    drow_.battery_frac = obs.device.battery_frac;
    drow_.reason = dec_.reason;

    if (dec_.drop) {
        w.recorder->add(drow_);
        finish(w, st_, "dropped", dec_.reason.empty() ? "policy dropped the request" : dec_.reason,
               std::nullopt);
        return false;
    }
    return true;
}

bool RequestLifecycle::reject(const std::string& why) {
    drow_.reason = dec_.reason.empty() ? "rejected: " + why : dec_.reason + "; rejected: " + why;
    world_.recorder->add(drow_);
    finish(world_, st_, "dropped", why, std::nullopt);
    return false;
}

bool RequestLifecycle::plan_model() {
    if (!v_)
        return reject(fmt::format("variant '{}' is not in the {} card", dec_.variant, card_->name));
    if (dec_.cut.on_device.size() != v_->layers.size() || !models::is_valid_cut(*v_, dec_.cut))
        return reject("invalid cut");

    // An early exit (Edgent) runs only the exit's trunk and branch: the layers after the exit are
    // not remote work, they are skipped. ExitModel gives that truncated model and its cut.
    run_v_ = v_;
    run_cut_ = dec_.cut;
    if (dec_.exit >= 0) {
        if (static_cast<std::size_t>(dec_.exit) >= v_->exits.size())
            return reject(fmt::format("exit {} is not in variant {}", dec_.exit, v_->name));
        exit_model_.emplace(*v_, dec_.exit);
        run_v_ = &exit_model_->variant();
        run_cut_ = exit_model_->from_full_cut(dec_.cut);
    }
    return true;
}

bool RequestLifecycle::plan_tiles() {
    // A fused-tile stage (DeepThings) computes the first fused_layers nodes as tiles; the
    // device side then only runs what follows them.
    if (dec_.tiles.empty()) return true;
    if (dec_.exit >= 0) return reject("tiles with an early exit");
    if (dec_.fused_layers < 1 || static_cast<std::size_t>(dec_.fused_layers) > v_->layers.size())
        return reject(
            fmt::format("fused_layers {} out of 1..{}", dec_.fused_layers, v_->layers.size()));
    for (int i = 0; i < dec_.fused_layers; ++i) {
        if (!dec_.cut.on_device[static_cast<std::size_t>(i)])
            return reject("the cut must keep the fused layers on the device");
        fused_flops_ += v_->layers[static_cast<std::size_t>(i)].flops;
    }
    tiles_.emplace(world_, device_, dec_.tiles);
    if (const std::string why = tiles_->check(); !why.empty()) return reject(why);
    std::vector<std::string> workers;
    for (const auto& t : dec_.tiles) {
        const std::string& id = t.target.empty() ? st_.device : t.target;
        if (std::find(workers.begin(), workers.end(), id) == workers.end()) workers.push_back(id);
    }
    st_.split = fmt::format("{} tiles of {} nodes on {}; then {}", dec_.tiles.size(),
                            dec_.fused_layers, fmt::join(workers, ","), st_.split);
    drow_.split = st_.split;
    if (dec_.target.empty()) st_.target = fmt::format("{}", fmt::join(workers, ","));
    return true;
}

void RequestLifecycle::plan_work() {
    dev_flops_ = std::max(0.0, models::device_flops(*run_v_, run_cut_) - fused_flops_);
    rem_flops_ = models::remote_flops(*run_v_, run_cut_);
    up_bytes_ = models::boundary_bytes(*run_v_, run_cut_);
    down_bytes_ = models::result_bytes(*run_v_, run_cut_);
    remote_ = rem_flops_ > 0 || up_bytes_ > 0 || run_cut_.device_count() < run_v_->layers.size();
    mem_key_ = card_->name + "/" + v_->name;
    mem_bytes_ = static_cast<double>(v_->memory_bytes);
}

bool RequestLifecycle::check_target() {
    if (!remote_) return true;
    if (device_.routes) {
        auto it = device_.routes->find(dec_.target);
        route_ = it == device_.routes->end() ? nullptr : &it->second;
    }
    if (dec_.target.empty() || !route_)
        return reject(fmt::format("no route to target '{}'", dec_.target));
    tgt_ = route_->target;
    if (tgt_->state == "on" && !tgt_->can_compute() && rem_flops_ > 0)
        return reject(fmt::format("target {} cannot run a CNN", tgt_->spec->id));
    if (memory_needed(*tgt_, mem_key_, mem_bytes_) > tgt_->free_memory_bytes())
        return reject(fmt::format("variant {} needs {:.0f} B, target {} has {:.0f} B free",
                                  v_->name, mem_bytes_, tgt_->spec->id, tgt_->free_memory_bytes()));
    return true;
}

bool RequestLifecycle::check_device() {
    if (dev_flops_ <= 0) return true;
    if (!device_.can_compute())
        return reject(fmt::format("device {} ({}) cannot run a CNN", st_.device, device_.type->id));
    if (memory_needed(device_, mem_key_, mem_bytes_) > device_.free_memory_bytes())
        return reject(fmt::format("variant {} needs {:.0f} B, device has {:.0f} B free", v_->name,
                                  mem_bytes_, device_.free_memory_bytes()));
    return true;
}

bool RequestLifecycle::execute() {
    World& w = world_;
    const StageContext ctx{st_.submitted_s + workload_.timeout_s, workload_.timeout_s, &st_.energy};
    try {
        if (!run_tiles(ctx)) return false;
        run_local_prefix(ctx);
        if (remote_) {
            // Counted as the target's job from the first byte up to the last byte back.
            JobCount job(tgt_->remote_jobs);
            upload(ctx);
            run_remote(ctx);
            download(ctx);
        }
    } catch (const StageStop& e) {
        finish(w, st_, e.status(), e.what(), std::nullopt);
        return false;
    } catch (const simgrid::HostFailureException& e) {
        finish(w, st_, "failed",
               fmt::format("host failure: {}", tgt_ && !tgt_->host->is_on()
                                                   ? tgt_->spec->id + " is off"
                                                   : std::string(e.what())),
               std::nullopt);
        return false;
    } catch (const simgrid::NetworkFailureException& e) {
        finish(w, st_, "failed", fmt::format("network failure towards {}", dec_.target),
               std::nullopt);
        return false;
    } catch (const simgrid::Exception& e) {
        finish(w, st_, "failed", e.what(), std::nullopt);
        return false;
    }
    return true;
}

bool RequestLifecycle::run_tiles(const StageContext& ctx) {
    if (!tiles_) return true;
    const TileStageOutcome o = tiles_->run(ctx);
    st_.energy.add(o.energy);
    st_.bytes_sent += o.bytes_sent;
    if (!o.ok()) {
        finish(world_, st_, o.status, o.failure, std::nullopt);
        return false;
    }
    return true;
}

void RequestLifecycle::run_local_prefix(const StageContext& ctx) {
    if (dev_flops_ <= 0) return;
    Resident hold(device_, mem_key_, mem_bytes_);
    compute_on(device_, dev_flops_, ctx);
}

void RequestLifecycle::upload(const StageContext& ctx) {
    if (up_bytes_ <= 0) return;
    upload_bytes(device_, *tgt_, up_bytes_, route_->relays, ctx,
                 [&w = world_, route = route_](double sent, double dt) {
                     w.bandwidth->observe(route->est, sent, dt, route->latency_s());
                 });
    st_.bytes_sent += up_bytes_;
}

void RequestLifecycle::run_remote(const StageContext& ctx) {
    if (rem_flops_ <= 0) return;
    Resident hold(*tgt_, mem_key_, mem_bytes_);
    compute_on(*tgt_, rem_flops_, ctx);
}

void RequestLifecycle::download(const StageContext& ctx) {
    if (down_bytes_ > 0) send_bytes(*tgt_, device_, down_bytes_, route_->relays, ctx);
}

void RequestLifecycle::record() {
    const double now = sg4::Engine::get_clock();
    std::optional<double> acc = v_->accuracy;
    if (dec_.exit >= 0 && static_cast<std::size_t>(dec_.exit) < v_->exits.size())
        acc = v_->exits[static_cast<std::size_t>(dec_.exit)].accuracy;
    const bool late = st_.deadline_s && now - st_.submitted_s > *st_.deadline_s;
    finish(world_, st_, late ? "deadline_missed" : "ok", late ? "deadline exceeded" : "", now, acc);
}

}  // namespace a2iot::sim
