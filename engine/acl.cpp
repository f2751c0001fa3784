// ACL users, rules and checks (see acl.h for the model). The engine-facing parts (the
// NOPERM check in execute(), the ACL command, AUTH) are in engine/commands/acl.cpp.
#include "engine/acl.h"

#include <nettle/sha2.h>

#include <algorithm>
#include <cctype>
#include <climits>

#include "engine/commands/command.h"
#include "engine/commands/table.h"
#include "engine/resp/args.h"
#include "engine/util/glob.h"
#include "engine/util/text.h"

namespace redsim::acl {

// ---- the command index ---------------------------------------------------------------

CommandIndex::CommandIndex(const CommandTable& table) {
    for (const CommandSpec* spec : table.all()) {
        const size_t id = entries.size();
        top.push_back(id);
        entries.push_back({spec, nullptr, std::string(spec->name), CommandTable::aclCategories(*spec), {}});
        ids[spec] = id;
        for (const CommandSpec& sub : spec->subcommands) {
            const size_t sid = entries.size();
            entries.push_back({&sub, spec, CommandTable::fullName(sub, spec), CommandTable::aclCategories(sub), {}});
            entries[id].subs.push_back(sid);
            ids[&sub] = sid;
        }
    }
}

const CommandIndex::Entry* CommandIndex::lookup(std::string_view name) const {
    // One optional '|' level, as Redis's lookupCommandBySds in strict mode: "get|x" on a
    // command without subcommands is unknown, so is "a|b|c".
    const size_t bar = name.find('|');
    const std::string_view base = name.substr(0, bar);
    if (base.empty() && bar == std::string_view::npos) return nullptr;
    const Entry* found = nullptr;
    for (size_t id : top)
        if (equalsIgnoreCase(entries[id].spec->name, base)) found = &entries[id];
    if (!found || bar == std::string_view::npos) return found;
    const std::string_view sub = name.substr(bar + 1);
    if (sub.find('|') != std::string_view::npos || found->subs.empty()) return nullptr;
    for (size_t sid : found->subs)
        if (equalsIgnoreCase(entries[sid].spec->name, sub)) return &entries[sid];
    return nullptr;
}

// ---- passwords ------------------------------------------------------------------------

std::string hashPassword(std::string_view text) {
    sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, text.size(), reinterpret_cast<const uint8_t*>(text.data()));
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (uint8_t b : digest) {
        hex += kHex[b >> 4];
        hex += kHex[b & 15];
    }
    return hex;
}

namespace {

bool validHash(std::string_view h) {
    if (h.size() != 64) return false;
    return std::all_of(h.begin(), h.end(), [](char c) { return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9'); });
}

// Usernames and patterns may not hold blanks or NULs (ACL LIST must stay parseable).
bool hasSpaces(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) || !c; });
}

uint32_t categoryByName(std::string_view name) {
    auto names = redsim::acl::categoryNames();
    for (size_t i = 0; i < names.size(); ++i)
        if (equalsIgnoreCase(names[i], name)) return 1u << i;
    return 0;
}

}  // namespace

// Redis reports rule errors through errno; each value has one sentence
// (ACLSetUserStringError). The rule parser returns the sentence directly.
namespace err {
constexpr std::string_view kNoEnt = "Unknown command or category name in ACL";
constexpr std::string_view kInval = "Syntax error";
constexpr std::string_view kExist =
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try "
    "'resetkeys' to start with an empty list of patterns";
constexpr std::string_view kIsDir =
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. "
    "Try 'resetchannels' to start with an empty list of channels";
constexpr std::string_view kNoDev = "The password you are trying to remove from the user does not exist";
constexpr std::string_view kBadMsg =
    "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters";
constexpr std::string_view kAlready = "Duplicate user found. A user can only be defined once in config files";
constexpr std::string_view kChild = "Allowing first-arg of a subcommand is not supported";
}  // namespace err

// ---- users --------------------------------------------------------------------------

Acl::Acl(const CommandTable& table) : index_(table) {
    User d = blankUser("default");
    for (std::string_view op : {"+@all", "~*", "&*", "on", "nopass"}) apply(d, op);
    default_ = std::make_shared<User>(std::move(d));
    users_.emplace("default", default_);
}

