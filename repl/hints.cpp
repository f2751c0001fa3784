// Hints and completion from the argument grammar. See hints.h.
//
// Matching works on a mirror of the argument tree that records, per argument, how far
// the typed words got: `matched` (words consumed), `token` (its token was typed),
// `name` (its value was typed) and `all` (complete). This is the state redis-cli 7.2
// keeps in its cliCommandArg; the hint then prints every argument that is not complete,
// skipping the parts already typed.
#include "repl/hints.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "engine/commands/grammar.h"
#include "engine/resp/args.h"
#include "repl/meta.h"

namespace redsim::repl {

namespace {

using Kind = GrammarArg::Kind;
using Words = std::span<const std::string>;

struct State {
    const GrammarArg* arg = nullptr;
    int matched = 0;
    bool token = false;
    bool name = false;
    bool all = false;
    std::vector<State> kids;
};

State mirror(const GrammarArg& a) {
    State s;
    s.arg = &a;
    for (const auto& c : a.children) s.kids.push_back(mirror(c));
    return s;
}

void clear(State& s) {
    s.matched = 0;
    s.token = s.name = s.all = false;
    for (auto& k : s.kids) clear(k);
}

bool parsesAs(const std::string& word, const std::string& type) {
    if (type == "integer" || type == "unix-time") {
        long long v;
        return std::sscanf(word.c_str(), "%lld", &v) == 1;
    }
    if (type == "double") {
        double v;
        return std::sscanf(word.c_str(), "%lf", &v) == 1;
    }
    return true;
}

int matchArg(Words w, State& s);
int matchSeq(Words w, std::vector<State>& args);

// Matches the argument's body (everything after its token).
int matchBody(Words w, State& s) {
    const GrammarArg& a = *s.arg;
    switch (a.kind) {
        case Kind::Block: {
            s.matched += matchSeq(w, s.kids);
            s.all = std::all_of(s.kids.begin(), s.kids.end(), [](const State& k) { return k.all; });
            break;
        }
        case Kind::OneOf:
            for (auto& k : s.kids) {
                if (matchArg(w, k)) {
                    s.matched += k.matched;
                    s.all = k.all;
                    break;
                }
            }
            break;
        case Kind::Token:
            break;
        case Kind::Value:
            if (parsesAs(w[0], a.type)) {
                s.matched += 1;
                s.name = s.all = true;
            } else {
                s.matched = 0;
                s.name = false;
            }
            break;
    }
    return s.matched;
}

int matchOnce(Words w, State& s) {
    const GrammarArg& a = *s.arg;
    if (!a.token.empty()) {
        if (!equalsIgnoreCase(a.token, w[0])) return 0;
        s.token = true;
        s.matched = 1;
        if (a.kind == Kind::Token) {
            s.all = true;
            return 1;
        }
        if (w.size() == 1) return 1;
        w = w.subspan(1);
    }
    if (!matchBody(w, s)) return 0;
    return s.matched;
}

// Matches once, or as often as possible for a repeated argument.
int matchArg(Words w, State& s) {
    int once = matchOnce(w, s);
    if (!s.arg->multiple) return once;
    int total = once;
    while (s.all && total < static_cast<int>(w.size())) {
        clear(s);
        if (!s.arg->token.empty() && !s.arg->multiple_token) {
            once = matchBody(w.subspan(static_cast<size_t>(total)), s);
            if (s.matched) s.token = true;  // the token is not repeated: do not hint it
        } else {
            once = matchOnce(w.subspan(static_cast<size_t>(total)), s);
        }
        total += once;
        if (once == 0) break;
    }
    s.all = false;  // a repeated argument can always take more
    return total;
}

// A run of optional arguments may come in any order: match them as a group.
int matchOptionals(Words w, std::span<State> opts) {
    size_t next = 0;
    State* last = nullptr;
    while (next < w.size()) {
        State* hit = nullptr;
        int n = 0;
        for (auto& o : opts) {
            if (o.matched) continue;
            n = matchArg(w.subspan(next), o);
            if (n) {
                hit = &o;
                break;
            }
        }
        if (!hit) break;
        if (last) last->all = true;  // a new option started: the previous one is done
        last = hit;
        next += static_cast<size_t>(n);
    }
    return static_cast<int>(next);
}

int matchSeq(Words w, std::vector<State>& args) {
    size_t next = 0;
    for (size_t i = 0; i < args.size() && next < w.size(); ++i) {
        int n;
        if (args[i].arg->optional) {
            size_t end = i;
            while (end < args.size() && args[end].arg->optional) ++end;
            n = matchOptionals(w.subspan(next), std::span<State>(args).subspan(i, end - i));
            i = end - 1;
        } else {
            n = matchArg(w.subspan(next), args[i]);
            if (n == 0) return 0;  // a required argument does not match: give up
        }
        next += static_cast<size_t>(n);
    }
    return static_cast<int>(next);
}

std::string hintArg(const State& s);

void append(std::string& out, const std::string& piece, std::string_view sep) {
    if (piece.empty()) return;
    if (!out.empty()) out += sep;
    out += piece;
}

// The hint for a sequence: every incomplete argument; within a run of optionals, the one
// being typed comes first, and the others only while the required argument after the
// run has not been started.
std::string hintSeq(const std::vector<State>& args, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i].arg->optional) {
            append(out, hintArg(args[i]), sep);
            continue;
        }
        size_t end = i;
        int started = -1;
        for (; end < args.size() && args[end].arg->optional; ++end) {
            if (args[end].matched && !args[end].all) {
                append(out, hintArg(args[end]), sep);
                started = static_cast<int>(end);
            }
        }
        if (end == args.size() || args[end].matched == 0)
            for (size_t k = i; k < end; ++k)
                if (static_cast<int>(k) != started) append(out, hintArg(args[k]), sep);
        i = end - 1;
    }
    return out;
}

