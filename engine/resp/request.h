// request.h — turning the bytes a client sends into command argument vectors.
//
// This is the server half of the protocol: the mirror of reply.h.  Redis keeps
// a per-client query buffer; every read(2) appends to it and
// processInputBuffer() then cuts as many commands out of it as it can
// (networking.c: processInlineBuffer / processMultibulkBuffer).  A request has
// one of two shapes, chosen by its first byte:
//
//   first byte   shape       example                          argv
//   ----------   ---------   ------------------------------   -------------------
//   '*'          multibulk   *2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n  {"ECHO", "hi"}
//   anything     inline      ECHO "hi there"\r\n               {"ECHO", "hi there"}
//
// Rules, each checked against redis-server 7.0.15 (see request_test.cpp):
//
//  * Inline: the line ends at '\n' (a '\r' just before it is dropped) and is
//    split like sdssplitargs (args.h).  A blank line yields no command and is
//    skipped.  More than 64 KB buffered with no '\n' is an error.  Because
//    Redis looks for the '\n' with strchr(), a NUL byte before it hides the
//    newline: such a line waits (and eventually hits the 64 KB error).
//  * Multibulk: "*<count>\r" then, per argument, "$<len>\r" + <len> bytes.
//    Only the '\r' is looked for; the byte after it is skipped unchecked, and
//    the two bytes after bulk data are skipped unchecked too ("$4\r\nPINGxx"
//    is accepted).  Numbers must be canonical (string2ll: no '+', no leading
//    zeros, no spaces, no "-0").  A count <= 0 ("*0", "*-1") yields no command.
//    Count > INT_MAX, bulk length < 0 or > proto-max-bulk-len are errors.
//  * Before AUTH (when the default user needs a password) a count > 10 or a
//    bulk length > 16384 is an error — the CVE-2021-32675 limits.  Inline
//    requests have no such limit.
//  * Every protocol error is answered with "-ERR <text>\r\n" and the
//    connection is closed once that reply is written (CLIENT_CLOSE_AFTER_REPLY);
//    replies to the commands before it in the same buffer are still sent.
//
// Big arguments: Redis reads a bulk of 32 KB or more (PROTO_MBULK_BIG_ARG)
// straight into a buffer sized for it and turns that buffer into the argument
// without copying.  We do the same: once such a bulk's header is parsed and
// its data is not all here yet, a string reserved to its full length receives
// the bytes directly from feed(), and is then moved into argv.  Each byte of a
// big argument is copied once, whatever the read sizes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace redsim::resp {

// Per-client knobs that change what the parser accepts.  They may differ
// between calls to next() (AUTH inside a pipeline lifts the limits for the
// very next command, as in Redis, which parses one command, runs it, then
// parses the next).
struct RequestLimits {
    long long proto_max_bulk_len = 512LL * 1024 * 1024;          // proto-max-bulk-len
    long long client_query_buffer_limit = 1024LL * 1024 * 1024;  // client-query-buffer-limit
    // False while Redis's authRequired(c) is true: the default user has a
    // password (or is disabled) and this connection has not authenticated.
    bool authenticated = true;
};

// Redis's limits that are not configurable (server.h).
inline constexpr size_t kInlineMaxSize = 64 * 1024;  // PROTO_INLINE_MAX_SIZE
inline constexpr long long kBigArg = 32 * 1024;      // PROTO_MBULK_BIG_ARG
inline constexpr long long kUnauthMaxArgs = 10;      // count limit before AUTH
inline constexpr long long kUnauthMaxBulk = 16384;   // bulk limit before AUTH

// The error lines, exactly as Redis 7.0.15 sends them after '-' (with the
// code, as in engine/errors.h and ReplyWriter::error()).
inline constexpr std::string_view kErrTooBigInline = "ERR Protocol error: too big inline request";
inline constexpr std::string_view kErrUnbalancedQuotes = "ERR Protocol error: unbalanced quotes in request";
inline constexpr std::string_view kErrTooBigMbulkCount = "ERR Protocol error: too big mbulk count string";
inline constexpr std::string_view kErrInvalidMbulkLen = "ERR Protocol error: invalid multibulk length";
inline constexpr std::string_view kErrUnauthMbulkLen = "ERR Protocol error: unauthenticated multibulk length";
inline constexpr std::string_view kErrTooBigBulkCount = "ERR Protocol error: too big bulk count string";
inline constexpr std::string_view kErrInvalidBulkLen = "ERR Protocol error: invalid bulk length";
inline constexpr std::string_view kErrUnauthBulkLen = "ERR Protocol error: unauthenticated bulk length";
// "ERR Protocol error: expected '$', got 'X'" comes from expectedDollarError().

