// reply.cpp — RESP2/RESP3 reply parser and encoder (see reply.h for the byte
// table).  The parser is a plain recursive descent over a string_view: each
// step either consumes a whole item or reports Incomplete/Error without side
// effects, so a caller can append bytes and retry from the same offset.
#include "engine/resp/reply.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "engine/resp/args.h"

namespace redsim::resp {
namespace {

// Largest bulk string accepted; Redis's proto-max-bulk-len default (512 MB).
constexpr long long kMaxBulkLen = 512LL * 1024 * 1024;
// Smallest encoding of any reply ("_\r\n", "+\r\n"): bounds how many elements
// the remaining bytes can possibly hold, so "*999999999\r\n" costs nothing.
constexpr size_t kMinReplyBytes = 3;

struct Parser {
    std::string_view buf;
    std::string* err;

    ParseStatus fail(std::string msg) {
        if (err) *err = std::move(msg);
        return ParseStatus::Error;
    }

    // Finds the "\r\n" ending the line that starts at `p`; on success sets
    // `line` to its content and `next` to the offset after the CRLF.
    bool readLine(size_t p, std::string_view& line, size_t& next) const {
        size_t crlf = buf.find("\r\n", p);
        if (crlf == std::string_view::npos) return false;
        line = buf.substr(p, crlf - p);
        next = crlf + 2;
        return true;
    }

    // Strict decimal integer as Redis's string2ll: "0", or an optional '-'
    // followed by digits without a leading zero; no spaces, no '+'.
    static bool parseInt(std::string_view s, long long& v) {
        if (s.empty() || s.size() > 20) return false;
        size_t i = (s[0] == '-') ? 1 : 0;
        if (i == s.size()) return false;
        if (s[i] == '0' && (s.size() - i > 1 || i == 1)) return false;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        return ec == std::errc() && ptr == s.data() + s.size();
    }

    static bool parseDouble(std::string_view s) {
        if (s.empty() || s.size() > 326) return false;
        auto lower = [&](std::string_view want) {
            if (s.size() != want.size()) return false;
            for (size_t i = 0; i < s.size(); i++)
                if (std::tolower(static_cast<unsigned char>(s[i])) != want[i]) return false;
            return true;
        };
        if (lower("inf") || lower("-inf") || lower("nan") || lower("-nan")) return true;
        double d = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(d);
    }

    static bool parseBigNumber(std::string_view s) {
        size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
        if (i == s.size()) return false;
        for (; i < s.size(); i++)
            if (s[i] < '0' || s[i] > '9') return false;
        return true;
    }

