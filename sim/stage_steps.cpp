#include "sim/stage_steps.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <memory>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>

#include "common/units.hpp"
#include "sim/exec_slot.hpp"
#include "sim/job_count.hpp"
#include "sim/radio_use.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

namespace {

// Whose energy a request's device_energy_j counts (docs/simulation.md, "Per-request energy"):
// terminals and battery-powered devices, not mains-powered edge and cloud servers.
bool counted(const DeviceRuntime& d) {
    return d.role == "terminal" || (d.energy && d.energy->has_battery());
}

std::string timeout_reason(const StageContext& ctx, const std::string& where) {
    return fmt::format("timed out ({} after submission) {}",
                       common::format_quantity(ctx.timeout_s, common::Quantity::Time), where);
}

// Unlists a transfer from its relays on every path out, a forced unwinding included (no simcall).
class RelayListing {
  public:
    RelayListing(RelayedTransfer& t, const std::vector<DeviceRuntime*>& relays) : relays_(relays) {
        at_.reserve(relays_.size());
        for (DeviceRuntime* r : relays_) at_.push_back(r->relaying.insert(r->relaying.end(), &t));
    }
    RelayListing(const RelayListing&) = delete;
    RelayListing& operator=(const RelayListing&) = delete;
    ~RelayListing() {
        for (std::size_t i = 0; i < at_.size(); ++i) relays_[i]->relaying.erase(at_[i]);
    }

  private:
    const std::vector<DeviceRuntime*>& relays_;
    std::vector<std::list<RelayedTransfer*>::iterator> at_;
};

}  // namespace

double marginal_compute_w(const DeviceRuntime& d) {
    const auto& ps = d.type->pstates.at(static_cast<std::size_t>(d.pstate));
    return (ps.busy_w - ps.idle_w) / std::max(1, d.type->cores);
}

double send_bytes(DeviceRuntime& from, DeviceRuntime& to, std::int64_t bytes,
                  const std::vector<DeviceRuntime*>& relays, const StageContext& ctx,
                  const TransferObserver& observe) {
    for (const DeviceRuntime* r : relays)
        if (r->state != "on")
            throw StageStop("failed",
                            fmt::format("relay {} is {}: no route from {} to {}", r->spec->id,
                                        r->state, from.spec->id, to.spec->id));
    const double t0 = sg4::Engine::get_clock();
    if (t0 >= ctx.deadline_s)
        throw StageStop("timed_out", timeout_reason(ctx, "before sending to " + to.spec->id));
    // Power drawn on counted devices while the transfer runs: the sender's tx, the
    // receiver's rx, and both directions on every relay (it receives and forwards at once).
    double power_w = 0;
    bool known = true;
    if (counted(from)) {
        power_w += from.radio_tx_w;
        known = known && from.radio_power_known;
    }
    if (counted(to)) {
        power_w += to.radio_rx_w;
        known = known && to.radio_power_known;
    }
    for (const DeviceRuntime* r : relays)
        if (counted(*r)) {
            power_w += r->radio_tx_w + r->radio_rx_w;
            known = known && r->radio_power_known;
        }
    if (ctx.energy) ctx.energy->open(power_w, known, t0);
    RadioUse tx(from, true), rx(to, false);
    std::vector<std::unique_ptr<RadioUse>> relay_radios;
    relay_radios.reserve(relays.size() * 2);
    for (DeviceRuntime* r : relays) {
        relay_radios.push_back(std::make_unique<RadioUse>(*r, false));
        relay_radios.push_back(std::make_unique<RadioUse>(*r, true));
    }
    RelayedTransfer transfer;
    RelayListing listing(transfer, relays);
    transfer.comm = sg4::Comm::sendto_async(from.host, to.host, static_cast<std::uint64_t>(bytes));
    auto release = [&] {
        for (auto& r : relay_radios) r->release();
        tx.release();
        rx.release();
        if (ctx.energy) ctx.energy->close(sg4::Engine::get_clock());
    };
    try {
        transfer.comm->wait_until(ctx.deadline_s);
    } catch (const simgrid::TimeoutException&) {
        const double sent = static_cast<double>(bytes) - transfer.comm->get_remaining();
        transfer.comm->cancel();
        if (observe) observe(sent, sg4::Engine::get_clock() - t0);
        release();
        throw StageStop("timed_out", timeout_reason(ctx, "while sending to " + to.spec->id));
    } catch (const simgrid::Exception&) {
        release();
        if (transfer.cut_by)
            throw StageStop("failed", fmt::format("relay {} went {} during the transfer from {} "
                                                  "to {}",
                                                  transfer.cut_by->spec->id, transfer.cut_by->state,
                                                  from.spec->id, to.spec->id));
        throw;
    }
    release();
    const double dt = sg4::Engine::get_clock() - t0;
    if (observe) observe(static_cast<double>(bytes), dt);
    return dt;
}

double upload_bytes(DeviceRuntime& from, DeviceRuntime& to, std::int64_t bytes,
                    const std::vector<DeviceRuntime*>& relays, const StageContext& ctx,
                    const TransferObserver& observe) {
    if (const auto& limit = from.spec->queue_limit; limit && from.uploads >= 1 + *limit)
        throw StageStop("dropped",
                        fmt::format("send queue full at {} ({} waiting)", from.spec->id, *limit));
    JobCount sending(from.uploads);
    return send_bytes(from, to, bytes, relays, ctx, observe);
}

double compute_on(DeviceRuntime& device, double flops, const StageContext& ctx) {
    // The host's cores are shared by every execution on it (processor sharing); those beyond the
    // core count are the ones waiting for a core, and at most queue_limit of them may wait.
    const int cores = std::max(1, device.type->cores);
    if (const auto& limit = device.spec->queue_limit;
        limit && device.active_execs >= cores + *limit)
        throw StageStop("dropped",
                        fmt::format("queue full at {} ({} waiting)", device.spec->id, *limit));
    const double t0 = sg4::Engine::get_clock();
    if (t0 >= ctx.deadline_s)
        throw StageStop("timed_out", timeout_reason(ctx, "before computing on " + device.spec->id));
    if (ctx.energy) {
        const auto& ps = device.type->pstates.at(static_cast<std::size_t>(device.pstate));
        if (counted(device))
            ctx.energy->open(marginal_compute_w(device), ps.busy_known && ps.idle_known, t0);
        else
            ctx.energy->open(0.0, true, t0);
    }
    ExecSlot slot(device);
    sg4::ExecPtr exec = sg4::Exec::init()->set_flops_amount(flops)->set_host(device.host);
    try {
        exec->start()->wait_until(ctx.deadline_s);
    } catch (const simgrid::TimeoutException&) {
        exec->cancel();
        slot.release();
        if (ctx.energy) ctx.energy->close(sg4::Engine::get_clock());
        throw StageStop("timed_out", timeout_reason(ctx, "while computing on " + device.spec->id));
    } catch (const simgrid::Exception&) {
        if (ctx.energy) ctx.energy->close(sg4::Engine::get_clock());
        throw;
    }
    slot.release();
    if (ctx.energy) ctx.energy->close(sg4::Engine::get_clock());
    return sg4::Engine::get_clock() - t0;
}

}  // namespace a2iot::sim