// The text Redis sends when an argument header does not start with '$'.
// Like addReplyErrorFormat(), a '\r' or '\n' as `got` is shown as a space.
std::string expectedDollarError(char got);

// One client's query buffer and the state of a half-parsed command.
// Not thread-safe; one per connection.  Copying is disabled (a parser is tied
// to one connection's byte stream); moving is allowed.
class RequestParser {
public:
    enum class Status { Command, NeedMore, Error };

    RequestParser() = default;
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;
    RequestParser(RequestParser&&) = default;
    RequestParser& operator=(RequestParser&&) = default;

    // Appends bytes read from the socket (copied; `bytes` may die afterwards).
    // Bytes fed after an Error are discarded (the connection is closing).
    void feed(std::string_view bytes);

    // Extracts the next command.
    //  - Command: *argv is replaced by the command's arguments, never empty.
    //    Empty requests (blank inline lines, "*0", "*-N") are consumed silently
    //    and never reported, as Redis ignores them.  DIFFERS FROM REDIS: a
    //    replica's bare newline also refreshes its repl_ack_time; not modelled.
    //  - NeedMore: every complete command has been returned; feed() more.
    //    *argv and *error are untouched.
    //  - Error: *error holds the full text Redis sends after '-' and before
    //    CRLF, e.g. "ERR Protocol error: invalid multibulk length".  The caller
    //    must write "-" + *error + "\r\n" and then close the connection.  The
    //    parser stays in this state: later calls return the same Error.
    // Requires: argv and error non-null.  Call in a loop until it stops
    // returning Command; limits are read at each call.
    Status next(std::vector<std::string>* argv, std::string* error, const RequestLimits& limits);

    // Bytes received but not yet turned into arguments (a big argument's
    // partial data included): Redis's sdslen(querybuf) between reads, i.e.
    // CLIENT LIST's qbuf.
    size_t buffered() const { return (buf_.size() - pos_) + big_.size(); }

    // True when the server should drop the client: Redis closes a client whose
    // query buffer exceeds client-query-buffer-limit right after the read,
    // without any reply (verified: nothing is written before the close).
    bool overQueryBufferLimit(const RequestLimits& limits) const {
        return static_cast<long long>(buffered()) > limits.client_query_buffer_limit;
    }

    // True between a multibulk's "*<n>" line and its last argument.
    bool inMultibulk() const { return multibulk_left_ > 0; }

private:
    enum class Step { Done, Skip, NeedMore, Error };

    // One attempt at each shape; Skip means an empty request was consumed.
    Step parseInline(std::vector<std::string>* argv);
    Step parseMultibulk(std::vector<std::string>* argv, const RequestLimits& limits);
    // Offset (from pos_) of the first `target` byte in the unparsed bytes, or
    // npos if absent or preceded by a NUL (strchr semantics).  Remembers how far
    // it looked so that byte-at-a-time feeding stays linear.
    size_t findTerminator(char target);
    void consume(size_t n);
    Step fail(std::string text);

    std::string buf_;  // query buffer; bytes before pos_ are parsed
    size_t pos_ = 0;
    size_t scanned_ = 0;             // buf_[pos_, pos_+scanned_) holds no terminator
    long long multibulk_left_ = 0;   // arguments still to read (0: none pending)
    long long bulk_len_ = -1;        // length of the argument being read, or -1
    std::vector<std::string> args_;  // arguments read so far
    std::string big_;                // big-argument mode: data (+CRLF) received so far
    bool in_big_ = false;
    std::string error_;  // non-empty once an error was reported
};

}  // namespace redsim::resp