std::shared_ptr<User> Acl::find(std::string_view name) const {
    auto it = users_.find(name);
    return it == users_.end() ? nullptr : it->second;
}

std::shared_ptr<User> Acl::create(std::string_view name) {
    if (users_.count(name)) return nullptr;
    auto u = std::make_shared<User>(blankUser(name));
    users_.emplace(std::string(name), u);
    return u;
}

bool Acl::remove(std::string_view name) {
    auto it = users_.find(name);
    if (it == users_.end()) return false;
    users_.erase(it);
    return true;
}

User Acl::blankUser(std::string_view name) const {
    User u;
    u.name = std::string(name);
    u.flags = kOff;
    Selector root;
    root.root = true;
    root.allowed.assign(index_.entries.size(), false);
    u.selectors.push_back(std::move(root));
    return u;
}

void Acl::setDefaultPassword(std::string_view pass) {
    apply(*default_, "resetpass");
    if (pass.empty())
        apply(*default_, "nopass");
    else
        apply(*default_, ">" + std::string(pass));
}

// ---- rules --------------------------------------------------------------------------

void Acl::setCommand(Selector& s, size_t id, bool allow) const {
    // Allowing or denying a container (CONFIG) does the same to all its subcommands.
    s.allowed[id] = allow;
    s.firstargs.erase(id);
    for (size_t sub : index_.entries[id].subs) s.allowed[sub] = allow;
}

void Acl::setCategory(Selector& s, uint32_t cat, bool allow) const {
    for (size_t id : index_.top) {
        if (index_.entries[id].categories & cat) setCommand(s, id, allow);
        for (size_t sub : index_.entries[id].subs)
            if (index_.entries[sub].categories & cat) setCommand(s, sub, allow);
    }
}

void Acl::countCategory(const Selector& s, uint32_t cat, unsigned long& on, unsigned long& off) const {
    on = off = 0;
    for (size_t id = 0; id < index_.entries.size(); ++id)
        if (index_.entries[id].categories & cat) ++(s.allowed[id] ? on : off);
}