std::string hintArg(const State& s) {
    const GrammarArg& a = *s.arg;
    if (s.all) return {};
    if (s.matched == 0) return renderArg(a);  // untouched: as the documentation writes it
    std::string out;
    if (!a.token.empty() && !s.token) out = a.token;
    switch (a.kind) {
        case Kind::OneOf:
            for (const auto& k : s.kids)
                if (k.matched) append(out, hintArg(k), " ");
            break;
        case Kind::Block:
            append(out, hintSeq(s.kids, " "), " ");
            break;
        case Kind::Token:
            break;
        case Kind::Value:
            if (!s.name) append(out, a.name, " ");
            break;
    }
    if (a.multiple) {
        std::string rep;
        if (a.multiple_token) rep = a.token;
        if (a.kind == Kind::Token) {
        } else if (a.kind == Kind::Value) {
            append(rep, a.name, " ");
        } else {
            State fresh = mirror(a);
            append(rep, a.kind == Kind::OneOf ? hintSeq(fresh.kids, " | ") : hintSeq(fresh.kids, " "), " ");
        }
        append(out, "[" + rep + " ...]", " ");
    }
    return out;
}

// Splits for matching: sdssplitargs when the line is well formed, else on blanks.
std::vector<std::string> words(std::string_view line) {
    if (auto v = resp::splitArgs(line)) return *v;
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

bool endsInBlank(std::string_view line) {
    return !line.empty() && std::isspace(static_cast<unsigned char>(line.back()));
}

// The command (and subcommand) the words name: the spec and how many words it takes.
struct Found {
    const CommandSpec* spec = nullptr;
    size_t len = 0;
};

Found findCommand(const CommandTable& table, const std::vector<std::string>& w, size_t usable) {
    if (usable == 0) return {};
    const CommandSpec* top = table.find(w[0]);
    if (!top) return {};
    if (!top->subcommands.empty() && usable >= 2)
        if (const CommandSpec* sub = CommandTable::findSub(*top, w[1])) return {sub, 2};
    return {top, 1};
}

// Matches `typed` against `syntax`; returns the matched tree or nullopt when a word
// cannot match.
struct Matched {
    std::vector<GrammarArg> args;
    std::vector<State> states;
};

bool matchTyped(Matched& m, std::string_view syntax, Words typed) {
    m.args = parseSyntax(syntax);
    m.states.clear();
    for (const auto& a : m.args) m.states.push_back(mirror(a));
    const int n = matchSeq(typed, m.states);
    return n == static_cast<int>(typed.size());
}

std::string caseLike(std::string_view word, std::string_view typed) {
    bool lower = false, upper = false;
    for (char c : typed) {
        lower |= std::islower(static_cast<unsigned char>(c)) != 0;
        upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
    }
    return lower && !upper ? toLower(word) : toUpper(word);
}

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && equalsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// What may start the next argument after the matched words: tokens, and whether a key.
struct Next {
    std::set<std::string> tokens;
    bool key = false;
};

void startsOf(const State& s, Next& next);

void frontier(const std::vector<State>& args, Next& next) {
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i].all) continue;
        if (!args[i].arg->optional) {
            startsOf(args[i], next);
            return;
        }
        size_t end = i;
        for (; end < args.size() && args[end].arg->optional; ++end)
            if (!args[end].all) startsOf(args[end], next);
        if (end < args.size() && !args[end].all) startsOf(args[end], next);
        return;
    }
}

