// The check language (check.h): parsing a ```check block, comparing replies with the
// values an author wrote, and evaluating a block against a learner's engine without
// changing it.
#include "lesson/check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "client/format.h"
#include "engine/acl.h"
#include "engine/commands/table.h"
#include "engine/copy.h"
#include "engine/resp/args.h"
#include "engine/util/glob.h"
#include "engine/util/numbers.h"
#include "engine/util/text.h"
#include "repl/meta.h"
#include "repl/session.h"

namespace redsim::lesson {

namespace {

// A word of an assertion line outside quotes: where it starts and ends in the line.
struct Word {
    size_t begin = 0, end = 0;
    bool quoted = false;
};

// Splits at whitespace outside quotes, as redis-cli does, keeping offsets. A quote opens
// only at the start of a word. Returns false on an unterminated quote.
bool words(std::string_view line, std::vector<Word>& out) {
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        Word w{.begin = i};
        if (line[i] == '"' || line[i] == '\'') {
            const char q = line[i++];
            w.quoted = true;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '\\' && i + 1 < line.size()) {
                    i += 2;
                    continue;
                }
                if (line[i++] == q) {
                    closed = true;
                    break;
                }
            }
            if (!closed) return false;
        }
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        w.end = i;
        out.push_back(w);
    }
    return true;
}

std::optional<Op> symbolicOp(std::string_view w) {
    if (w == "==") return Op::Eq;
    if (w == "!=") return Op::Ne;
    if (w == "<") return Op::Lt;
    if (w == "<=") return Op::Le;
    if (w == ">") return Op::Gt;
    if (w == ">=") return Op::Ge;
    if (w == "~") return Op::Glob;
    return std::nullopt;
}

// ---- values -----------------------------------------------------------------------

class ValueParser {
public:
    explicit ValueParser(std::string_view s) : s_(s) {}

