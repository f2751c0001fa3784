#include "engine/util/numbers.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace redsim {

std::optional<long long> parseInt64(std::string_view s) {
    if (s.empty() || s.size() > 20) return std::nullopt;
    size_t i = 0;
    bool negative = false;
    if (s.size() == 1 && s[0] == '0') return 0;
    if (s[0] == '-') {
        negative = true;
        i = 1;
        if (s.size() == 1) return std::nullopt;
    }
    // The first digit must be 1-9: no leading zeros, no "-0".
    if (s[i] < '1' || s[i] > '9') return std::nullopt;
    unsigned long long v = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c < '0' || c > '9') return std::nullopt;
        const unsigned digit = static_cast<unsigned>(c - '0');
        if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
        v = v * 10 + digit;
    }
    if (negative) {
        if (v > static_cast<unsigned long long>(INT64_MAX) + 1) return std::nullopt;
        return static_cast<long long>(0 - v);
    }
    if (v > static_cast<unsigned long long>(INT64_MAX)) return std::nullopt;
    return static_cast<long long>(v);
}

std::optional<long double> parseLongDouble(std::string_view s) {
    if (s.empty() || s.size() >= 5120) return std::nullopt;
    std::string buf(s);
    if (std::isspace(static_cast<unsigned char>(buf[0]))) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const long double v = std::strtold(buf.c_str(), &end);
    if (end != buf.c_str() + buf.size()) return std::nullopt;  // also catches embedded NUL
    if (errno == ERANGE && (v == HUGE_VALL || v == -HUGE_VALL || std::fpclassify(v) == FP_ZERO)) return std::nullopt;
    if (std::isnan(v)) return std::nullopt;
    return v;
}

std::optional<double> parseDouble(std::string_view s) {
    if (s.empty() || s.size() >= 5120) return std::nullopt;
    std::string buf(s);
    if (std::isspace(static_cast<unsigned char>(buf[0]))) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(buf.c_str(), &end);
    if (end != buf.c_str() + buf.size()) return std::nullopt;
    if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || std::fpclassify(v) == FP_ZERO)) return std::nullopt;
    if (std::isnan(v)) return std::nullopt;
    return v;
}

std::optional<std::string> formatLongDoubleHuman(long double v) {
    char buf[5120];
    if (std::isinf(v)) return std::string(v > 0 ? "inf" : "-inf");
    const int len = std::snprintf(buf, sizeof buf, "%.17Lf", v);
    if (len < 0 || static_cast<size_t>(len) + 1 > sizeof buf) return std::nullopt;
    std::string out(buf, static_cast<size_t>(len));
    if (out.find('.') != std::string::npos) {
        while (!out.empty() && out.back() == '0') out.pop_back();
        if (!out.empty() && out.back() == '.') out.pop_back();
    }
    if (out == "-0") out = "0";
    return out;
}

std::string formatDouble(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (std::isnan(v)) return "nan";
    char buf[64];
    const int len = std::snprintf(buf, sizeof buf, "%.17g", v);
    return std::string(buf, static_cast<size_t>(len));
}

}  // namespace redsim