std::optional<std::string> Acl::applySelector(Selector& s, std::string_view op) const {
    auto is = [&](std::string_view w) { return equalsIgnoreCase(op, w); };
    if (is("allkeys") || is("~*")) {
        s.allkeys = true;
        s.keys.clear();
    } else if (is("resetkeys")) {
        s.allkeys = false;
        s.keys.clear();
    } else if (is("allchannels") || is("&*")) {
        s.allchannels = true;
        s.channels.clear();
    } else if (is("resetchannels")) {
        s.allchannels = false;
        s.channels.clear();
    } else if (is("allcommands") || is("+@all")) {
        s.allowed.assign(index_.entries.size(), true);
        s.future = true;
        s.firstargs.clear();
    } else if (is("nocommands") || is("-@all")) {
        s.allowed.assign(index_.entries.size(), false);
        s.future = false;
        s.firstargs.clear();
    } else if (op[0] == '~' || op[0] == '%') {
        if (s.allkeys) return std::string(err::kExist);
        int perm = 0;
        size_t offset = 1;
        if (op[0] == '%') {
            for (; offset < op.size(); ++offset) {
                const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(op[offset])));
                if (c == 'R' && !(perm & kKeyRead)) {
                    perm |= kKeyRead;
                } else if (c == 'W' && !(perm & kKeyWrite)) {
                    perm |= kKeyWrite;
                } else if (op[offset] == '~') {
                    ++offset;
                    break;
                } else {
                    return std::string(err::kInval);
                }
            }
            if (perm == 0) return std::string(err::kInval);  // "%~x": no permission named
        } else {
            perm = kKeyAll;
        }
        const std::string_view pat = op.substr(std::min(offset, op.size()));
        if (hasSpaces(pat)) return std::string(err::kInval);
        auto it = std::find_if(s.keys.begin(), s.keys.end(), [&](const KeyPattern& k) { return k.pattern == pat; });
        if (it == s.keys.end())
            s.keys.push_back({std::string(pat), perm});
        else
            it->perm |= perm;  // "%R~a %W~a" is "~a"
        s.allkeys = false;
    } else if (op[0] == '&') {
        if (s.allchannels) return std::string(err::kIsDir);
        const std::string_view pat = op.substr(1);
        if (hasSpaces(pat)) return std::string(err::kInval);
        if (std::find(s.channels.begin(), s.channels.end(), pat) == s.channels.end()) s.channels.emplace_back(pat);
        s.allchannels = false;
    } else if (op[0] == '+' && (op.size() < 2 || op[1] != '@')) {
        const std::string_view name = op.substr(1);
        const size_t bar = name.rfind('|');
        if (bar == std::string_view::npos) {
            const auto* e = index_.lookup(name);
            if (!e) return std::string(err::kNoEnt);
            setCommand(s, index_.id(*e), true);
        } else {
            const auto* e = index_.lookup(name.substr(0, bar));
            const std::string_view sub = name.substr(bar + 1);
            if (!e) return std::string(err::kNoEnt);
            if (e->parent) return std::string(err::kChild);
            if (sub.empty()) return std::string(err::kInval);
            if (!e->subs.empty()) {
                const auto* se = index_.lookup(name);
                if (!se) return std::string(err::kNoEnt);
                setCommand(s, index_.id(*se), true);
            } else {
                // "+select|0": only this first argument of an otherwise denied command.
                auto& list = s.firstargs[index_.id(*e)];
                if (std::none_of(list.begin(), list.end(),
                                 [&](const std::string& a) { return equalsIgnoreCase(a, sub); }))
                    list.emplace_back(sub);
            }
        }
    } else if (op[0] == '-' && (op.size() < 2 || op[1] != '@')) {
        const auto* e = index_.lookup(op.substr(1));
        if (!e) return std::string(err::kNoEnt);
        setCommand(s, index_.id(*e), false);
    } else if ((op[0] == '+' || op[0] == '-') && op[1] == '@') {
        const uint32_t cat = categoryByName(op.substr(2));
        if (!cat) return std::string(err::kNoEnt);
        setCategory(s, cat, op[0] == '+');
    } else {
        return std::string(err::kInval);
    }
    return std::nullopt;
}

std::optional<std::string> Acl::apply(User& u, std::string_view op) const {
    if (op.empty()) return std::nullopt;  // an empty rule does nothing
    auto is = [&](std::string_view w) { return equalsIgnoreCase(op, w); };
    if (is("on")) {
        u.flags = (u.flags | kOn) & ~kOff;
    } else if (is("off")) {
        u.flags = (u.flags | kOff) & ~kOn;
    } else if (is("skip-sanitize-payload")) {
        u.flags = (u.flags | kSkipSanitize) & ~kSanitize;
    } else if (is("sanitize-payload")) {
        u.flags = (u.flags | kSanitize) & ~kSkipSanitize;
    } else if (is("nopass")) {
        u.flags |= kNoPass;
        u.passwords.clear();
    } else if (is("resetpass")) {
        u.flags &= ~kNoPass;
        u.passwords.clear();
    } else if (op[0] == '>' || op[0] == '#') {
        std::string hash;
        if (op[0] == '>') {
            hash = hashPassword(op.substr(1));
        } else {
            if (!validHash(op.substr(1))) return std::string(err::kBadMsg);
            hash = std::string(op.substr(1));
        }
        if (std::find(u.passwords.begin(), u.passwords.end(), hash) == u.passwords.end())
            u.passwords.push_back(std::move(hash));
        u.flags &= ~kNoPass;
    } else if (op[0] == '<' || op[0] == '!') {
        std::string hash;
        if (op[0] == '<') {
            hash = hashPassword(op.substr(1));
        } else {
            if (!validHash(op.substr(1))) return std::string(err::kBadMsg);
            hash = std::string(op.substr(1));
        }
        auto it = std::find(u.passwords.begin(), u.passwords.end(), hash);
        if (it == u.passwords.end()) return std::string(err::kNoDev);
        u.passwords.erase(it);
    } else if (op[0] == '(' && op.back() == ')') {
        Selector s;
        s.allowed.assign(index_.entries.size(), false);
        // The rules inside are split as redis-cli splits a line (quotes allowed); an
        // unbalanced quote gives an empty selector, as sdssplitargs returning nothing.
        auto words = resp::splitArgs(op.substr(1, op.size() - 2));
        if (words)
            for (const std::string& w : *words)
                if (auto e = applySelector(s, w)) return e;
        u.selectors.push_back(std::move(s));
    } else if (is("clearselectors")) {
        u.selectors.resize(1);
    } else if (is("reset")) {
        for (std::string_view r :
             {"resetpass", "resetkeys", "resetchannels", "off", "sanitize-payload", "clearselectors", "-@all"})
            apply(u, r);
    } else {
        return applySelector(u.selectors[0], op);
    }
    return std::nullopt;
}