    std::optional<Value> top(std::string* error) {
        skip();
        std::optional<Value> v;
        if (atBare()) {
            // At the top level a bare value runs to the end of the line: `== Hello world`.
            const std::string_view rest = trimBlanks(s_.substr(i_));
            i_ = s_.size();
            v = bare(rest);
        } else {
            v = value(error);
        }
        if (!v) return std::nullopt;
        skip();
        if (i_ != s_.size()) {
            *error = "unexpected '" + std::string(s_.substr(i_)) + "' after the value";
            return std::nullopt;
        }
        return v;
    }

private:
    void skip() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    }
    bool atBare() const {
        if (i_ >= s_.size()) return false;
        const char c = s_[i_];
        if (c == '[' || c == '"' || c == '\'') return false;
        const std::string_view rest = s_.substr(i_);
        return !rest.starts_with("(error)") && !rest.starts_with("error ") && !rest.starts_with("(integer)");
    }

    // A word written without quotes: nil, a number, or a string.
    static Value bare(std::string_view w) {
        Value v;
        if (w == "nil" || w == "(nil)") return v;
        if (looksNumeric(w)) {
            if (auto d = parseDouble(w)) {
                v.kind = Value::Kind::Number;
                v.number = *d;
                v.text = std::string(w);
                return v;
            }
        }
        v.kind = Value::Kind::String;
        v.text = std::string(w);
        return v;
    }
    static bool looksNumeric(std::string_view w) {
        if (w.empty()) return false;
        size_t i = (w[0] == '-' || w[0] == '+') ? 1 : 0;
        if (i >= w.size()) return false;
        if (w.substr(i) == "inf") return true;
        return std::isdigit(static_cast<unsigned char>(w[i])) || (w[i] == '.' && i + 1 < w.size());
    }

    std::optional<Value> value(std::string* error) {
        skip();
        if (i_ >= s_.size()) {
            *error = "a value is missing";
            return std::nullopt;
        }
        const std::string_view rest = s_.substr(i_);
        if (s_[i_] == '[') return array(error);
        if (s_[i_] == '"' || s_[i_] == '\'') {
            Value v;
            v.kind = Value::Kind::String;
            if (!quoted(v.text, error)) return std::nullopt;
            return v;
        }
        if (rest.starts_with("(error)") || rest.starts_with("error ")) {
            i_ += rest.starts_with("(error)") ? 7 : 6;
            skip();
            Value v;
            v.kind = Value::Kind::Error;
            if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'')) {
                if (!quoted(v.text, error)) return std::nullopt;
            } else {
                v.text = std::string(word());
            }
            if (v.text.empty()) {
                *error = "an error needs the start of its text: error \"WRONGTYPE\"";
                return std::nullopt;
            }
            return v;
        }
        if (rest.starts_with("(integer)")) {
            i_ += 9;
            skip();
        }
        const std::string_view w = word();
        if (w.empty()) {
            *error = "a value is missing";
            return std::nullopt;
        }
        return bare(w);
    }

    // Inside an array a bare word ends at ',' or ']'.
    std::string_view word() {
        const size_t b = i_;
        while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ']') ++i_;
        return trimBlanks(s_.substr(b, i_ - b));
    }

    bool quoted(std::string& out, std::string* error) {
        const size_t b = i_;
        const char q = s_[i_++];
        while (i_ < s_.size() && s_[i_] != q) {
            if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
            ++i_;
        }
        if (i_ >= s_.size()) {
            *error = "unterminated quote";
            return false;
        }
        ++i_;
        // redis-cli's own unquoting (escapes like \n and \x41 in double quotes).
        auto parts = resp::splitArgs(s_.substr(b, i_ - b));
        if (!parts || parts->size() != 1) {
            *error = "bad quoted string " + std::string(s_.substr(b, i_ - b));
            return false;
        }
        out = std::move((*parts)[0]);
        return true;
    }

    std::optional<Value> array(std::string* error) {
        ++i_;  // '['
        Value v;
        v.kind = Value::Kind::Array;
        skip();
        if (i_ < s_.size() && s_[i_] == ']') {
            ++i_;
            return v;
        }
        while (true) {
            if (++depth_ > 32) {
                *error = "arrays nested too deep";
                return std::nullopt;
            }
            auto item = value(error);
            --depth_;
            if (!item) return std::nullopt;
            v.items.push_back(std::move(*item));
            skip();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
                continue;
            }
            if (i_ < s_.size() && s_[i_] == ']') {
                ++i_;
                return v;
            }
            *error = "an array needs ',' between items and a closing ']'";
            return std::nullopt;
        }
    }

    std::string_view s_;
    size_t i_ = 0;
    int depth_ = 0;
};

// ---- replies as values ----------------------------------------------------------

bool isScalar(const resp::Reply& r) {
    using T = resp::Reply::Type;
    return r.type == T::Status || r.type == T::Bulk || r.type == T::Integer || r.type == T::Double ||
           r.type == T::Verbatim || r.type == T::BigNumber || r.type == T::Bool;
}
std::string scalarText(const resp::Reply& r) {
    using T = resp::Reply::Type;
    if (r.type == T::Integer) return std::to_string(r.integer);
    if (r.type == T::Bool) return r.boolean ? "1" : "0";
    return r.str;
}
std::optional<double> scalarNumber(const resp::Reply& r) {
    using T = resp::Reply::Type;
    if (r.type == T::Integer) return static_cast<double>(r.integer);
    if (r.type == T::Bool) return r.boolean ? 1.0 : 0.0;
    if (!isScalar(r)) return std::nullopt;
    return parseDouble(r.str);
}

bool equal(const resp::Reply& r, const Value& v) {
    using K = Value::Kind;
    using T = resp::Reply::Type;
    switch (v.kind) {
        case K::Nil:
            return r.type == T::Nil;
        case K::Error:
            return r.type == T::Error && r.str.starts_with(v.text);
        case K::Number: {
            const auto n = scalarNumber(r);
            return n && (*n == v.number || (std::isnan(*n) && std::isnan(v.number)));
        }
        case K::String:
            return isScalar(r) && scalarText(r) == v.text;
        case K::Array: {
            if (!r.isAggregate() || r.type == T::Attribute || r.elements.size() != v.items.size()) return false;
            for (size_t i = 0; i < v.items.size(); ++i)
                if (!equal(r.elements[i], v.items[i])) return false;
            return true;
        }
    }
    return false;
}

