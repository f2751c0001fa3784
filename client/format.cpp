// format.cpp — redis-cli 7.0.15's reply printers (cliFormatReplyTTY,
// cliFormatReplyRaw, cliFormatInvalidateTTY) re-done over our Reply tree.
// format.h lists the observable rules; this file follows the same case split
// so the two can be read side by side.
#include "client/format.h"

#include <cctype>
#include <cstdio>

namespace redsim::resp {
namespace {

using T = Reply::Type;

// printf's "%s": C strings stop at the first NUL.  redis-cli prints status and
// error text that way in TTY mode.
std::string_view cString(std::string_view s) { return s.substr(0, s.find('\0')); }

bool isPairs(T t) { return t == T::Map || t == T::Attribute; }

// cliIsMultilineValueTTY: would formatTTY(r) take more than one line?  A map
// value that would is moved to its own line so its indices line up.
bool multilineTTY(const Reply& r) {
    switch (r.type) {
        case T::Array:
        case T::Set:
        case T::Push:
            if (r.elements.empty()) return false;
            if (r.elements.size() > 1) return true;
            return multilineTTY(r.elements[0]);
        case T::Map:
        case T::Attribute:
            if (r.elements.empty()) return false;
            if (r.elements.size() > 2) return true;
            return multilineTTY(r.elements[1]);
        default:
            return false;
    }
}

// Appends the TTY form of `r` to `out`.  `prefix` is the indentation of this
// reply's continuation lines: its first line is placed by the caller (after
// the parent's "N) "), every later line starts with `prefix`.
void tty(const Reply& r, const std::string& prefix, std::string& out) {
    switch (r.type) {
        case T::Error:
            out += "(error) ";
            out += cString(r.str);
            out += '\n';
            return;
        case T::Status:
            out += cString(r.str);
            out += '\n';
            return;
        case T::Integer:
            out += "(integer) ";
            out += std::to_string(r.integer);
            out += '\n';
            return;
        case T::Double:
            out += "(double) ";
            out += cString(r.str);
            out += '\n';
            return;
        case T::BigNumber:  // DIFFERS FROM REDIS: 7.0.15 exits with "Unknown reply type: 13".
            out += "(big number) ";
            out += r.str;
            out += '\n';
            return;
        case T::Bulk:
            out += repr(r.str);
            out += '\n';
            return;
        case T::Verbatim:  // printed as is: verbatim text is meant to be shown raw
            out += r.str;
            out += '\n';
            return;
        case T::Nil:
            out += "(nil)\n";
            return;
        case T::Bool:
            out += r.boolean ? "(true)\n" : "(false)\n";
            return;
        case T::Array:
        case T::Map:
        case T::Set:
        case T::Push:
        case T::Attribute:
            break;
    }

    if (r.elements.empty()) {
        out += r.type == T::Array  ? "(empty array)\n"
               : r.type == T::Map  ? "(empty hash)\n"
               : r.type == T::Set  ? "(empty set)\n"
               : r.type == T::Push ? "(empty push)\n"
                                   : "(empty aggregate type)\n";
        return;
    }

    // Index width is that of the largest index; children are indented by it
    // plus 2 (for ") "), so nested numbers line up under the parent's text.
    size_t count = isPairs(r.type) ? r.elements.size() / 2 : r.elements.size();
    int idxlen = static_cast<int>(std::to_string(count).size());
    std::string childPrefix = prefix + std::string(static_cast<size_t>(idxlen) + 2, ' ');
    char numsep = r.type == T::Set         ? '~'
                  : r.type == T::Map       ? '#'
                  : r.type == T::Attribute ? '|'  // DIFFERS FROM REDIS: 7.0.15 cannot parse '|'.
                                           : ')';

    for (size_t i = 0; i < r.elements.size(); i++) {
        size_t human = (isPairs(r.type) ? i / 2 : i) + 1;
        // The first line goes right after the parent's index, so no prefix.
        if (i != 0) out += prefix;
        char num[32];
        std::snprintf(num, sizeof num, "%*zu%c ", idxlen, human, numsep);
        out += num;
        tty(r.elements[i], childPrefix, out);

        if (isPairs(r.type)) {
            const Reply& value = r.elements[++i];
            out.pop_back();  // the key's trailing "\n"
            out += " => ";
            if (multilineTTY(value)) {
                out += '\n';
                out += childPrefix;
            }
            tty(value, childPrefix, out);
        }
    }
}

// cliFormatReplyRaw: appends the raw body of `r` (no command delimiter).
void raw(const Reply& r, std::string_view delim, std::string& out) {
    switch (r.type) {
        case T::Nil:
            return;
        case T::Error:
            out += r.str;
            out += '\n';
            return;
        case T::Status:
        case T::Bulk:
        case T::Verbatim:
        case T::Double:
        case T::BigNumber:  // DIFFERS FROM REDIS: 7.0.15 exits with "Unknown reply type: 13".
            out += r.str;
            return;
        case T::Bool:
            out += r.boolean ? "(true)" : "(false)";
            return;
        case T::Integer:
            out += std::to_string(r.integer);
            return;
        case T::Array:
        case T::Set:
        case T::Push:
            for (size_t i = 0; i < r.elements.size(); i++) {
                if (i > 0) out += delim;
                raw(r.elements[i], delim, out);
            }
            return;
        case T::Map:
        case T::Attribute:  // DIFFERS FROM REDIS: 7.0.15 cannot parse '|'.
            for (size_t i = 0; i + 1 < r.elements.size(); i += 2) {
                if (i > 0) out += delim;
                raw(r.elements[i], delim, out);
                out += ' ';
                raw(r.elements[i + 1], delim, out);
            }
            return;
    }
}

bool contains(const Reply& r, T type) {
    if (r.type == type) return true;
    for (const Reply& e : r.elements)
        if (contains(e, type)) return true;
    return false;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

}  // namespace

std::string formatTTY(const Reply& r) {
    std::string out;
    tty(r, "", out);
    return out;
}

std::string formatRaw(const Reply& r, std::string_view bulkDelim, std::string_view cmdDelim) {
    std::string out;
    raw(r, bulkDelim, out);
    out += cmdDelim;
    return out;
}

std::string formatPushTTY(const Reply& push) {
    bool invalidate = push.type == T::Push && push.elements.size() == 2 && push.elements[0].type == T::Bulk &&
                      push.elements[0].str.compare(0, 10, "invalidate") == 0 && push.elements[1].type == T::Array;
    if (!invalidate) return formatTTY(push);
    std::string out = "-> invalidate: ";
    const auto& keys = push.elements[1].elements;
    for (size_t i = 0; i < keys.size(); i++) {
        // redis-cli asserts every key is a bulk string; we print others' text.
        out += '\'';
        out += cString(keys[i].str);
        out += '\'';
        if (i + 1 < keys.size()) out += ", ";
    }
    out += '\n';
    return out;
}

bool printsRawStrings(std::span<const std::string> argv) {
    if (argv.empty()) return false;
    const std::string& cmd = argv[0];
    size_t argc = argv.size();
    auto sub = [&](std::string_view want) { return argc >= 2 && iequals(argv[1], want); };
    if (iequals(cmd, "info") || iequals(cmd, "lolwut")) return true;
    if (iequals(cmd, "debug")) return sub("htstats") || sub("htstats-key");
    if (iequals(cmd, "memory")) return sub("malloc-stats") || sub("doctor");
    if (iequals(cmd, "cluster")) return argc == 2 && (sub("nodes") || sub("info"));
    if (iequals(cmd, "client")) return sub("list") || sub("info");
    if (iequals(cmd, "latency")) return (argc == 3 && sub("graph")) || (argc == 2 && sub("doctor"));
    if (iequals(cmd, "proxy")) return sub("info");
    return false;
}

std::optional<std::string> cliFatalMessage(const Reply& r) {
    if (contains(r, T::Attribute)) return "Error: Protocol error, got \"|\" as reply type byte\n";
    if (contains(r, T::BigNumber)) return "Unknown reply type: 13\n";
    return std::nullopt;
}

}  // namespace redsim::resp