std::optional<std::vector<std::string>> Acl::mergeSelectorArgs(std::span<const std::string> args, size_t& bad) {
    std::vector<std::string> out;
    std::string selector;
    bool open = false;
    size_t open_at = 0;
    for (size_t j = 0; j < args.size(); ++j) {
        const std::string& op = args[j];
        if (!open && !op.empty() && op[0] == '(' && op.back() != ')') {
            selector = op;
            open = true;
            open_at = j;
            continue;
        }
        if (open) {
            selector += ' ';
            selector += op;
            if (!op.empty() && op.back() == ')') {
                open = false;
                out.push_back(std::move(selector));
            }
            continue;
        }
        out.push_back(op);
    }
    if (open) {
        bad = open_at;
        return std::nullopt;
    }
    return out;
}

// ---- describing users -----------------------------------------------------------------

namespace {

std::string patternString(const KeyPattern& k) {
    if (k.perm == kKeyAll) return "~" + k.pattern;
    if (k.perm == kKeyRead) return "%R~" + k.pattern;
    return "%W~" + k.pattern;
}

}  // namespace

std::string Acl::describeCommands(const Selector& s) const {
    // Start from +@all (the selector can run commands added later) or -@all, then add
    // the categories that fit best, one at a time, tracking in `fake` what the rules
    // written so far allow and in `temp` what is left to explain.
    std::string rules;
    const bool additive = !s.future;
    Selector fake;
    fake.allowed.assign(index_.entries.size(), !additive);
    rules = additive ? "-@all " : "+@all ";
    Selector temp;
    temp.allowed = s.allowed;
    auto names = categoryNames();
    std::vector<bool> applied(names.size(), false);
    while (true) {
        int best = -1;
        unsigned long mindiff = INT_MAX, maxsame = 0;
        for (size_t j = 0; j < names.size(); ++j) {
            if (applied[j]) continue;
            unsigned long on, off;
            countCategory(temp, 1u << j, on, off);
            const unsigned long diff = additive ? off : on;
            const unsigned long same = additive ? on : off;
            if (same > diff && (diff < mindiff || (diff == mindiff && same > maxsame))) {
                best = static_cast<int>(j);
                mindiff = diff;
                maxsame = same;
            }
        }
        if (best < 0) break;
        setCategory(fake, 1u << best, additive);
        setCategory(temp, 1u << best, !additive);
        rules += additive ? "+@" : "-@";
        rules += names[static_cast<size_t>(best)];
        rules += ' ';
        applied[static_cast<size_t>(best)] = true;
    }
    // Then the single commands whose bit still differs, and the first-args.
    auto single = [&](size_t id) {
        const bool userbit = s.allowed[id];
        if (userbit != fake.allowed[id]) {
            rules += userbit ? '+' : '-';
            rules += index_.entries[id].fullname;
            rules += ' ';
            setCommand(fake, id, userbit);
        }
    };
    for (size_t id : index_.top) {
        single(id);
        for (size_t sub : index_.entries[id].subs) single(sub);
        auto fa = s.firstargs.find(id);
        if (!s.allowed[id] && fa != s.firstargs.end())
            for (const std::string& a : fa->second) rules += "+" + index_.entries[id].fullname + "|" + a + " ";
    }
    rules.pop_back();
    return rules;
}

std::string Acl::describeKeys(const Selector& s) {
    if (s.allkeys) return "~*";
    std::string out;
    for (const auto& k : s.keys) {
        if (!out.empty()) out += ' ';
        out += patternString(k);
    }
    return out;
}

