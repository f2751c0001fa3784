#include "engine/commands/grammar.h"

#include <cctype>

namespace redsim {
namespace {

struct Lexer {
    std::string_view s;
    size_t pos = 0;

    // Next lexeme: "[", "]", "<", ">", "|", "..." or a word. Empty at the end.
    std::string_view next() {
        while (pos < s.size() && s[pos] == ' ') ++pos;
        if (pos >= s.size()) return {};
        const char c = s[pos];
        if (c == '[' || c == ']' || c == '<' || c == '>' || c == '|') return s.substr(pos++, 1);
        if (s.compare(pos, 3, "...") == 0) {
            pos += 3;
            return "...";
        }
        const size_t start = pos;
        while (pos < s.size() && s[pos] != ' ' && s[pos] != '[' && s[pos] != ']' && s[pos] != '|' && s[pos] != '<' &&
               s[pos] != '>')
            ++pos;
        return s.substr(start, pos - start);
    }
    std::string_view peek() {
        const size_t saved = pos;
        auto t = next();
        pos = saved;
        return t;
    }
};

bool isToken(std::string_view w) {
    bool letter = false;
    for (char c : w) {
        if (std::islower(static_cast<unsigned char>(c)) || c == ':') return false;
        if (std::isupper(static_cast<unsigned char>(c))) letter = true;
    }
    return letter;
}

std::string lower(std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

std::string inferType(std::string_view name) {
    if (name == "key" || name == "key1" || name == "key2" || name == "destination" || name == "source" ||
        name == "newkey")
        return "key";
    if (name == "pattern") return "pattern";
    if (name.rfind("unix-time", 0) == 0) return "unix-time";
    static constexpr std::string_view kIntegers[] = {
        "count",  "cursor", "db",           "decrement", "destination-db", "end",     "increment", "index",   "index1",
        "index2", "len",    "milliseconds", "offset",    "protover",       "seconds", "start",     "numkeys", "timeout",
    };
    for (auto n : kIntegers)
        if (name == n) return "integer";
    return "string";
}

// The types a `:type` suffix may name; any other colon is part of the name ("ip:port").
bool isTypeName(std::string_view t) {
    return t == "key" || t == "string" || t == "integer" || t == "double" || t == "pattern" || t == "unix-time";
}

GrammarArg valueArg(std::string_view word) {
    GrammarArg a;
    a.kind = GrammarArg::Kind::Value;
    const auto colon = word.rfind(':');
    if (colon != std::string_view::npos && isTypeName(word.substr(colon + 1))) {
        a.name = std::string(word.substr(0, colon));
        a.type = std::string(word.substr(colon + 1));
    } else {
        a.name = std::string(word);
        a.type = inferType(a.name);
    }
    return a;
}

GrammarArg tokenArg(std::string_view word) {
    GrammarArg a;
    a.kind = GrammarArg::Kind::Token;
    a.name = lower(word);
    a.type = "pure-token";
    a.token = std::string(word);
    return a;
}

std::vector<GrammarArg> parseSequence(Lexer& lx, std::string_view stop);

// A sequence of items becomes one argument: a lone item stays itself; "TOKEN value"
// becomes the value introduced by the token; anything longer is a block.
GrammarArg collapse(std::vector<GrammarArg> items) {
    if (items.size() == 1) return std::move(items[0]);
    // (Not when the value has a token of its own: "FULL [COUNT count]" is a block.)
    if (items.size() == 2 && items[0].kind == GrammarArg::Kind::Token && items[1].kind == GrammarArg::Kind::Value &&
        !items[1].multiple && items[1].token.empty()) {
        GrammarArg v = std::move(items[1]);
        v.token = items[0].token;
        return v;
    }
    GrammarArg b;
    b.kind = GrammarArg::Kind::Block;
    b.type = "block";
    if (!items.empty() && items[0].kind == GrammarArg::Kind::Token) {
        b.token = items[0].token;
        b.name = items[0].name;
        items.erase(items.begin());
    } else {
        for (const auto& it : items) b.name += (b.name.empty() ? "" : "_") + it.name;
    }
    b.children = std::move(items);
    return b;
}

// Parses alternatives up to `close` ("]" or ">"): one alternative collapses to a single
// argument; several make a OneOf.
GrammarArg parseGroup(Lexer& lx, std::string_view close) {
    std::vector<GrammarArg> alts;
    for (;;) {
        auto seq = parseSequence(lx, close);
        alts.push_back(collapse(std::move(seq)));
        auto t = lx.next();
        if (t != "|") break;  // consumed the closer (or hit the end)
    }
    if (alts.size() == 1) return std::move(alts[0]);
    GrammarArg o;
    o.kind = GrammarArg::Kind::OneOf;
    o.type = "oneof";
    for (const auto& a : alts) o.name += (o.name.empty() ? "" : "-") + a.name;
    o.children = std::move(alts);
    return o;
}

// Is the bracket group starting here a repetition "[x ...]" of the items just parsed?
// "key [key ...]" repeats one argument; "key value [key value ...]" repeats the last two,
// which then become one repeated block. On a match the group is consumed.
bool consumeRepeat(Lexer& lx, std::vector<GrammarArg>& items) {
    const size_t saved = lx.pos;
    const size_t start = lx.pos;
    int depth = 0;
    for (;;) {
        const size_t before = lx.pos;
        auto t = lx.next();
        if (t.empty()) break;
        if (t == "..." && depth == 0) {
            if (lx.next() != "]") break;
            Lexer inner{lx.s.substr(start, before - start)};
            auto seq = parseSequence(inner, "");
            const size_t n = seq.size();
            if (n == 0 || n > items.size()) break;
            if (n == 1) {
                GrammarArg& prev = items.back();
                prev.multiple = true;
                // "[TOKEN v ...]" after "TOKEN v" repeats the token too.
                if (!prev.token.empty() && seq[0].token == prev.token) prev.multiple_token = true;
            } else {
                std::vector<GrammarArg> tail(std::make_move_iterator(items.end() - static_cast<long>(n)),
                                             std::make_move_iterator(items.end()));
                items.erase(items.end() - static_cast<long>(n), items.end());
                GrammarArg block;
                block.kind = GrammarArg::Kind::Block;
                block.type = "block";
                for (const auto& it : tail) block.name += (block.name.empty() ? "" : "_") + it.name;
                block.children = std::move(tail);
                block.multiple = true;
                items.push_back(std::move(block));
            }
            return true;
        }
        if (t == "[" || t == "<") ++depth;
        if (t == "]" || t == ">") {
            if (depth == 0) break;
            --depth;
        }
    }
    lx.pos = saved;
    return false;
}

std::vector<GrammarArg> parseSequence(Lexer& lx, std::string_view stop) {
    std::vector<GrammarArg> items;
    for (;;) {
        auto t = lx.peek();
        if (t.empty() || t == stop || t == "|" || t == "]" || t == ">") return items;
        lx.next();
        if (t == "[") {
            if (!items.empty() && consumeRepeat(lx, items)) continue;
            GrammarArg g = parseGroup(lx, "]");
            g.optional = true;
            items.push_back(std::move(g));
        } else if (t == "<") {
            items.push_back(parseGroup(lx, ">"));
        } else if (isToken(t)) {
            items.push_back(tokenArg(t));
        } else {
            items.push_back(valueArg(t));
        }
        // "TOKEN value" inside a sequence of several items binds together.
        if (items.size() >= 2) {
            auto& a = items[items.size() - 2];
            auto& b = items.back();
            if (a.kind == GrammarArg::Kind::Token && !a.optional && !a.multiple && b.kind == GrammarArg::Kind::Value &&
                !b.optional && b.token.empty()) {
                // Only when the token is followed by exactly one value before the next token
                // or group; a token followed by several values stays a block (collapse()).
                auto nxt = lx.peek();
                const bool more_values = !nxt.empty() && nxt != "[" && nxt != "<" && nxt != "]" && nxt != ">" &&
                                         nxt != "|" && nxt != "..." && !isToken(nxt);
                if (!more_values) {
                    b.token = a.token;
                    items.erase(items.end() - 2);
                }
            }
        }
    }
}

void render(const GrammarArg& a, std::string& out);

void renderSeq(const std::vector<GrammarArg>& args, std::string& out) {
    for (size_t i = 0; i < args.size(); ++i) {
        if (i) out += ' ';
        render(args[i], out);
    }
}

std::string renderCore(const GrammarArg& a) {
    std::string s;
    switch (a.kind) {
        case GrammarArg::Kind::Token:
            s = a.token;
            break;
        case GrammarArg::Kind::Value:
            s = a.token.empty() ? a.name : a.token + " " + a.name;
            break;
        case GrammarArg::Kind::Block:
            if (!a.token.empty()) s = a.token + " ";
            renderSeq(a.children, s);
            break;
        case GrammarArg::Kind::OneOf:
            for (size_t i = 0; i < a.children.size(); ++i) {
                if (i) s += " | ";
                render(a.children[i], s);
            }
            if (!a.optional) s = "<" + s + ">";
            break;
    }
    return s;
}

void render(const GrammarArg& a, std::string& out) {
    std::string s = renderCore(a);
    if (a.multiple) {
        std::string rep = s;
        if (!a.token.empty() && !a.multiple_token) rep = s.substr(a.token.size() + 1);
        s += " [" + rep + " ...]";
    }
    if (a.optional) s = "[" + s + "]";
    out += s;
}

}  // namespace

namespace {
void numberKeys(std::vector<GrammarArg>& args, int& next) {
    for (auto& a : args) {
        if (a.kind == GrammarArg::Kind::Value && a.type == "key") a.key_spec_index = next++;
        numberKeys(a.children, next);
    }
}
}  // namespace

std::vector<GrammarArg> parseSyntax(std::string_view syntax) {
    Lexer lx{syntax};
    std::vector<GrammarArg> out;
    while (!lx.peek().empty()) {
        auto seq = parseSequence(lx, "");
        for (auto& a : seq) out.push_back(std::move(a));
        if (!lx.peek().empty()) lx.next();  // skip a stray closer
    }
    int next = 0;
    numberKeys(out, next);
    return out;
}

std::string renderArg(const GrammarArg& arg) {
    std::string s;
    render(arg, s);
    return s;
}

std::string renderSyntax(const std::vector<GrammarArg>& args) {
    std::string s;
    renderSeq(args, s);
    return s;
}

int minimumWords(const std::vector<GrammarArg>& args) {
    int n = 0;
    for (const auto& a : args) {
        if (a.optional) continue;
        switch (a.kind) {
            case GrammarArg::Kind::Token:
                n += 1;
                break;
            case GrammarArg::Kind::Value:
                n += a.token.empty() ? 1 : 2;
                break;
            case GrammarArg::Kind::Block:
                n += (a.token.empty() ? 0 : 1) + minimumWords(a.children);
                break;
            case GrammarArg::Kind::OneOf: {
                int best = -1;
                for (const auto& c : a.children) {
                    const int w = minimumWords({c});
                    if (best < 0 || w < best) best = w;
                }
                n += best < 0 ? 0 : best;
                break;
            }
        }
    }
    return n;
}

int countKeyArgs(const std::vector<GrammarArg>& args) {
    int n = 0;
    for (const auto& a : args) {
        if (a.kind == GrammarArg::Kind::Value && a.type == "key") ++n;
        n += countKeyArgs(a.children);
    }
    return n;
}

}  // namespace redsim