// A reply on one line, as a learner reads it in a failure message.
void compact(const resp::Reply& r, std::string& out) {
    using T = resp::Reply::Type;
    if (out.size() > 300) return;
    switch (r.type) {
        case T::Nil:
            out += "(nil)";
            return;
        case T::Integer:
            out += "(integer) " + std::to_string(r.integer);
            return;
        case T::Error:
            out += "(error) " + r.str;
            return;
        case T::Status:
            out += r.str;
            return;
        case T::Bool:
            out += r.boolean ? "(true)" : "(false)";
            return;
        case T::Double:
            out += "(double) " + r.str;
            return;
        default:
            break;
    }
    if (isScalar(r)) {
        out += resp::repr(r.str);
        return;
    }
    out += '[';
    for (size_t i = 0; i < r.elements.size(); ++i) {
        if (i) out += ", ";
        compact(r.elements[i], out);
        if (out.size() > 300) {
            out += ", …";
            break;
        }
    }
    out += ']';
}

std::string describe(const resp::Reply& r) {
    std::string s;
    compact(r, s);
    return s;
}

}  // namespace

std::string_view opText(Op op) {
    switch (op) {
        case Op::Eq:
            return "==";
        case Op::Ne:
            return "!=";
        case Op::Lt:
            return "<";
        case Op::Le:
            return "<=";
        case Op::Gt:
            return ">";
        case Op::Ge:
            return ">=";
        case Op::Glob:
            return "~";
        case Op::Contains:
            return "contains";
        case Op::In:
            return "in";
    }
    return "?";
}

std::string Value::str() const {
    switch (kind) {
        case Kind::Nil:
            return "nil";
        case Kind::Number:
            return text;
        case Kind::String:
            return resp::repr(text);
        case Kind::Error:
            return "error " + resp::repr(text);
        case Kind::Array: {
            std::string s = "[";
            for (size_t i = 0; i < items.size(); ++i) {
                if (i) s += ", ";
                s += items[i].str();
            }
            return s + "]";
        }
    }
    return {};
}

std::optional<Value> parseValue(std::string_view text, std::string* error) {
    std::string ignored;
    if (!error) error = &ignored;
    return ValueParser(text).top(error);
}

bool compare(const resp::Reply& reply, Op op, const Value& expected, std::string* why) {
    using K = Value::Kind;
    bool ok = false;
    switch (op) {
        case Op::Eq:
            ok = equal(reply, expected);
            break;
        case Op::Ne:
            ok = !equal(reply, expected);
            break;
        case Op::Lt:
        case Op::Le:
        case Op::Gt:
        case Op::Ge: {
            int c = 0;
            bool comparable = false;
            if (expected.kind == K::Number) {
                if (const auto n = scalarNumber(reply)) {
                    c = *n < expected.number ? -1 : (*n > expected.number ? 1 : 0);
                    comparable = true;
                }
            } else if (expected.kind == K::String && isScalar(reply)) {
                const int r = scalarText(reply).compare(expected.text);
                c = r < 0 ? -1 : (r > 0 ? 1 : 0);
                comparable = true;
            }
            ok = comparable && ((op == Op::Lt && c < 0) || (op == Op::Le && c <= 0) || (op == Op::Gt && c > 0) ||
                                (op == Op::Ge && c >= 0));
            break;
        }
        case Op::Glob:
            ok = isScalar(reply) && (expected.kind == K::String || expected.kind == K::Number) &&
                 globMatch(expected.text, scalarText(reply));
            break;
        case Op::Contains:
            if (reply.isAggregate()) {
                ok = std::any_of(reply.elements.begin(), reply.elements.end(),
                                 [&](const resp::Reply& e) { return equal(e, expected); });
            } else if (isScalar(reply) && (expected.kind == K::String || expected.kind == K::Number)) {
                ok = scalarText(reply).find(expected.text) != std::string::npos;
            }
            break;
        case Op::In:
            ok = expected.kind == K::Array && std::any_of(expected.items.begin(), expected.items.end(),
                                                          [&](const Value& v) { return equal(reply, v); });
            break;
    }
    if (!ok && why) *why = "got " + describe(reply);
    return ok;
}