std::string Acl::describeChannels(const Selector& s) {
    if (s.allchannels) return "&*";
    std::string out;
    for (const auto& c : s.channels) {
        if (!out.empty()) out += ' ';
        out += "&" + c;
    }
    return out;
}

std::string Acl::describe(const User& u) const {
    static constexpr std::string_view kFlagNames[] = {"on", "off", "nopass", "skip-sanitize-payload",
                                                      "sanitize-payload"};
    std::string res;
    for (size_t j = 0; j < std::size(kFlagNames); ++j)
        if (u.flags & (1u << j)) res += std::string(kFlagNames[j]) + " ";
    for (const auto& p : u.passwords) res += "#" + p + " ";
    for (const Selector& s : u.selectors) {
        std::string d;
        if (s.allkeys) {
            d += "~* ";
        } else {
            for (const auto& k : s.keys) d += patternString(k) + " ";
        }
        if (s.allchannels) {
            d += "&* ";
        } else {
            d += "resetchannels ";
            for (const auto& c : s.channels) d += "&" + c + " ";
        }
        d += describeCommands(s);
        if (s.root)
            res += d;
        else
            res += " (" + d + ")";
    }
    return res;
}

// ---- checks ---------------------------------------------------------------------------

namespace {

// The keys of a command line with their flags, as Redis's getKeysFromCommandWithSpecs
// (the getkeys procedure for commands whose specs cannot tell, the real flags for
// specs marked variable_flags).
std::vector<KeyRef> keysWithFlags(const CommandSpec& spec, std::span<const std::string> argv) {
    if (spec.get_keys) return spec.get_keys(argv);
    std::vector<KeyRef> out;
    if (CommandTable::keyPositions(spec, argv).empty()) return out;  // an unusable line names no keys
    for (const auto& ks : spec.keys) {
        if (ks.flags.find("not_key") != std::string_view::npos) continue;
        std::string_view flags = ks.flags;
        if (spec.variable_key_flags && flags.find("variable_flags") != std::string_view::npos)
            flags = spec.variable_key_flags(argv);
        KeySpec one = ks;
        for (size_t pos : CommandTable::keyPositions(CommandSpec{.keys = std::span(&one, 1)}, argv))
            out.push_back({pos, flags});
    }
    return out;
}

bool hasKeys(const CommandSpec& spec) {
    if (spec.get_keys) return true;
    return std::any_of(spec.keys.begin(), spec.keys.end(),
                       [](const KeySpec& ks) { return ks.flags.find("not_key") == std::string_view::npos; });
}

bool hasWord(std::string_view flags, std::string_view w) {
    size_t pos = 0;
    while ((pos = flags.find(w, pos)) != std::string_view::npos) {
        const bool start = pos == 0 || flags[pos - 1] == ' ';
        const bool end = pos + w.size() == flags.size() || flags[pos + w.size()] == ' ';
        if (start && end) return true;
        pos += w.size();
    }
    return false;
}

bool channelInList(const std::vector<std::string>& list, std::string_view channel, bool literal) {
    for (const auto& p : list)
        if (literal ? p == channel : globMatch(p, channel)) return true;
    return false;
}

}  // namespace

bool Acl::channelAllowed(const User& u, std::string_view channel, bool literal) {
    for (const Selector& s : u.selectors)
        if (s.allchannels || channelInList(s.channels, channel, literal)) return true;
    return false;
}

