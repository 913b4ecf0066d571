#include "devices/battery.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace a2iot::devices {
namespace {

// 4000 mAh x 3.6 C/mAh x 3.7 V = 53280 J.
constexpr double kPhoneJ = 4000 * 3.6 * 3.7;

TEST(Battery, CapacityFromMilliampHoursAndVolts) {
    EXPECT_DOUBLE_EQ(kPhoneJ, 53280.0);
    Battery b(kPhoneJ);
    EXPECT_DOUBLE_EQ(b.capacity_j(), 53280.0);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 53280.0);
    EXPECT_DOUBLE_EQ(b.soc(), 1.0);
    EXPECT_FALSE(b.empty());
}

TEST(Battery, InitialLevelSetsRemainingEnergy) {
    Battery b(kPhoneJ, 0.8);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 0.8 * 53280.0);
    EXPECT_DOUBLE_EQ(b.soc(), 0.8);
}

TEST(Battery, DrainingTwoWattsForHundredSecondsRemovesTwoHundredJoules) {
    Battery b(kPhoneJ);
    const double power_w = 2.0, duration_s = 100.0;
    EXPECT_DOUBLE_EQ(b.drain_j(power_w * duration_s), 200.0);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 53080.0);
    EXPECT_DOUBLE_EQ(b.soc(), 53080.0 / 53280.0);
}

TEST(Battery, OverDrainClampsAtZeroAndReportsEnergyActuallyDrawn) {
    Battery b(1000.0, 0.25);  // 250 J left
    EXPECT_DOUBLE_EQ(b.drain_j(400.0), 250.0);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 0.0);
    EXPECT_TRUE(b.empty());
    EXPECT_DOUBLE_EQ(b.soc(), 0.0);
    // A dead battery gives nothing more and never goes negative.
    EXPECT_DOUBLE_EQ(b.drain_j(10.0), 0.0);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 0.0);
}

TEST(Battery, ManySmallDrainsSumToTheSameEnergy) {
    // 1000 drains of 0.5 J equal one drain of 500 J (within rounding): energy is conserved.
    Battery a(1000.0), b(1000.0);
    double drawn = 0;
    for (int i = 0; i < 1000; ++i) drawn += a.drain_j(0.5);
    b.drain_j(500.0);
    EXPECT_NEAR(drawn, 500.0, 1e-9);
    EXPECT_NEAR(a.remaining_j(), b.remaining_j(), 1e-9);
}

TEST(Battery, ChargeIsClampedAtCapacity) {
    Battery b(1000.0, 0.5);
    b.charge_j(200.0);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 700.0);
    b.charge_j(1e6);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 1000.0);
    EXPECT_DOUBLE_EQ(b.soc(), 1.0);
}

TEST(Battery, RechargeRevivesAnEmptyBattery) {
    Battery b(1000.0, 0.0);
    EXPECT_TRUE(b.empty());
    b.charge_j(1.0);
    EXPECT_FALSE(b.empty());
}

TEST(Battery, SetLevelIsTheScriptedEvent) {
    Battery b(kPhoneJ);
    b.set_level(0.10);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 5328.0);
    b.set_level(0.0);
    EXPECT_TRUE(b.empty());
    b.set_level(1.0);
    EXPECT_DOUBLE_EQ(b.remaining_j(), kPhoneJ);
}

TEST(Battery, TimeToEmptyIsRemainingOverPower) {
    Battery b(kPhoneJ);
    // 53280 J at 2 W lasts 26640 s (7.4 h).
    EXPECT_DOUBLE_EQ(b.time_to_empty_s(2.0), 26640.0);
    b.set_level(0.5);
    EXPECT_DOUBLE_EQ(b.time_to_empty_s(2.0), 13320.0);
    EXPECT_EQ(b.time_to_empty_s(0.0), std::numeric_limits<double>::infinity());
    EXPECT_EQ(b.time_to_empty_s(-1.0), std::numeric_limits<double>::infinity());
}

TEST(Battery, ZeroCapacityIsAlwaysEmpty) {
    Battery b(0.0);
    EXPECT_TRUE(b.empty());
    EXPECT_DOUBLE_EQ(b.soc(), 0.0);
    EXPECT_DOUBLE_EQ(b.drain_j(5.0), 0.0);
}

TEST(Battery, RejectsCallerBugs) {
    EXPECT_THROW(Battery(-1.0), std::invalid_argument);
    EXPECT_THROW(Battery(std::nan("")), std::invalid_argument);
    EXPECT_THROW(Battery(1000.0, 1.5), std::invalid_argument);
    EXPECT_THROW(Battery(1000.0, -0.1), std::invalid_argument);
    Battery b(1000.0);
    EXPECT_THROW(b.drain_j(-1.0), std::invalid_argument);
    EXPECT_THROW(b.charge_j(-1.0), std::invalid_argument);
    EXPECT_THROW(b.set_level(1.01), std::invalid_argument);
    EXPECT_THROW(b.set_level(std::nan("")), std::invalid_argument);
    EXPECT_DOUBLE_EQ(b.remaining_j(), 1000.0);  // a refused call changes nothing
}

}  // namespace
}  // namespace a2iot::devices
