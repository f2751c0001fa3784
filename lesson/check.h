// check.h — the check language of ```check blocks, and its evaluation.
//
// One assertion per line:
//
//   COMMAND args…  OP  expected          # optional message shown when it fails
//
//   OP        ==  !=  <  <=  >  >=       compare as values (numbers numerically)
//             ~                          glob match (Redis's own rules)
//             contains                   an array holds the value / a string holds it
//             in                         the reply is one of a list: in [a, b, c]
//   expected  42   3.5   "text"  word    a number, a quoted or a bare string
//             nil                        a nil reply
//             [a, "b c", 3]  []          an array (nested arrays allowed)
//             error "WRONGTYPE"          an error reply whose text starts with this
//
// Meta lines: `:time +10s` lets time pass before the next assertions (they then run on a
// copy of the learner's engine, which is left as it was); `:client NAME` runs the next
// assertions as the learner's client NAME (its database, protocol and ACL user).
// `points = N` (a line of its own) sets the block's weight (1 by default). Blank lines
// and lines starting with '#' are ignored.
//
// Checks never change the learner's data: a command that may write (or block, publish,
// change config or ACLs) is refused when the lesson is loaded.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/resp/reply.h"

namespace redsim {
class CommandTable;
}
namespace redsim::repl {
class Session;
}

namespace redsim::lesson {

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, Glob, Contains, In };
std::string_view opText(Op op);

// A value written after the operator.
struct Value {
    enum class Kind { Nil, Number, String, Array, Error };
    Kind kind = Kind::Nil;
    std::string text;  // String: the bytes; Number: as written; Error: the prefix
    double number = 0;
    std::vector<Value> items;  // Array
    std::string str() const;   // as it would be written in a check: "[a, \"b c\", 3]"
};

struct CheckLine {
    enum class Kind { Assert, Time, Client };
    Kind kind = Kind::Assert;
    int line = 0;        // in the lesson file
    std::string source;  // the line as written, trimmed
    // Assert
    std::vector<std::string> argv;
    Op op = Op::Eq;
    Value expected;
    std::string message;  // after '#', trimmed; empty: none
    // Time
    long long time_us = 0;
    // Client
    std::string client;
};

struct CheckBlock {
    int line = 0;  // of the opening fence
    double points = 1;
    std::vector<CheckLine> lines;
    // True when the block holds a `:time` line (it is evaluated on a copy).
    bool needsCopy() const;
};

// Parses the body of a ```check block. `first_line` is the file line of the body's first
// line. Problems are appended as (line, message); the lines that parsed are kept.
struct CheckProblem {
    int line = 0;
    std::string message;
};
CheckBlock parseCheckBlock(std::string_view body, int first_line, const CommandTable& table,
                           std::vector<CheckProblem>& problems);

// Parses one expected value ("[a, 3]", "nil", "error \"ERR\""); nullopt with *error set on
// a syntax error.
std::optional<Value> parseValue(std::string_view text, std::string* error);

// Does `reply` satisfy `op expected`? On failure *why says what was got, in words a
// learner reads ("got (integer) 3").
bool compare(const resp::Reply& reply, Op op, const Value& expected, std::string* why);

// Why a command may not appear in a check, or empty when it may.
std::string refusalForCheck(std::span<const std::string> argv, const CommandTable& table);

struct AssertionResult {
    int line = 0;
    std::string source;
    bool passed = false;
    std::string message;  // the author's message, or a generated one
    std::string got;      // what the reply was, in redis-cli's TTY form without "\n"
};

struct BlockResult {
    bool passed = false;
    double score = 0, max_score = 1;
    std::vector<AssertionResult> assertions;
};

// Evaluates a block against the learner's session (its embedded engine), leaving the
// learner's data, clients, clock and access times as they were.
BlockResult evaluate(const CheckBlock& block, repl::Session& session);

}  // namespace redsim::lesson