std::string refusalForCheck(std::span<const std::string> argv, const CommandTable& table) {
    if (argv.empty()) return "no command";
    const CommandSpec* spec = table.find(argv[0]);
    if (!spec) return "unknown command '" + argv[0] + "'";
    const CommandSpec* parent = nullptr;
    if (!spec->subcommands.empty()) {
        if (argv.size() < 2) return CommandTable::fullName(*spec, nullptr) + " needs a subcommand";
        const CommandSpec* sub = CommandTable::findSub(*spec, argv[1]);
        if (!sub) return "unknown subcommand '" + argv[1] + "' of " + toUpper(argv[0]);
        parent = spec;
        spec = sub;
    }
    const std::string name = CommandTable::fullName(*spec, parent);
    // Reads that only look: these carry no `readonly` flag in Redis but change nothing.
    static constexpr std::string_view kLooks[] = {"ping",
                                                  "echo",
                                                  "info",
                                                  "time",
                                                  "lastsave",
                                                  "config|get",
                                                  "acl|getuser",
                                                  "acl|list",
                                                  "acl|users",
                                                  "acl|whoami",
                                                  "acl|cat",
                                                  "acl|dryrun",
                                                  "client|list",
                                                  "client|info",
                                                  "client|getname",
                                                  "client|id",
                                                  "pubsub|channels",
                                                  "pubsub|numsub",
                                                  "pubsub|numpat",
                                                  "pubsub|shardchannels",
                                                  "pubsub|shardnumsub",
                                                  "script|exists",
                                                  "function|list",
                                                  "function|dump",
                                                  "function|stats",
                                                  "memory|stats",
                                                  "memory|doctor",
                                                  "slowlog|get",
                                                  "slowlog|len",
                                                  "command|count",
                                                  "command|info",
                                                  "command|docs",
                                                  "command|list",
                                                  "command|getkeys",
                                                  "pfcount"};
    const bool looks = std::find(std::begin(kLooks), std::end(kLooks), name) != std::end(kLooks);
    if (looks) return {};
    if ((spec->flags & cmd::kReadonly) && !(spec->flags & cmd::kBlocking) && !CommandTable::mayReplicate(*spec, parent))
        return {};
    return toUpper(name) + " may change data: checks only read (use a read-only command)";
}

bool CheckBlock::needsCopy() const {
    return std::any_of(lines.begin(), lines.end(), [](const CheckLine& l) { return l.kind == CheckLine::Kind::Time; });
}

