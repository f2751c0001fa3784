// Number parsing and printing with Redis's exact rules.
//
// Redis is strict about what counts as a number: "12" is an integer, " 12", "+12",
// "012" and "-0" are not (util.c's string2ll). Floats accept what strtold accepts,
// minus leading spaces and NaN. Printing follows Redis too: INCRBYFLOAT prints a long
// double with 17 fractional digits and trims trailing zeros ("10.5", "3000").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redsim {

// Strict base-10 int64 as Redis's string2ll: optional '-', no leading zeros, no spaces,
// no '+', at most 20 chars. nullopt on anything else or overflow.
std::optional<long long> parseInt64(std::string_view s);

// As Redis's string2ld: the whole string must parse (strtold), no leading space, not NaN,
// no over/underflow to inf/0 by ERANGE. Accepts "inf" (callers reject infinities where
// Redis does). Requires: s.size() < 5120 (Redis's MAX_LONG_DOUBLE_CHARS), else nullopt.
std::optional<long double> parseLongDouble(std::string_view s);

// As Redis's string2d (strtod): used for double arguments (scores, INCRBYFLOAT is long double).
std::optional<double> parseDouble(std::string_view s);

// Redis's ld2string(LD_STR_HUMAN): "%.17Lf" with trailing zeros (and a trailing '.')
// removed, and "-0" printed as "0". Returns nullopt if it does not fit 5 KB.
std::optional<std::string> formatLongDoubleHuman(long double v);

// Redis's addReplyDouble text for RESP2 and RESP3: "inf", "-inf", "nan" or %.17g.
std::string formatDouble(double v);

}  // namespace redsim
