// args.cpp — sdssplitargs-compatible line splitting and the RESP request
// writer (see args.h for the quoting rules).
#include "engine/resp/args.h"

#include <cstdio>

namespace redsim::resp {
namespace {

bool isBlank(char c) {  // isspace() in the "C" locale
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::vector<std::string>> splitArgs(std::string_view line) {
    line = line.substr(0, line.find('\0'));
    // at(i) is the byte at i or '\0' past the end, like reading a C string.
    auto at = [&](size_t i) { return i < line.size() ? line[i] : '\0'; };

    std::vector<std::string> args;
    size_t p = 0;
    while (true) {
        while (p < line.size() && isBlank(line[p])) p++;
        if (p >= line.size()) return args;

        std::string cur;
        enum { Plain, Double, Single } mode = Plain;
        bool done = false;
        while (!done) {
            char c = at(p);
            if (mode == Double) {
                if (c == '\\' && at(p + 1) == 'x' && hexValue(at(p + 2)) >= 0 && hexValue(at(p + 3)) >= 0) {
                    cur += static_cast<char>(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
                    p += 3;
                } else if (c == '\\' && at(p + 1) != '\0') {
                    p++;
                    switch (line[p]) {
                        case 'n':
                            cur += '\n';
                            break;
                        case 'r':
                            cur += '\r';
                            break;
                        case 't':
                            cur += '\t';
                            break;
                        case 'b':
                            cur += '\b';
                            break;
                        case 'a':
                            cur += '\a';
                            break;
                        default:
                            cur += line[p];
                            break;
                    }
                } else if (c == '"') {
                    // The closing quote must be followed by a blank or the end.
                    if (at(p + 1) != '\0' && !isBlank(at(p + 1))) return std::nullopt;
                    done = true;
                } else if (c == '\0') {
                    return std::nullopt;  // unterminated "
                } else {
                    cur += c;
                }
            } else if (mode == Single) {
                if (c == '\\' && at(p + 1) == '\'') {
                    p++;
                    cur += '\'';
                } else if (c == '\'') {
                    if (at(p + 1) != '\0' && !isBlank(at(p + 1))) return std::nullopt;
                    done = true;
                } else if (c == '\0') {
                    return std::nullopt;  // unterminated '
                } else {
                    cur += c;
                }
            } else {
                switch (c) {
                    case ' ':
                    case '\n':
                    case '\r':
                    case '\t':
                    case '\0':
                        done = true;
                        break;
                    case '"':
                        mode = Double;
                        break;
                    case '\'':
                        mode = Single;
                        break;
                    default:
                        cur += c;
                        break;
                }
            }
            if (p < line.size()) p++;
        }
        args.push_back(std::move(cur));
    }
}

std::string encodeCommand(const std::vector<std::string>& argv) {
    std::string out = "*" + std::to_string(argv.size()) + "\r\n";
    for (const std::string& a : argv) {
        out += '$';
        out += std::to_string(a.size());
        out += "\r\n";
        out += a;
        out += "\r\n";
    }
    return out;
}

std::string repr(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\a':
                out += "\\a";
                break;
            case '\b':
                out += "\\b";
                break;
            default:
                // isprint() in the "C" locale, which redis-cli runs in.
                if (c >= 0x20 && c <= 0x7e) {
                    out += static_cast<char>(c);
                } else {
                    char hex[5];
                    std::snprintf(hex, sizeof hex, "\\x%02x", c);
                    out += hex;
                }
        }
    }
    out += '"';
    return out;
}

}  // namespace redsim::resp