CheckBlock parseCheckBlock(std::string_view body, int first_line, const CommandTable& table,
                           std::vector<CheckProblem>& problems) {
    CheckBlock block;
    block.line = first_line - 1;
    bool points_seen = false;
    const std::vector<std::string_view> lines = splitLines(body);
    for (size_t i = 0; i < lines.size(); ++i) {
        const int ln = first_line + static_cast<int>(i);
        const std::string_view line = trimBlanks(lines[i]);
        if (line.empty() || line.front() == '#') continue;
        auto problem = [&](std::string msg) { problems.push_back({ln, std::move(msg)}); };
        CheckLine cl;
        cl.line = ln;
        cl.source = std::string(line);
        if (line.starts_with("points")) {
            std::string_view rest = trimBlanks(line.substr(6));
            if (rest.starts_with('=')) {
                rest = trimBlanks(rest.substr(1));
                const auto p = parseDouble(rest);
                if (points_seen)
                    problem("points is given twice in this block");
                else if (!p || !(*p >= 0) || *p > 1e6)
                    problem("points must be a number from 0 to 1000000, not '" + std::string(rest) + "'");
                else
                    block.points = *p;
                points_seen = true;
                continue;
            }
        }
        if (line.front() == ':') {
            auto argv = resp::splitArgs(line);
            if (!argv || argv->empty()) {
                problem("cannot read this meta line");
            } else if (toLower((*argv)[0]) == ":time") {
                long long us = 0;
                if (argv->size() != 2 || !repl::parseDuration((*argv)[1], us) || us <= 0)
                    problem(":time takes one duration, like :time +10s");
                cl.kind = CheckLine::Kind::Time;
                cl.time_us = us;
                block.lines.push_back(std::move(cl));
            } else if (toLower((*argv)[0]) == ":client") {
                if (argv->size() != 2)
                    problem(":client takes one client name, like :client worker");
                else {
                    cl.kind = CheckLine::Kind::Client;
                    cl.client = (*argv)[1];
                    block.lines.push_back(std::move(cl));
                }
            } else {
                problem("unknown meta line " + (*argv)[0] + " (checks know :time and :client)");
            }
            continue;
        }
        std::vector<Word> ws;
        if (!words(line, ws)) {
            problem("unterminated quote");
            continue;
        }
        // The message: from the first unquoted word starting with '#'.
        size_t end = line.size();
        for (const Word& w : ws) {
            if (!w.quoted && line[w.begin] == '#') {
                end = w.begin;
                cl.message = std::string(trimBlanks(line.substr(w.begin + 1)));
                break;
            }
        }
        // The operator: the first symbolic one, else the last `contains` / `in`.
        std::optional<size_t> op_at;
        for (size_t i = 1; i < ws.size() && ws[i].begin < end; ++i) {
            if (ws[i].quoted) continue;
            if (auto op = symbolicOp(line.substr(ws[i].begin, ws[i].end - ws[i].begin))) {
                cl.op = *op;
                op_at = i;
                break;
            }
        }
        if (!op_at) {
            for (size_t i = ws.size(); i-- > 1;) {
                if (ws[i].begin >= end || ws[i].quoted) continue;
                const std::string_view w = line.substr(ws[i].begin, ws[i].end - ws[i].begin);
                if (w == "contains" || w == "in") {
                    cl.op = w == "in" ? Op::In : Op::Contains;
                    op_at = i;
                    break;
                }
            }
        }
        if (!op_at) {
            problem("no operator: write COMMAND args… == expected (or != < <= > >= ~ contains in)");
            continue;
        }
        const Word& opw = ws[*op_at];
        auto argv = resp::splitArgs(line.substr(0, opw.begin));
        if (!argv || argv->empty()) {
            problem("cannot read the command before " + std::string(opText(cl.op)));
            continue;
        }
        cl.argv = std::move(*argv);
        std::string err;
        const std::string_view expected_text = trimBlanks(line.substr(opw.end, end - opw.end));
        if (expected_text.empty()) {
            problem("nothing after " + std::string(opText(cl.op)) + ": write the expected value");
            continue;
        }
        auto v = parseValue(expected_text, &err);
        if (!v) {
            problem("bad expected value: " + err);
            continue;
        }
        cl.expected = std::move(*v);
        if (cl.op == Op::In && cl.expected.kind != Value::Kind::Array) problem("'in' needs a list: in [a, b, c]");
        if ((cl.op == Op::Glob) && cl.expected.kind != Value::Kind::String && cl.expected.kind != Value::Kind::Number)
            problem("'~' needs a glob pattern");
        if (cl.expected.kind == Value::Kind::Error && cl.op != Op::Eq && cl.op != Op::Ne)
            problem("an error can only be compared with == or !=");
        if (std::string why = refusalForCheck(cl.argv, table); !why.empty()) problem(why);
        block.lines.push_back(std::move(cl));
    }
    if (std::none_of(block.lines.begin(), block.lines.end(),
                     [](const CheckLine& l) { return l.kind == CheckLine::Kind::Assert; }))
        problems.push_back({first_line - 1, "a check block needs at least one assertion"});
    return block;
}

// ---- evaluation -------------------------------------------------------------------