void startsOf(const State& s, Next& next) {
    const GrammarArg& a = *s.arg;
    if (!a.token.empty() && (!s.token || (s.all && a.multiple_token))) {
        if (!(s.matched && !s.all)) {
            next.tokens.insert(a.token);
            return;
        }
    }
    switch (a.kind) {
        case Kind::Token:
            next.tokens.insert(a.token);
            break;
        case Kind::OneOf: {
            bool any = false;
            for (const auto& k : s.kids)
                if (k.matched) {
                    startsOf(k, next);
                    any = true;
                }
            if (!any)
                for (const auto& k : s.kids) startsOf(k, next);
            break;
        }
        case Kind::Block:
            frontier(s.kids, next);
            break;
        case Kind::Value:
            if (a.type == "key") next.key = true;
            break;
    }
}

}  // namespace

std::optional<std::string> hintFor(const CommandTable& table, std::string_view line) {
    const auto w = words(line);
    if (w.empty()) return std::nullopt;
    const bool blank = endsInBlank(line);
    // The word being typed does not count until a blank follows it.
    const size_t usable = blank ? w.size() : w.size() - 1;
    std::string hint;
    if (w[0].starts_with(':')) {
        const MetaCommand* meta = usable >= 1 ? findMeta(w[0]) : nullptr;
        if (!meta) return std::nullopt;
        Matched m;
        if (matchTyped(m, meta->args, Words(w).subspan(1, usable - 1))) hint = hintSeq(m.states, " ");
    } else {
        Found f = findCommand(table, w, usable);
        if (!f.spec) return std::nullopt;
        Matched m;
        if (!matchTyped(m, f.spec->syntax, Words(w).subspan(f.len, usable - f.len)))
            hint.clear();
        else
            hint = hintSeq(m.states, " ");
    }
    return blank ? hint : " " + hint;
}

std::vector<std::string> completionsFor(const CommandTable& table, std::string_view line, const KeyLister& keys) {
    const bool blank = line.empty() || endsInBlank(line);
    auto w = words(line);
    std::string cur;
    if (!blank && !w.empty()) {
        cur = w.back();
        w.pop_back();
    }
    std::set<std::string> out;
    auto offer = [&](std::string_view cand) {
        if (startsWithIgnoreCase(cand, cur)) out.insert(caseLike(cand, cur));
    };
    if (w.empty()) {
        if (cur.starts_with(':')) {
            for (const auto& m : metaCommands())
                if (startsWithIgnoreCase(m.name, cur)) out.insert(std::string(m.name));
        } else {
            for (const auto* spec : table.all()) offer(spec->name);
            offer("help");
        }
        return {out.begin(), out.end()};
    }
    if (equalsIgnoreCase(w[0], "help") || equalsIgnoreCase(w[0], "?")) {
        if (w.size() == 1) {
            std::set<std::string> groups;
            for (const auto* spec : table.all()) {
                offer(spec->name);
                groups.insert("@" + std::string(spec->group));
            }
            for (const auto& g : groups)
                if (startsWithIgnoreCase(g, cur)) out.insert(g);
        }
        return {out.begin(), out.end()};
    }
    if (w[0].starts_with(':')) {
        const MetaCommand* meta = findMeta(w[0]);
        if (!meta) return {};
        Matched m;
        if (!matchTyped(m, meta->args, Words(w).subspan(1))) return {};
        Next next;
        frontier(m.states, next);
        for (const auto& t : next.tokens) offer(t);
        if (next.key && keys)  // :explain KEY
            for (auto& k : keys(cur)) out.insert(std::move(k));
        return {out.begin(), out.end()};
    }
    const CommandSpec* top = table.find(w[0]);
    if (!top) return {};
    if (!top->subcommands.empty() && w.size() == 1) {
        for (const auto& sub : top->subcommands) offer(sub.name);
        return {out.begin(), out.end()};
    }
    Found f = findCommand(table, w, w.size());
    Matched m;
    if (!matchTyped(m, f.spec->syntax, Words(w).subspan(f.len))) return {};
    Next next;
    frontier(m.states, next);
    for (const auto& t : next.tokens) offer(t);
    if (next.key && keys)
        for (auto& k : keys(cur)) out.insert(std::move(k));
    return {out.begin(), out.end()};
}

}  // namespace redsim::repl