Denied Acl::checkSelector(const Selector& s, size_t id, const CommandSpec& spec, std::span<const std::string> argv,
                          size_t& pos) const {
    if (!(spec.flags & cmd::kNoAuth) && !s.allowed[id]) {
        auto fa = s.firstargs.find(id);
        if (argv.size() < 2 || fa == s.firstargs.end()) return Denied::kCommand;
        const size_t idx = index_.entries[id].parent ? 2 : 1;
        if (idx >= argv.size()) return Denied::kCommand;
        if (std::none_of(fa->second.begin(), fa->second.end(),
                         [&](const std::string& a) { return equalsIgnoreCase(a, argv[idx]); }))
            return Denied::kCommand;
    }
    if (!s.allkeys && hasKeys(spec)) {
        for (const KeyRef& k : keysWithFlags(spec, argv)) {
            int need = 0;
            if (hasWord(k.flags, "access")) need |= kKeyRead;
            if (hasWord(k.flags, "insert") || hasWord(k.flags, "delete") || hasWord(k.flags, "update"))
                need |= kKeyWrite;
            const bool ok = std::any_of(s.keys.begin(), s.keys.end(), [&](const KeyPattern& p) {
                return (p.perm & need) == need && globMatch(p.pattern, argv[k.pos]);
            });
            if (!ok) {
                pos = k.pos;
                return Denied::kKey;
            }
        }
    }
    if (!s.allchannels && !index_.entries[id].parent) {
        const std::string_view n = spec.name;
        size_t from = 0, to = 0;
        bool literal = false;
        if (n == "publish" || n == "spublish") {
            from = 1, to = std::min<size_t>(2, argv.size());
        } else if (n == "subscribe" || n == "ssubscribe") {
            from = 1, to = argv.size();
        } else if (n == "psubscribe") {
            from = 1, to = argv.size(), literal = true;
        }
        for (size_t j = from; j < to; ++j) {
            if (!channelInList(s.channels, argv[j], literal)) {
                pos = j;
                return Denied::kChannel;
            }
        }
    }
    return Denied::kOk;
}

Denied Acl::check(const User& u, const CommandSpec& spec, std::span<const std::string> argv, size_t& pos) const {
    auto it = index_.ids.find(&spec);
    if (it == index_.ids.end()) return Denied::kOk;
    // Any selector may allow it; otherwise report the "largest" refusal (channel > key >
    // command), and among equal ones the last argument position.
    Denied relevant = Denied::kCommand;
    size_t local = 0, last = 0;
    for (const Selector& s : u.selectors) {
        const Denied r = checkSelector(s, it->second, spec, argv, local);
        if (r == Denied::kOk) return r;
        if (r > relevant || (r == relevant && local > last)) {
            relevant = r;
            last = local;
        }
    }
    pos = last;
    return relevant;
}

std::shared_ptr<User> Acl::authenticate(std::string_view name, std::string_view password) const {
    auto u = find(name);
    if (!u || (u->flags & kOff)) return nullptr;
    if (u->flags & kNoPass) return u;
    const std::string h = hashPassword(password);
    for (const auto& p : u->passwords)
        if (p == h) return u;
    return nullptr;
}

// ---- the log --------------------------------------------------------------------------

void Acl::addLog(LogEntry e, size_t max_len) {
    // Within the 10 newest entries, the same refusal (reason, context, object, user) less
    // than a minute apart bumps the old entry's count and moves it to the front.
    constexpr int64_t kGroupingMs = 60000;
    for (size_t i = 0; i < log_.size() && i < 10; ++i) {
        LogEntry& cur = log_[i];
        if (cur.reason == e.reason && cur.context == e.context &&
            std::llabs(cur.ctime_ms - e.ctime_ms) <= kGroupingMs && cur.object == e.object &&
            cur.username == e.username) {
            LogEntry moved = std::move(cur);
            log_.erase(log_.begin() + static_cast<std::ptrdiff_t>(i));
            moved.cinfo = std::move(e.cinfo);
            moved.ctime_ms = e.ctime_ms;
            ++moved.count;
            log_.push_front(std::move(moved));
            return;
        }
    }
    log_.push_front(std::move(e));
    while (log_.size() > max_len) log_.pop_back();
}

// ---- files ----------------------------------------------------------------------------