    // Parses one reply at `p`; on Ok stores it in `out` and the offset after it
    // in `next`.  `depth` counts enclosing aggregates.
    ParseStatus parse(size_t p, Reply& out, size_t& next, int depth) {
        if (p >= buf.size()) return ParseStatus::Incomplete;
        char tb = buf[p];
        std::string_view line;
        size_t after = 0;
        switch (tb) {
            case '+':
            case '-':
            case ':':
            case '$':
            case '*':
            case '_':
            case ',':
            case '#':
            case '(':
            case '=':
            case '%':
            case '~':
            case '>':
            case '|':
                break;
            default:
                return fail("Protocol error, got " + repr(std::string_view(&buf[p], 1)) + " as reply type byte");
        }
        if (!readLine(p + 1, line, after)) return ParseStatus::Incomplete;

        Reply r;
        switch (tb) {
            case '+':
            case '-':
                r.type = tb == '+' ? Reply::Type::Status : Reply::Type::Error;
                r.str.assign(line);
                break;
            case ':':
                r.type = Reply::Type::Integer;
                if (!parseInt(line, r.integer)) return fail("Bad integer value");
                break;
            case '_':
                if (!line.empty()) return fail("Bad nil value");
                r.type = Reply::Type::Nil;
                break;
            case ',':
                if (!parseDouble(line)) return fail("Bad double value");
                r.type = Reply::Type::Double;
                r.str.assign(line);
                break;
            case '#':
                if (line.size() != 1 || (line[0] != 't' && line[0] != 'f' && line[0] != 'T' && line[0] != 'F'))
                    return fail("Bad bool value");
                r.type = Reply::Type::Bool;
                r.boolean = line[0] == 't' || line[0] == 'T';
                break;
            case '(':
                if (!parseBigNumber(line)) return fail("Bad big number value");
                r.type = Reply::Type::BigNumber;
                r.str.assign(line);
                break;
            case '$':
            case '=': {
                long long len = 0;
                if (!parseInt(line, len)) return fail("Bad bulk string length");
                if (len == -1 && tb == '$') {
                    r.type = Reply::Type::Nil;
                    break;
                }
                if (len < 0 || len > kMaxBulkLen) return fail("Bulk string length out of range");
                size_t n = static_cast<size_t>(len);
                if (buf.size() - after < n + 2) return ParseStatus::Incomplete;
                if (buf[after + n] != '\r' || buf[after + n + 1] != '\n')
                    return fail("Bulk string not terminated by CRLF");
                std::string_view data = buf.substr(after, n);
                after += n + 2;
                if (tb == '$') {
                    r.type = Reply::Type::Bulk;
                    r.str.assign(data);
                } else {
                    if (n < 4 || data[3] != ':')
                        return fail(
                            "Verbatim string 4 bytes of content type are missing "
                            "or incorrectly encoded.");
                    r.type = Reply::Type::Verbatim;
                    r.vtype.assign(data.substr(0, 3));
                    r.str.assign(data.substr(4));
                }
                break;
            }
            default: {  // aggregates: * % ~ > |
                long long count = 0;
                if (!parseInt(line, count)) return fail("Bad multi-bulk length");
                if (count == -1 && tb == '*') {
                    r.type = Reply::Type::Nil;
                    break;
                }
                if (count < 0 || count > std::numeric_limits<int>::max()) return fail("Multi-bulk length out of range");
                if (depth + 1 > kMaxNesting)
                    return fail("No support for nested aggregate replies with depth > " + std::to_string(kMaxNesting));
                bool paired = tb == '%' || tb == '|';
                r.type = tb == '*'   ? Reply::Type::Array
                         : tb == '%' ? Reply::Type::Map
                         : tb == '~' ? Reply::Type::Set
                         : tb == '>' ? Reply::Type::Push
                                     : Reply::Type::Attribute;
                size_t items = static_cast<size_t>(count) * (paired ? 2 : 1);
                if ((buf.size() - after) / kMinReplyBytes < items) return ParseStatus::Incomplete;
                r.elements.resize(items);
                for (size_t i = 0; i < items; i++) {
                    ParseStatus st = parse(after, r.elements[i], after, depth + 1);
                    if (st != ParseStatus::Ok) return st;
                }
                break;
            }
        }
        out = std::move(r);
        next = after;
        return ParseStatus::Ok;
    }
};

void encodeInto(const Reply& r, bool resp3, std::string& o) {
    auto header = [&](char t, size_t n) {
        o += t;
        o += std::to_string(n);
        o += "\r\n";
    };
    using T = Reply::Type;
    switch (r.type) {
        case T::Status:
            o += '+';
            o += r.str;
            o += "\r\n";
            break;
        case T::Error:
            o += '-';
            o += r.str;
            o += "\r\n";
            break;
        case T::Integer:
            o += ':';
            o += std::to_string(r.integer);
            o += "\r\n";
            break;
        case T::Bulk:
            header('$', r.str.size());
            o += r.str;
            o += "\r\n";
            break;
        case T::Nil:
            o += resp3 ? "_\r\n" : "$-1\r\n";
            break;
        case T::Double:
            o += ',';
            o += r.str;
            o += "\r\n";
            break;
        case T::Bool:
            o += r.boolean ? "#t\r\n" : "#f\r\n";
            break;
        case T::BigNumber:
            o += '(';
            o += r.str;
            o += "\r\n";
            break;
        case T::Verbatim:
            header('=', r.str.size() + 4);
            o += (r.vtype + "   ").substr(0, 3);
            o += ':';
            o += r.str;
            o += "\r\n";
            break;
        case T::Array:
        case T::Set:
        case T::Push:
        case T::Map:
        case T::Attribute: {
            char t = r.type == T::Array  ? '*'
                     : r.type == T::Set  ? '~'
                     : r.type == T::Push ? '>'
                     : r.type == T::Map  ? '%'
                                         : '|';
            bool paired = r.type == T::Map || r.type == T::Attribute;
            header(t, paired ? r.elements.size() / 2 : r.elements.size());
            for (const Reply& e : r.elements) encodeInto(e, resp3, o);
            break;
        }
    }
}

}  // namespace

ParseStatus parseReply(std::string_view buf, size_t& pos, Reply& out, std::string* err) {
    if (pos > buf.size()) return ParseStatus::Incomplete;
    Parser p{buf, err};
    size_t next = pos;
    ParseStatus st = p.parse(pos, out, next, 0);
    if (st == ParseStatus::Ok) pos = next;
    return st;
}

std::string encodeReply(const Reply& r, bool resp3) {
    std::string o;
    encodeInto(r, resp3, o);
    return o;
}

}  // namespace redsim::resp
