// reply.h — the parsed form of one server reply, and a RESP2/RESP3 parser.
//
// A client (our REPL, the GUI console, tests) receives bytes from the server
// and must turn them into a tree before it can print anything.  This file is
// that step, modelled on hiredis (the C client redis-cli links with): the
// Reply tree mirrors hiredis's `redisReply`, so formatting code can follow
// redis-cli's own logic case by case.
//
// Wire forms understood (every line ends in "\r\n"):
//
//   byte  RESP  type        wire example                   Reply
//   ----  ----  ----------  -----------------------------  ---------------------
//    +     2    status      +OK                            Status, str="OK"
//    -     2    error       -ERR bad                       Error,  str="ERR bad"
//    :     2    integer     :42                            Integer, integer=42
//    $     2    bulk        $3 / foo   ($-1 = null)        Bulk, str  (or Nil)
//    *     2    array       *2 / <2 replies> (*-1 = null)  Array    (or Nil)
//    _     3    null        _                              Nil
//    ,     3    double      ,3.14  (also inf, -inf, nan)   Double, str="3.14"
//    #     3    boolean     #t / #f                        Bool, boolean
//    (     3    big number  (12345678901234567890          BigNumber, str=digits
//    =     3    verbatim    =8 / txt:abcd                  Verbatim, vtype="txt", str="abcd"
//    %     3    map         %1 / <key> <value>             Map, elements=k1,v1,…
//    ~     3    set         ~2 / <2 replies>               Set
//    >     3    push        >2 / <2 replies>               Push
//    |     3    attribute   |1 / <key> <value>             Attribute, elements=k1,v1,…
//
// Like hiredis, a map's (and an attribute's) N pairs are flattened into 2N
// elements, and a verbatim string's 3-letter format ("txt", "mkd") is split
// off into `vtype` so `str` holds only the text.  An attribute is returned as
// a reply of its own; the reply it annotates is the next one in the buffer.
//
// DIFFERS FROM REDIS: RESP3 streamed strings and aggregates ("$?", "*?", ";",
// ".") are rejected as protocol errors; Redis 7.0 never sends them.  hiredis
// 1.0 (inside redis-cli 7.0.15) cannot parse '|' at all: see
// cliFatalMessage() in format.h for what redis-cli does instead.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace redsim::resp {

struct Reply {
    enum class Type {
        Status,
        Error,
        Integer,
        Bulk,
        Nil,
        Array,
        Map,
        Set,
        Push,
        Double,
        Bool,
        BigNumber,
        Verbatim,
        Attribute
    };

    Type type = Type::Nil;
    // Status/Error/Bulk text; Double and BigNumber as sent on the wire
    // ("3.14", "inf", "-123…"); Verbatim text *without* its "txt:" prefix.
    std::string str;
    std::string vtype;  // Verbatim only: the 3-byte format, e.g. "txt".
    long long integer = 0;
    bool boolean = false;
    // Array/Set/Push: the items.  Map/Attribute: k1, v1, k2, v2, … (always even).
    std::vector<Reply> elements;

    bool isAggregate() const {
        return type == Type::Array || type == Type::Map || type == Type::Set || type == Type::Push ||
               type == Type::Attribute;
    }
    friend bool operator==(const Reply&, const Reply&) = default;

    // Convenience constructors, mostly for tests and for building replies.
    static Reply status(std::string s) { return make(Type::Status, std::move(s)); }
    static Reply error(std::string s) { return make(Type::Error, std::move(s)); }
    static Reply bulk(std::string s) { return make(Type::Bulk, std::move(s)); }
    static Reply nil() { return Reply{}; }
    static Reply integerOf(long long v) {
        Reply r;
        r.type = Type::Integer;
        r.integer = v;
        return r;
    }
    static Reply boolOf(bool v) {
        Reply r;
        r.type = Type::Bool;
        r.boolean = v;
        return r;
    }
    static Reply aggregate(Type t, std::vector<Reply> items) {
        Reply r;
        r.type = t;
        r.elements = std::move(items);
        return r;
    }
    static Reply make(Type t, std::string s) {
        Reply r;
        r.type = t;
        r.str = std::move(s);
        return r;
    }
};

enum class ParseStatus { Ok, Incomplete, Error };

// Deepest aggregate nesting accepted (hiredis 1.0 allows 7; Redis itself can
// send deeper replies from Lua, so we are more generous but still bounded so a
// hostile buffer cannot exhaust the stack).
inline constexpr int kMaxNesting = 64;

// Parses one complete reply starting at buf[pos].
//  - Ok: `out` holds the reply and `pos` is advanced just past it.
//  - Incomplete: the buffer ends before the reply does; `pos` and `out` are
//    untouched.  Append more bytes and call again with the same `pos`.
//  - Error: the bytes can never form a valid reply (unknown type byte, bad
//    number, missing "\r\n" after bulk data, nesting deeper than kMaxNesting…);
//    `*err` (if given) gets a hiredis-style message, `pos` is untouched.
// Requires: pos <= buf.size().  Never throws except std::bad_alloc, never reads
// outside `buf`.  The result owns its data (no views into `buf`).
[[nodiscard]] ParseStatus parseReply(std::string_view buf, size_t& pos, Reply& out, std::string* err = nullptr);

// Serialises `r` back to RESP (RESP3 forms for RESP3 types; Nil as "_" when
// resp3, else "$-1").  parseReply(encodeReply(r)) == r for every valid tree.
// Used by tests and by code that wants to fake a server reply.
std::string encodeReply(const Reply& r, bool resp3 = true);

}  // namespace redsim::resp