std::optional<std::string> Acl::loadFile(std::string_view text, std::string_view filename,
                                         std::vector<std::shared_ptr<User>>& dropped) {
    const std::string fname(filename);
    std::map<std::string, std::shared_ptr<User>, std::less<>> fresh;
    std::string errors;
    size_t linenum = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++linenum;
        auto trim = [](std::string_view s, std::string_view chars) {
            while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
            while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
            return s;
        };
        line = trim(line, " \t\r\n");
        if (line.empty()) continue;
        // Split on single spaces (sdssplitlen): two spaces make an empty rule, a no-op.
        std::vector<std::string> argv;
        size_t p = 0;
        while (true) {
            const size_t sp = line.find(' ', p);
            argv.emplace_back(line.substr(p, sp == std::string_view::npos ? std::string_view::npos : sp - p));
            if (sp == std::string_view::npos) break;
            p = sp + 1;
        }
        const std::string ln = std::to_string(linenum);
        if (argv[0] != "user" || argv.size() < 2) {
            errors += fname + ":" + ln + " should start with user keyword followed by the username. ";
            continue;
        }
        if (hasSpaces(argv[1])) {
            errors += "'" + fname + ":" + ln + ": username '" + argv[1] + "' contains invalid characters. ";
            continue;
        }
        if (fresh.count(argv[1])) {
            errors += "WARNING: Duplicate user '" + argv[1] + "' found on line " + ln + ". ";
            continue;
        }
        auto u = std::make_shared<User>(blankUser(argv[1]));
        fresh.emplace(argv[1], u);
        size_t bad = 0;
        auto rules = mergeSelectorArgs(std::span<const std::string>(argv).subspan(2), bad);
        if (!rules) {
            errors += fname + ":" + ln + ": Unmatched parenthesis in selector definition.";
            continue;
        }
        // An unknown command is named; of the other errors only a line's first is shown
        // (later ones may just follow from it).
        bool syntax_error = false;
        for (const std::string& r : *rules) {
            const std::string_view op = trim(r, "\t\r\n");
            auto e = apply(*u, op);
            if (!e) continue;
            if (*e == err::kNoEnt) {
                errors += fname + ":" + ln + ": Error in applying operation '" + std::string(op) + "': " + *e + ". ";
            } else if (!syntax_error) {
                errors += fname + ":" + ln + ": " + *e + ". ";
                syntax_error = true;
            }
        }
    }
    if (!errors.empty())
        return errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed";
    // The default user object stays (clients point to it); it takes the file's rules.
    auto it = fresh.find("default");
    if (it != fresh.end()) {
        *default_ = *it->second;
    } else {
        User d = blankUser("default");
        for (std::string_view op : {"+@all", "~*", "&*", "on", "nopass"}) apply(d, op);
        *default_ = std::move(d);
    }
    fresh["default"] = default_;
    for (auto& [name, u] : users_)
        if (u != default_) dropped.push_back(u);
    users_ = std::move(fresh);
    return std::nullopt;
}

std::string Acl::serialize() const {
    std::string out;
    for (const auto& [name, u] : users_) out += "user " + name + " " + describe(*u) + "\n";
    return out;
}

std::optional<std::string> Acl::loadConfigUsers(const std::vector<std::vector<std::string>>& lines) {
    for (const auto& words : lines) {
        if (hasSpaces(words[0])) return std::string("Spaces not allowed in ACL usernames");
        auto u = create(words[0]);
        if (!u) {
            u = find(words[0]);  // only "default" can already exist
            apply(*u, "reset");
        }
        for (size_t j = 1; j < words.size(); ++j)
            if (auto e = apply(*u, words[j]))
                return "Error loading ACL rule '" + words[j] + "' for the user named '" + words[0] + "': " + *e;
    }
    return std::nullopt;
}

std::optional<std::string> validateUserLine(std::span<const std::string> words) {
    static const CommandTable table;
    static const Acl checker(table);
    size_t bad = 0;
    auto rules = Acl::mergeSelectorArgs(words.subspan(2), bad);
    if (!rules) return "Error in user declaration '" + words[bad] + "': Wrong format";
    User u = checker.blankUser("__fakeuser__");
    for (size_t j = 0; j < rules->size(); ++j) {
        auto e = checker.apply(u, (*rules)[j]);
        // Unknown commands are only reported when the users are loaded (modules may add
        // commands in Redis). Redis names the word at the rule's index in the whole line
        // ("user", the name, then the rules), so the word shown is two before the bad one.
        if (e && *e != err::kNoEnt) return "Error in user declaration '" + words[j] + "': " + *e;
    }
    return std::nullopt;
}

}  // namespace redsim::acl
