#include <gtest/gtest.h>

#include "common/unit_error.hpp"
#include "common/units.hpp"

using a2iot::common::parse_quantity;
using a2iot::common::Quantity;
using a2iot::common::UnitError;

TEST(Units, TimeScales) {
    EXPECT_DOUBLE_EQ(parse_quantity("5ms", Quantity::Time), 0.005);
    EXPECT_DOUBLE_EQ(parse_quantity("600s", Quantity::Time), 600.0);
    EXPECT_DOUBLE_EQ(parse_quantity("2min", Quantity::Time), 120.0);
    EXPECT_DOUBLE_EQ(parse_quantity("1h", Quantity::Time), 3600.0);
    EXPECT_DOUBLE_EQ(parse_quantity("250us", Quantity::Time), 250e-6);
    EXPECT_DOUBLE_EQ(parse_quantity(" 1.5 s ", Quantity::Time), 1.5);
}

TEST(Units, BandwidthBitsAndBytes) {
    EXPECT_DOUBLE_EQ(parse_quantity("20Mbps", Quantity::Bandwidth), 20e6);
    EXPECT_DOUBLE_EQ(parse_quantity("1Gbps", Quantity::Bandwidth), 1e9);
    EXPECT_DOUBLE_EQ(parse_quantity("100kbps", Quantity::Bandwidth), 1e5);
    // Capital B is bytes: 1 MBps = 8 Mbit/s.
    EXPECT_DOUBLE_EQ(parse_quantity("1MBps", Quantity::Bandwidth), 8e6);
    EXPECT_DOUBLE_EQ(parse_quantity("3Bps", Quantity::Bandwidth), 24.0);
}

TEST(Units, SizesChargesEnergies) {
    EXPECT_DOUBLE_EQ(parse_quantity("20kB", Quantity::DataSize), 20000.0);
    EXPECT_DOUBLE_EQ(parse_quantity("2MiB", Quantity::DataSize), 2.0 * 1048576.0);
    EXPECT_DOUBLE_EQ(parse_quantity("4000mAh", Quantity::Charge), 4000 * 3.6);
    EXPECT_DOUBLE_EQ(parse_quantity("2Ah", Quantity::Charge), 7200.0);
    EXPECT_DOUBLE_EQ(parse_quantity("1Wh", Quantity::Energy), 3600.0);
    EXPECT_DOUBLE_EQ(parse_quantity("3.7V", Quantity::Voltage), 3.7);
    EXPECT_DOUBLE_EQ(parse_quantity("250mW", Quantity::Power), 0.25);
    EXPECT_DOUBLE_EQ(parse_quantity("1.5GHz", Quantity::Frequency), 1.5e9);
}

TEST(Units, RatesAndFractions) {
    EXPECT_DOUBLE_EQ(parse_quantity("2/s", Quantity::Rate), 2.0);
    EXPECT_DOUBLE_EQ(parse_quantity("120/min", Quantity::Rate), 2.0);
    EXPECT_DOUBLE_EQ(parse_quantity("80%", Quantity::Fraction), 0.8);
    EXPECT_DOUBLE_EQ(parse_quantity("0.25", Quantity::Fraction), 0.25);
    EXPECT_DOUBLE_EQ(parse_quantity("2e8", Quantity::Count), 2e8);
}

TEST(Units, MissingUnitIsAnErrorNamingTheValue) {
    try {
        parse_quantity("20", Quantity::Bandwidth);
        FAIL() << "a bare number must not be taken as a bandwidth";
    } catch (const UnitError& e) {
        EXPECT_EQ(e.value(), "20");
        EXPECT_NE(std::string(e.what()).find("unit is missing"), std::string::npos);
    }
}

TEST(Units, UnknownUnitIsAnErrorNamingTheUnit) {
    try {
        parse_quantity("20Mbit", Quantity::Bandwidth);
        FAIL();
    } catch (const UnitError& e) {
        EXPECT_EQ(e.value(), "20Mbit");
        EXPECT_NE(std::string(e.what()).find("unknown unit 'Mbit'"), std::string::npos);
    }
    // A time unit is not a bandwidth unit.
    EXPECT_THROW(parse_quantity("5ms", Quantity::Bandwidth), UnitError);
    EXPECT_THROW(parse_quantity("fast", Quantity::Time), UnitError);
    EXPECT_THROW(parse_quantity("", Quantity::Time), UnitError);
}

TEST(Units, FractionOutOfRange) {
    EXPECT_THROW(parse_quantity("120%", Quantity::Fraction), UnitError);
    EXPECT_THROW(parse_quantity("-0.1", Quantity::Fraction), UnitError);
    EXPECT_THROW(parse_quantity("1.5", Quantity::Fraction), UnitError);
    EXPECT_THROW(parse_quantity("2e8x", Quantity::Count), UnitError);
}

// The spellings users write, each with its real meaning; the ambiguous ones are refused with a
// message that says how to write what they meant (a silent guess would be off by 8x).
TEST(Units, CommonSpellingsKeepTheirRealMeaning) {
    EXPECT_DOUBLE_EQ(parse_quantity("20Mbit/s", Quantity::Bandwidth), 20e6);
    EXPECT_DOUBLE_EQ(parse_quantity("20 Mb/s", Quantity::Bandwidth), 20e6);
    EXPECT_DOUBLE_EQ(parse_quantity("2MB/s", Quantity::Bandwidth), 16e6);
    EXPECT_DOUBLE_EQ(parse_quantity("2MBps", Quantity::Bandwidth), 16e6);
    EXPECT_DOUBLE_EQ(parse_quantity("1KiB/s", Quantity::Bandwidth), 8192.0);
    EXPECT_DOUBLE_EQ(parse_quantity("300kbit/s", Quantity::Bandwidth), 3e5);
    EXPECT_DOUBLE_EQ(parse_quantity("3kB", Quantity::DataSize), 3000.0);
    EXPECT_DOUBLE_EQ(parse_quantity("3KiB", Quantity::DataSize), 3072.0);
}

TEST(Units, AmbiguousSpellingsAreRefusedWithAHint) {
    for (const char* text : {"20mbps", "20MBPS", "20KBps", "20Kbps"}) {
        try {
            parse_quantity(text, Quantity::Bandwidth);
            ADD_FAILURE() << text << " was accepted";
        } catch (const UnitError& e) {
            EXPECT_NE(std::string(e.what()).find("is ambiguous"), std::string::npos) << e.what();
        }
    }
    for (const char* text : {"20KB", "20kb", "20Mb"}) {
        try {
            parse_quantity(text, Quantity::DataSize);
            ADD_FAILURE() << text << " was accepted";
        } catch (const UnitError& e) {
            EXPECT_NE(std::string(e.what()).find("is ambiguous"), std::string::npos) << e.what();
        }
    }
}