namespace {

// The client checks run as: it may run everything (its own user, never registered with
// the ACL), reads without touching LRU/LFU data, and is freed at the end.
class CheckClient {
public:
    explicit CheckClient(Engine& e) : engine_(e), c_(e.createClient()) {
        c_.no_touch = true;
        c_.skip_eviction = true;
        auto u = std::make_shared<acl::User>(e.acl().blankUser("redsim-check"));
        for (const char* rule : {"on", "nopass", "~*", "&*", "+@all"}) (void)e.acl().apply(*u, rule);
        superuser_ = u;
        actAs(nullptr);
    }
    ~CheckClient() { engine_.freeClient(c_.id); }
    CheckClient(const CheckClient&) = delete;
    CheckClient& operator=(const CheckClient&) = delete;

    // Runs the next commands with `who`'s database, protocol and user (nullptr: db 0,
    // RESP2, no restrictions). `user_name` finds the user in this engine's ACL.
    void actAs(const Client* who) {
        c_.db = who ? who->db : 0;
        c_.resp = who ? who->resp : 2;
        c_.user = superuser_;
        if (who && who->user) {
            if (auto u = engine_.acl().find(who->user->name)) c_.user = u;
        }
        c_.authenticated = true;
    }

    resp::Reply run(const std::vector<std::string>& argv) {
        c_.out.clear();
        engine_.execute(c_, argv);
        resp::Reply r;
        size_t pos = 0;
        std::string err;
        if (resp::parseReply(c_.out, pos, r, &err) != resp::ParseStatus::Ok) r = resp::Reply::error("ERR " + err);
        c_.out.clear();
        return r;
    }

private:
    Engine& engine_;
    Client& c_;
    std::shared_ptr<acl::User> superuser_;
};

const Client* learnerClient(repl::Session& s, const std::string& name) {
    for (const auto& v : s.clientViews())
        if (v.name == name) return s.engine()->client(v.id);
    return nullptr;
}

}  // namespace

BlockResult evaluate(const CheckBlock& block, repl::Session& session) {
    BlockResult out;
    out.max_score = block.points;
    Engine* learner = session.engine();
    if (!learner) {
        out.assertions.push_back({.line = block.line,
                                  .source = "",
                                  .passed = false,
                                  .message = "checks need the embedded engine",
                                  .got = ""});
        return out;
    }
    std::unique_ptr<Engine> copy;
    Engine* engine = learner;
    if (block.needsCopy()) {
        copy = copyEngine(*learner);
        engine = copy.get();
    }
    auto client = std::make_unique<CheckClient>(*engine);
    const Client* as = nullptr;  // the learner's client named by :client
    std::string as_name;
    bool all = true;
    for (const CheckLine& l : block.lines) {
        switch (l.kind) {
            case CheckLine::Kind::Time: {
                if (!copy) break;
                // The copy's clients go: time passes, then the check client comes back.
                client.reset();
                copy->advanceTime(l.time_us);
                client = std::make_unique<CheckClient>(*engine);
                client->actAs(as);
                break;
            }
            case CheckLine::Kind::Client: {
                as = learnerClient(session, l.client);
                as_name = l.client;
                client->actAs(as);
                if (!as) {
                    out.assertions.push_back({.line = l.line,
                                              .source = l.source,
                                              .passed = false,
                                              .message = "there is no client called " + l.client +
                                                         " (start it with :client " + l.client + ")",
                                              .got = ""});
                    all = false;
                }
                break;
            }
            case CheckLine::Kind::Assert: {
                if (!as_name.empty() && !as) continue;  // already reported
                const resp::Reply reply = client->run(l.argv);
                std::string why;
                AssertionResult a{.line = l.line,
                                  .source = l.source,
                                  .passed = compare(reply, l.op, l.expected, &why),
                                  .message = {},
                                  .got = {}};
                a.got = describe(reply);
                if (!a.passed) {
                    a.message = l.message.empty()
                                    ? "wanted " + std::string(opText(l.op)) + " " + l.expected.str() + ", " + why
                                    : l.message;
                } else {
                    a.message = l.message;
                }
                all = all && a.passed;
                out.assertions.push_back(std::move(a));
                break;
            }
        }
    }
    out.passed = all;
    out.score = all ? block.points : 0;
    return out;
}

}  // namespace redsim::lesson
