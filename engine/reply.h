// ReplyWriter: how commands answer (Redis's addReply* family).
//
// Every face gets the same bytes: a command appends RESP2 or RESP3 to its client's
// output buffer, chosen by the client's protocol (HELLO 2|3). The REPL and the GUI
// console parse those bytes back and print them as redis-cli does; the server writes
// them to the socket. Where the two protocols differ:
//   null        RESP2 "$-1" (bulk) or "*-1" (array)     RESP3 "_"
//   map         RESP2 an array of 2n items                RESP3 "%n"
//   set         RESP2 an array                            RESP3 "~n"
//   double      RESP2 a bulk string                       RESP3 ",d"
//   boolean     RESP2 ":1"/":0"                           RESP3 "#t"/"#f"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace redsim {

class ReplyWriter {
public:
    // Requires: out outlives the writer.
    ReplyWriter(std::string& out, int protocol) : out_(&out), resp_(protocol) {}

    int protocol() const { return resp_; }

    void status(std::string_view s);
    void ok() { out_->append("+OK\r\n"); }
    // `msg` is the whole error line including its code, e.g. "ERR syntax error" or
    // "WRONGTYPE …". Newlines become spaces, as Redis does to keep the protocol safe.
    void error(std::string_view msg);
    void integer(long long v);
    void bulk(std::string_view s);
    void null();       // null bulk
    void nullArray();  // null multi-bulk (*-1 in RESP2)
    void arrayLen(size_t n);
    void mapLen(size_t n);
    void setLen(size_t n);
    void pushLen(size_t n);
    void doubleValue(double d);
    // A double already formatted by the caller (addReplyHumanLongDouble): RESP3 ",text",
    // RESP2 a bulk string.
    void doubleText(std::string_view text);
    void boolean(bool b);
    void bigNumber(std::string_view digits);
    // Verbatim string: RESP3 "=len\r\ntxt:…", RESP2 a bulk string.
    void verbatim(std::string_view s, std::string_view format = "txt");
    void emptyArray() { arrayLen(0); }
    // A help text: an array of status lines (addReplyHelp).
    void helpLines(std::string_view command, std::initializer_list<std::string_view> lines);

    // Deferred lengths (addReplyDeferredLen): reserve a place for a length written later,
    // when the number of items is only known after emitting them.
    size_t deferLen();
    void setArrayLen(size_t where, size_t n);
    // A deferred map length (RESP3 "%n", RESP2 an array of 2n items).
    void setMapLen(size_t where, size_t n);

    // Errors this writer emitted (the first word of each), for INFO errorstats.
    int errorCount() const { return errors_; }
    std::string_view lastErrorCode() const { return last_error_code_; }

private:
    void header(char type, long long n);
    void setDeferred(size_t where, char type, size_t n);

    std::string* out_;
    int resp_;
    int errors_ = 0;
    std::string last_error_code_;
};

}  // namespace redsim
