#include "engine/reply.h"

#include "engine/util/numbers.h"

#include <cctype>
#include <charconv>

namespace redsim {

void ReplyWriter::header(char type, long long n) {
    // One append per header: this runs for every bulk string and array of every reply.
    char buf[24];
    buf[0] = type;
    char* end = std::to_chars(buf + 1, buf + sizeof buf - 2, n).ptr;
    *end++ = '\r';
    *end++ = '\n';
    out_->append(buf, static_cast<size_t>(end - buf));
}

void ReplyWriter::status(std::string_view s) {
    out_->push_back('+');
    for (char c : s) out_->push_back(c == '\r' || c == '\n' ? ' ' : c);
    out_->append("\r\n");
}

void ReplyWriter::error(std::string_view msg) {
    out_->push_back('-');
    for (char c : msg) out_->push_back(c == '\r' || c == '\n' ? ' ' : c);
    out_->append("\r\n");
    ++errors_;
    last_error_code_ = std::string(msg.substr(0, msg.find(' ')));
}

void ReplyWriter::integer(long long v) { header(':', v); }

void ReplyWriter::bulk(std::string_view s) {
    header('$', static_cast<long long>(s.size()));
    out_->append(s);
    out_->append("\r\n");
}

void ReplyWriter::null() { out_->append(resp_ >= 3 ? "_\r\n" : "$-1\r\n"); }
void ReplyWriter::nullArray() { out_->append(resp_ >= 3 ? "_\r\n" : "*-1\r\n"); }
void ReplyWriter::arrayLen(size_t n) { header('*', static_cast<long long>(n)); }
void ReplyWriter::mapLen(size_t n) {
    if (resp_ >= 3)
        header('%', static_cast<long long>(n));
    else
        header('*', static_cast<long long>(2 * n));
}
void ReplyWriter::setLen(size_t n) { header(resp_ >= 3 ? '~' : '*', static_cast<long long>(n)); }
void ReplyWriter::pushLen(size_t n) { header(resp_ >= 3 ? '>' : '*', static_cast<long long>(n)); }

void ReplyWriter::doubleValue(double d) { doubleText(formatDouble(d)); }

void ReplyWriter::doubleText(std::string_view text) {
    if (resp_ >= 3) {
        out_->push_back(',');
        out_->append(text);
        out_->append("\r\n");
    } else {
        bulk(text);
    }
}

void ReplyWriter::boolean(bool b) {
    if (resp_ >= 3)
        out_->append(b ? "#t\r\n" : "#f\r\n");
    else
        integer(b ? 1 : 0);
}

void ReplyWriter::bigNumber(std::string_view digits) {
    if (resp_ >= 3) {
        out_->push_back('(');
        out_->append(digits);
        out_->append("\r\n");
    } else {
        bulk(digits);
    }
}

void ReplyWriter::verbatim(std::string_view s, std::string_view format) {
    if (resp_ >= 3) {
        header('=', static_cast<long long>(s.size() + 4));
        out_->append(format.substr(0, 3));
        out_->push_back(':');
        out_->append(s);
        out_->append("\r\n");
    } else {
        bulk(s);
    }
}

void ReplyWriter::helpLines(std::string_view command, std::initializer_list<std::string_view> lines) {
    std::string upper(command);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    arrayLen(lines.size() + 3);
    status(upper + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    for (auto line : lines) status(line);
    status("HELP");
    status("    Prints this help.");
}

size_t ReplyWriter::deferLen() {
    const size_t where = out_->size();
    return where;
}

void ReplyWriter::setDeferred(size_t where, char type, size_t n) {
    std::string h(1, type);
    h += std::to_string(n);
    h += "\r\n";
    out_->insert(where, h);
}

void ReplyWriter::setArrayLen(size_t where, size_t n) { setDeferred(where, '*', n); }
void ReplyWriter::setMapLen(size_t where, size_t n) {
    if (resp_ >= 3)
        setDeferred(where, '%', n);
    else
        setDeferred(where, '*', 2 * n);
}
}  // namespace redsim
