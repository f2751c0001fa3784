// request.cpp — the query-buffer parser (see request.h for the rules and the
// Redis functions each part follows).
#include "engine/resp/request.h"

#include <algorithm>
#include <climits>
#include <optional>

#include "engine/resp/args.h"
#include "engine/util/numbers.h"

namespace redsim::resp {
namespace {

constexpr size_t npos = std::string::npos;

// Once the whole buffer is parsed, a buffer bigger than this is freed rather
// than kept for reuse (Redis shrinks idle query buffers in clientsCron).
constexpr size_t kKeepCapacity = 1024 * 1024;
// The parsed prefix is erased once it is at least this long and at least half
// the buffer, so compaction costs O(1) amortised per byte.
constexpr size_t kCompactAfter = 4096;

}  // namespace

std::string expectedDollarError(char got) {
    if (got == '\r' || got == '\n') got = ' ';  // addReplyErrorFormat's rule
    std::string s = "ERR Protocol error: expected '$', got '";
    s += got;
    s += '\'';
    return s;
}

void RequestParser::feed(std::string_view bytes) {
    if (!error_.empty()) return;
    if (in_big_) {
        // Big-argument mode: the bytes go straight into the argument's own
        // buffer (reserved to its full size), never through buf_.
        size_t want = static_cast<size_t>(bulk_len_) + 2 - big_.size();
        size_t take = std::min(want, bytes.size());
        big_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
    }
    if (bytes.empty()) return;
    if (pos_ == buf_.size()) {
        if (buf_.capacity() > kKeepCapacity) {
            std::string().swap(buf_);
        } else {
            buf_.clear();
        }
        pos_ = 0;
        scanned_ = 0;
    } else if (pos_ >= kCompactAfter && pos_ * 2 >= buf_.size()) {
        buf_.erase(0, pos_);  // scanned_ is relative to pos_, so stays valid
        pos_ = 0;
    }
    buf_.append(bytes);
}

RequestParser::Status RequestParser::next(std::vector<std::string>* argv, std::string* error,
                                          const RequestLimits& limits) {
    while (error_.empty()) {
        Step step;
        if (multibulk_left_ > 0) {
            step = parseMultibulk(argv, limits);
        } else if (pos_ == buf_.size()) {
            return Status::NeedMore;
        } else if (buf_[pos_] == '*') {
            step = parseMultibulk(argv, limits);
        } else {
            step = parseInline(argv);
        }
        switch (step) {
            case Step::Done:
                return Status::Command;
            case Step::Skip:
                continue;
            case Step::NeedMore:
                return Status::NeedMore;
            case Step::Error:
                break;
        }
    }
    *error = error_;
    return Status::Error;
}

size_t RequestParser::findTerminator(char target) {
    const char* base = buf_.data() + pos_;
    size_t avail = buf_.size() - pos_;
    for (size_t i = scanned_; i < avail; i++) {
        if (base[i] == target) {
            scanned_ = i;
            return i;
        }
        if (base[i] == '\0') {  // strchr() stops here: the terminator is hidden
            scanned_ = i;
            return npos;
        }
    }
    scanned_ = avail;
    return npos;
}

void RequestParser::consume(size_t n) {
    pos_ += n;
    scanned_ = 0;
}

RequestParser::Step RequestParser::fail(std::string text) {
    error_ = std::move(text);
    return Step::Error;
}

// processInlineBuffer(): one '\n'-terminated line, split by sdssplitargs.
RequestParser::Step RequestParser::parseInline(std::vector<std::string>* argv) {
    size_t nl = findTerminator('\n');
    if (nl == npos) {
        if (buf_.size() - pos_ > kInlineMaxSize) return fail(std::string(kErrTooBigInline));
        return Step::NeedMore;
    }
    size_t len = nl;
    if (len > 0 && buf_[pos_ + len - 1] == '\r') len--;
    std::optional<std::vector<std::string>> args = splitArgs(std::string_view(buf_).substr(pos_, len));
    if (!args) return fail(std::string(kErrUnbalancedQuotes));
    consume(nl + 1);
    if (args->empty()) return Step::Skip;
    *argv = std::move(*args);
    return Step::Done;
}

// processMultibulkBuffer(): "*<n>\r?" then n times "$<len>\r?" <len bytes> "??".
// Resumable: multibulk_left_, bulk_len_, args_ and big_ carry the progress.
RequestParser::Step RequestParser::parseMultibulk(std::vector<std::string>* argv, const RequestLimits& limits) {
    if (multibulk_left_ == 0) {
        size_t cr = findTerminator('\r');
        size_t avail = buf_.size() - pos_;
        if (cr == npos) {
            if (avail > kInlineMaxSize) return fail(std::string(kErrTooBigMbulkCount));
            return Step::NeedMore;
        }
        if (cr + 2 > avail) return Step::NeedMore;  // the byte after '\r' must be here
        std::optional<long long> n = parseInt64(std::string_view(buf_).substr(pos_ + 1, cr - 1));
        if (!n || *n > INT_MAX) return fail(std::string(kErrInvalidMbulkLen));
        if (*n > kUnauthMaxArgs && !limits.authenticated) {
            return fail(std::string(kErrUnauthMbulkLen));
        }
        consume(cr + 2);
        if (*n <= 0) return Step::Skip;
        multibulk_left_ = *n;
        args_.clear();
        // Like Redis, do not trust a huge count with a huge allocation up front.
        args_.reserve(static_cast<size_t>(std::min<long long>(*n, 1024)));
    }

    while (multibulk_left_ > 0) {
        if (in_big_) {
            if (big_.size() < static_cast<size_t>(bulk_len_) + 2) return Step::NeedMore;
            big_.resize(static_cast<size_t>(bulk_len_));  // drop the two trailing bytes
            args_.push_back(std::move(big_));
            big_ = std::string();
            in_big_ = false;
            bulk_len_ = -1;
            multibulk_left_--;
            continue;
        }
        if (bulk_len_ == -1) {
            size_t cr = findTerminator('\r');
            size_t avail = buf_.size() - pos_;
            if (cr == npos) {
                if (avail > kInlineMaxSize) return fail(std::string(kErrTooBigBulkCount));
                return Step::NeedMore;
            }
            if (cr + 2 > avail) return Step::NeedMore;
            if (buf_[pos_] != '$') return fail(expectedDollarError(buf_[pos_]));
            std::optional<long long> n = parseInt64(std::string_view(buf_).substr(pos_ + 1, cr - 1));
            if (!n || *n < 0 || *n > limits.proto_max_bulk_len) {
                return fail(std::string(kErrInvalidBulkLen));
            }
            if (*n > kUnauthMaxBulk && !limits.authenticated) {
                return fail(std::string(kErrUnauthBulkLen));
            }
            consume(cr + 2);
            bulk_len_ = *n;
            size_t need = static_cast<size_t>(bulk_len_) + 2;
            if (bulk_len_ >= kBigArg && buf_.size() - pos_ < need) {
                // Big argument still arriving: give it a buffer of its own, sized
                // once, that feed() fills directly (Redis's querybuf trick).
                big_.reserve(need);
                big_.assign(buf_, pos_, npos);
                consume(buf_.size() - pos_);
                in_big_ = true;
                continue;
            }
        }
        size_t need = static_cast<size_t>(bulk_len_) + 2;
        if (buf_.size() - pos_ < need) return Step::NeedMore;
        if (bulk_len_ >= kBigArg && pos_ == 0 && buf_.size() == need) {
            // The buffer holds exactly this argument: take it instead of copying.
            buf_.resize(static_cast<size_t>(bulk_len_));
            args_.push_back(std::move(buf_));
            buf_ = std::string();
            scanned_ = 0;
        } else {
            args_.emplace_back(buf_, pos_, static_cast<size_t>(bulk_len_));
            consume(need);
        }
        bulk_len_ = -1;
        multibulk_left_--;
    }
    *argv = std::move(args_);
    args_ = std::vector<std::string>();
    return Step::Done;
}

}  // namespace redsim::resp
