// Bitmap commands (Redis's bitops.c): SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD.
//
// A bitmap is not a type of its own: it is a string seen as a row of bits. Bit 0 is the
// most significant bit of byte 0, bit 7 its least significant, bit 8 the top bit of
// byte 1, and so on. Reads past the end of the string see zero bits; writes past the end
// grow the string with zero bytes first.
//
// Encodings follow Redis: every command that may write (SETBIT, BITFIELD with SET or
// INCRBY) first turns the value into a private raw string (dbUnshareStringValue), even
// when no bit actually changes, so `OBJECT ENCODING` says "raw" afterwards. BITOP stores
// its result as a raw string whatever its length. Reads work on int-encoded values too,
// through their decimal text.
//
// Offsets are limited to what fits in proto-max-bulk-len bytes (512 MB by default, so
// bit offsets below 2^32).
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/bits.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

constexpr std::string_view kBadOffset = "ERR bit offset is not an integer or out of range";
constexpr std::string_view kBadBit = "ERR bit is not an integer or out of range";
constexpr std::string_view kBadType =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

// The bytes of a string value, as a view: int-encoded values are read through their
// decimal text, kept alive in `scratch`.
std::string_view readBytes(const Object& o, std::string& scratch) {
    if (o.isInt()) {
        scratch = o.stringValue();
        return scratch;
    }
    return o.bytes();
}

// getBitOffsetFromArgument: a bit offset, or with `hash` (BITFIELD) the form #N meaning
// N * bits. Negative offsets and offsets whose byte is past proto-max-bulk-len fail.
std::optional<uint64_t> bitOffsetArg(CommandContext& ctx, size_t i, bool hash, int bits) {
    std::string_view text = ctx.arg(i);
    const bool use_hash = hash && bits > 0 && !text.empty() && text[0] == '#';
    if (use_hash) text.remove_prefix(1);
    const auto parsed = parseInt64(text);
    if (!parsed) {
        ctx.reply.error(kBadOffset);
        return std::nullopt;
    }
    long long v = *parsed;
    // Redis multiplies in a signed long long; an overflow there wraps in practice, and
    // a wrapped negative result is rejected just below, so wrap explicitly here.
    if (use_hash) v = static_cast<long long>(static_cast<uint64_t>(v) * static_cast<uint64_t>(bits));
    if (v < 0 || (v >> 3) >= ctx.engine.cfg().proto_max_bulk_len) {
        ctx.reply.error(kBadOffset);
        return std::nullopt;
    }
    return static_cast<uint64_t>(v);
}

// lookupStringForBitCommand: the value of argv[1] as a private raw string at least
// (max_bit / 8 + 1) bytes long, created if missing. nullptr after a WRONGTYPE reply.
// `grew` tells whether the key was created or the string extended.
Object* stringForBitWrite(CommandContext& ctx, uint64_t max_bit, bool& grew) {
    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    const size_t need = static_cast<size_t>(max_bit >> 3) + 1;
    Object* o = db.lookupWrite(key);
    grew = false;
    if (!o) {
        db.add(key, Object::rawString(std::string(need, '\0')));
        grew = true;
        return db.peek(key);
    }
    if (wrongType(ctx, o, ObjType::String)) return nullptr;
    if (o->encoding() != Encoding::Raw || o->isShared()) db.overwrite(key, Object::rawString(o->stringValue()));
    o = db.peek(key);
    std::string& bytes = o->rawBytes();
    if (bytes.size() < need) {
        bytes.resize(need, '\0');
        grew = true;
    }
    return o;
}

// ---- SETBIT / GETBIT -----------------------------------------------------------------

void setbitCommand(CommandContext& ctx) {
    auto offset = bitOffsetArg(ctx, 2, false, 0);
    if (!offset) return;
    auto on = intArg(ctx, 3, kBadBit);
    if (!on) return;
    if (*on & ~1LL) {
        ctx.reply.error(kBadBit);
        return;
    }
    bool grew = false;
    Object* o = stringForBitWrite(ctx, *offset, grew);
    if (!o) return;
    std::string& bytes = o->rawBytes();
    auto& byte = reinterpret_cast<unsigned char&>(bytes[static_cast<size_t>(*offset >> 3)]);
    const unsigned mask = 1u << (7 - (*offset & 7));
    const bool old = (byte & mask) != 0;
    if (grew || old != (*on == 1)) {
        byte = static_cast<unsigned char>(*on ? (byte | mask) : (byte & ~mask));
        ++ctx.engine.dirty;
        // Only a real change (or a longer string) is announced, as Redis 7.0.
        ctx.keyModified(ctx.arg(1));
        ctx.notify(notify::kString, "setbit", ctx.arg(1));
    }
    ctx.reply.integer(old ? 1 : 0);
}

void getbitCommand(CommandContext& ctx) {
    auto offset = bitOffsetArg(ctx, 2, false, 0);
    if (!offset) return;
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::String)) return;
    std::string scratch;
    const std::string_view s = readBytes(*o, scratch);
    const uint64_t byte = *offset >> 3;
    int bit = 0;
    if (byte < s.size()) bit = (static_cast<unsigned char>(s[byte]) >> (7 - (*offset & 7))) & 1;
    ctx.reply.integer(bit);
}

// ---- BITCOUNT / BITPOS ---------------------------------------------------------------

// BYTE or BIT as the unit of a range; nullopt (after a syntax error) otherwise.
std::optional<bool> unitArg(CommandContext& ctx, size_t i) {
    if (argIs(ctx.arg(i), "bit")) return true;
    if (argIs(ctx.arg(i), "byte")) return false;
    ctx.reply.error(err::kSyntax);
    return std::nullopt;
}

void bitcountCommand(CommandContext& ctx) {
    // Redis looks the key up before reading the range: a missing key answers 0 whatever
    // the other arguments say.
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::String)) return;
    std::string scratch;
    const std::string_view s = readBytes(*o, scratch);
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const long long len = static_cast<long long>(s.size());

    if (ctx.argc() == 2) {
        ctx.reply.integer(bits::popcount(p, s.size()));
        return;
    }
    if (ctx.argc() != 4 && ctx.argc() != 5) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    auto start = intArg(ctx, 2);
    if (!start) return;
    auto end = intArg(ctx, 3);
    if (!end) return;
    long long s0 = *start, e0 = *end;
    // Two negative bounds in the wrong order answer 0 at once, before BYTE/BIT is read.
    if (s0 < 0 && e0 < 0 && s0 > e0) {
        ctx.reply.integer(0);
        return;
    }
    bool in_bits = false;
    if (ctx.argc() == 5) {
        auto unit = unitArg(ctx, 4);
        if (!unit) return;
        in_bits = *unit;
    }
    if (!bits::clampRange(s0, e0, in_bits ? len * 8 : len)) {
        ctx.reply.integer(0);
        return;
    }
    if (!in_bits) {
        ctx.reply.integer(bits::popcount(p + s0, static_cast<size_t>(e0 - s0 + 1)));
        return;
    }
    ctx.reply.integer(bits::countInBitRange(p, s0, e0));
}

void bitposCommand(CommandContext& ctx) {
    auto bit = intArg(ctx, 2);
    if (!bit) return;
    if (*bit != 0 && *bit != 1) {
        ctx.reply.error("ERR The bit argument must be 1 or 0.");
        return;
    }
    // A missing key is an endless row of zero bits.
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(*bit ? -1 : 0);
        return;
    }
    if (wrongType(ctx, o, ObjType::String)) return;
    std::string scratch;
    const std::string_view s = readBytes(*o, scratch);
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const long long len = static_cast<long long>(s.size());

    long long start = 0, end = len - 1;
    bool in_bits = false, end_given = false;
    if (ctx.argc() >= 4 && ctx.argc() <= 6) {
        auto st = intArg(ctx, 3);
        if (!st) return;
        start = *st;
        if (ctx.argc() == 6) {
            auto unit = unitArg(ctx, 5);
            if (!unit) return;
            in_bits = *unit;
        }
        if (ctx.argc() >= 5) {
            auto en = intArg(ctx, 4);
            if (!en) return;
            end = *en;
            end_given = true;
        }
        if (!bits::clampRange(start, end, in_bits ? len * 8 : len)) {
            ctx.reply.integer(-1);
            return;
        }
    } else if (ctx.argc() != 3) {
        ctx.reply.error(err::kSyntax);
        return;
    } else if (len == 0) {
        ctx.reply.integer(-1);  // an empty range holds neither a 0 nor a 1
        return;
    }
    const long long from = in_bits ? start : start * 8;
    const long long to = in_bits ? end : end * 8 + 7;
    const long long pos = bits::findBit(p, from, to, static_cast<int>(*bit));
    if (pos >= 0 || *bit == 1) {
        ctx.reply.integer(pos);
        return;
    }
    // No clear bit in the range. With an explicit end the answer is "none" (-1); without
    // one, the string counts as followed by zero bits, so the first clear bit is the one
    // just after the range.
    ctx.reply.integer(end_given ? -1 : to + 1);
}

// ---- BITOP ---------------------------------------------------------------------------

enum class BitOp { And, Or, Xor, Not };

// r[i] = f(r[i], src[i]) for i < n, on 8-byte words (then byte by byte for the tail);
// f works on uint64_t and on bytes alike because AND, OR, XOR and NOT act on each bit
// independently. `src` may be `r` itself.
template <class F>
void combine(unsigned char* r, const unsigned char* src, size_t n, F f) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t a, b;
        std::memcpy(&a, r + i, 8);
        std::memcpy(&b, src + i, 8);
        a = f(a, b);
        std::memcpy(r + i, &a, 8);
    }
    for (; i < n; ++i) r[i] = static_cast<unsigned char>(f(r[i], src[i]));
}

void bitopCommand(CommandContext& ctx) {
    const std::string& name = ctx.arg(1);
    BitOp op;
    if (argIs(name, "and"))
        op = BitOp::And;
    else if (argIs(name, "or"))
        op = BitOp::Or;
    else if (argIs(name, "xor"))
        op = BitOp::Xor;
    else if (argIs(name, "not"))
        op = BitOp::Not;
    else {
        ctx.reply.error(err::kSyntax);
        return;
    }
    if (op == BitOp::Not && ctx.argc() != 4) {
        ctx.reply.error("ERR BITOP NOT must be called with a single source key.");
        return;
    }
    // Read every source first (a missing key is an empty string); any non-string fails
    // the whole command before anything is written. The sources are read in place (no
    // copy): nothing changes the keyspace until the result is stored below.
    const size_t nsrc = ctx.argc() - 3;
    std::vector<std::string_view> sources(nsrc);
    std::vector<std::string> scratch(nsrc);  // decimal text of int-encoded sources
    size_t maxlen = 0;
    for (size_t j = 0; j < nsrc; ++j) {
        Object* o = ctx.db().lookupRead(ctx.arg(j + 3));
        if (!o) continue;
        if (wrongType(ctx, o, ObjType::String)) return;
        sources[j] = readBytes(*o, scratch[j]);
        maxlen = std::max(maxlen, sources[j].size());
    }
    // Shorter strings count as padded with zero bytes up to the longest one. The result
    // starts as the first source (padded); each other source is combined into it 8
    // bytes at a time over its own length. Past that length it is all zeros: AND clears
    // the rest of the result, OR and XOR leave it as it is.
    std::string result;
    if (maxlen > 0) {
        result.assign(sources[0]);
        result.resize(maxlen, '\0');
        auto* r = reinterpret_cast<unsigned char*>(result.data());
        if (op == BitOp::Not) {
            combine(r, r, maxlen, [](uint64_t, uint64_t b) { return ~b; });
        }
        for (size_t j = 1; j < nsrc; ++j) {
            const auto* src = reinterpret_cast<const unsigned char*>(sources[j].data());
            const size_t n = sources[j].size();
            if (op == BitOp::And) {
                combine(r, src, n, [](uint64_t a, uint64_t b) { return a & b; });
                std::memset(r + n, 0, maxlen - n);
            } else if (op == BitOp::Or) {
                combine(r, src, n, [](uint64_t a, uint64_t b) { return a | b; });
            } else {
                combine(r, src, n, [](uint64_t a, uint64_t b) { return a ^ b; });
            }
        }
    }
    // An empty result deletes the destination; the result is always a raw string.
    storeOrDelete(ctx, ctx.arg(2), maxlen ? std::optional<Object>(Object::rawString(std::move(result))) : std::nullopt,
                  maxlen, notify::kString, "set");
}

// ---- BITFIELD ------------------------------------------------------------------------

enum class Overflow { Wrap, Sat, Fail };
enum class FieldOp { Get, Set, Incrby };

struct FieldCommand {
    FieldOp op;
    Overflow overflow;
    bool is_signed;
    int bits;
    uint64_t offset;
    long long value;  // SET's value or INCRBY's increment
};

// Reads `bits` bits (1..64) starting at bit `offset`, most significant first. Bits past
// the end of `s` read as zero.
uint64_t getUnsigned(std::string_view s, uint64_t offset, int bits) {
    uint64_t v = 0;
    for (int i = 0; i < bits; ++i, ++offset) {
        const uint64_t byte = offset >> 3;
        const unsigned b = byte < s.size() ? (static_cast<unsigned char>(s[byte]) >> (7 - (offset & 7))) & 1 : 0;
        v = (v << 1) | b;
    }
    return v;
}

int64_t getSigned(std::string_view s, uint64_t offset, int bits) {
    uint64_t v = getUnsigned(s, offset, bits);
    if (bits < 64 && (v & (uint64_t{1} << (bits - 1)))) v |= ~uint64_t{0} << bits;  // sign-extend
    return static_cast<int64_t>(v);
}

// Writes the low `bits` bits of v at bit `offset`; the string is already long enough.
void setBits(std::string& s, uint64_t offset, int bits, uint64_t v) {
    for (int i = bits - 1; i >= 0; --i, ++offset) {
        auto& byte = reinterpret_cast<unsigned char&>(s[offset >> 3]);
        const unsigned mask = 1u << (7 - (offset & 7));
        if ((v >> i) & 1)
            byte = static_cast<unsigned char>(byte | mask);
        else
            byte = static_cast<unsigned char>(byte & ~mask);
    }
}

// Would value + incr leave the range of a `bits`-wide unsigned field? Returns 0 if not,
// 1 above the range, -1 below it; `limit` receives what to store instead under WRAP (the
// low bits of the sum) and SAT (the nearest bound).
int unsignedOverflow(uint64_t value, int64_t incr, int bits, Overflow ow, uint64_t& limit) {
    const uint64_t max = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
    const int64_t maxincr = static_cast<int64_t>(max - value);
    const int64_t minincr = static_cast<int64_t>(uint64_t{0} - value);
    auto wrap = [&] { limit = (value + static_cast<uint64_t>(incr)) & ~(~uint64_t{0} << bits); };
    if (value > max || (incr > 0 && incr > maxincr)) {
        if (ow == Overflow::Wrap)
            wrap();
        else if (ow == Overflow::Sat)
            limit = max;
        return 1;
    }
    if (incr < 0 && incr < minincr) {
        if (ow == Overflow::Wrap)
            wrap();
        else if (ow == Overflow::Sat)
            limit = 0;
        return -1;
    }
    return 0;
}

// The same for a signed field of `bits` bits (two's complement). Values outside the
// range (a SET value too wide for the field) overflow too.
int signedOverflow(int64_t value, int64_t incr, int bits, Overflow ow, int64_t& limit) {
    const int64_t max = bits == 64 ? INT64_MAX : (int64_t{1} << (bits - 1)) - 1;
    const int64_t min = -max - 1;
    // These two may be meaningless when value is out of range; they are only used after
    // the range check, computed unsigned so that nothing overflows.
    const int64_t maxincr = static_cast<int64_t>(static_cast<uint64_t>(max) - static_cast<uint64_t>(value));
    const int64_t minincr = static_cast<int64_t>(static_cast<uint64_t>(min) - static_cast<uint64_t>(value));
    auto wrap = [&] {
        uint64_t c = static_cast<uint64_t>(value) + static_cast<uint64_t>(incr);
        if (bits < 64) {
            const uint64_t mask = ~uint64_t{0} << bits;
            if (c & (uint64_t{1} << (bits - 1)))
                c |= mask;
            else
                c &= ~mask;
        }
        limit = static_cast<int64_t>(c);
    };
    if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
        if (ow == Overflow::Wrap)
            wrap();
        else if (ow == Overflow::Sat)
            limit = max;
        return 1;
    }
    if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
        if (ow == Overflow::Wrap)
            wrap();
        else if (ow == Overflow::Sat)
            limit = min;
        return -1;
    }
    return 0;
}

// getBitfieldTypeFromArgument: i1..i64 or u1..u63; 7.0 takes only a lowercase letter.
bool fieldTypeArg(CommandContext& ctx, size_t i, bool& is_signed, int& bits) {
    const std::string& t = ctx.arg(i);
    if (!t.empty() && t[0] == 'i')
        is_signed = true;
    else if (!t.empty() && t[0] == 'u')
        is_signed = false;
    else {
        ctx.reply.error(kBadType);
        return false;
    }
    // Redis reads the width with strlen, so it stops at an embedded NUL byte.
    std::string_view width(t.c_str() + 1);
    const auto parsed = parseInt64(width);
    const long long n = parsed.value_or(0);
    if (!parsed || n < 1 || (is_signed && n > 64) || (!is_signed && n > 63)) {
        ctx.reply.error(kBadType);
        return false;
    }
    bits = static_cast<int>(n);
    return true;
}

// BITFIELD and BITFIELD_RO: parse every subcommand first (any error replies and changes
// nothing), then run them in order on one value.
void bitfieldGeneric(CommandContext& ctx, bool read_only_command) {
    std::vector<FieldCommand> ops;
    Overflow overflow = Overflow::Wrap;
    bool writes = false;
    uint64_t highest_bit = 0;
    for (size_t j = 2; j < ctx.argc(); ++j) {
        const size_t rem = ctx.argc() - j - 1;
        const std::string& sub = ctx.arg(j);
        FieldOp op;
        if (argIs(sub, "get") && rem >= 2)
            op = FieldOp::Get;
        else if (argIs(sub, "set") && rem >= 3)
            op = FieldOp::Set;
        else if (argIs(sub, "incrby") && rem >= 3)
            op = FieldOp::Incrby;
        else if (argIs(sub, "overflow") && rem >= 1) {
            const std::string& kind = ctx.arg(++j);
            if (argIs(kind, "wrap"))
                overflow = Overflow::Wrap;
            else if (argIs(kind, "sat"))
                overflow = Overflow::Sat;
            else if (argIs(kind, "fail"))
                overflow = Overflow::Fail;
            else {
                ctx.reply.error("ERR Invalid OVERFLOW type specified");
                return;
            }
            continue;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
        FieldCommand fc{.op = op, .overflow = overflow, .is_signed = false, .bits = 0, .offset = 0, .value = 0};
        if (!fieldTypeArg(ctx, j + 1, fc.is_signed, fc.bits)) return;
        auto offset = bitOffsetArg(ctx, j + 2, true, fc.bits);
        if (!offset) return;
        fc.offset = *offset;
        if (op != FieldOp::Get) {
            writes = true;
            highest_bit = std::max(highest_bit, fc.offset + static_cast<uint64_t>(fc.bits) - 1);
            auto v = intArg(ctx, j + 3);
            if (!v) return;
            fc.value = *v;
        }
        ops.push_back(fc);
        j += op == FieldOp::Get ? 2 : 3;
    }

    Object* o = nullptr;
    bool grew = false;  // the key was created or its string extended for the writes
    if (!writes) {
        o = ctx.db().lookupRead(ctx.arg(1));
        if (o && wrongType(ctx, o, ObjType::String)) return;
    } else {
        if (read_only_command) {
            ctx.reply.error("ERR BITFIELD_RO only supports the GET subcommand");
            return;
        }
        o = stringForBitWrite(ctx, highest_bit, grew);
        if (!o) return;
    }

    ctx.reply.arrayLen(ops.size());
    long long changes = 0;
    std::string scratch;
    for (const FieldCommand& fc : ops) {
        if (fc.op == FieldOp::Get) {
            std::string_view s = o ? readBytes(*o, scratch) : std::string_view();
            if (fc.is_signed)
                ctx.reply.integer(getSigned(s, fc.offset, fc.bits));
            else
                ctx.reply.integer(static_cast<long long>(getUnsigned(s, fc.offset, fc.bits)));
            continue;
        }
        std::string& bytes = o->rawBytes();
        int over;
        uint64_t store;
        long long reply;
        if (fc.is_signed) {
            const int64_t old = getSigned(bytes, fc.offset, fc.bits);
            int64_t limit = 0, next;
            if (fc.op == FieldOp::Incrby) {
                over = signedOverflow(old, fc.value, fc.bits, fc.overflow, limit);
                next =
                    over ? limit : static_cast<int64_t>(static_cast<uint64_t>(old) + static_cast<uint64_t>(fc.value));
                reply = next;
            } else {
                over = signedOverflow(fc.value, 0, fc.bits, fc.overflow, limit);
                next = over ? limit : fc.value;
                reply = old;
            }
            store = static_cast<uint64_t>(next);
        } else {
            const uint64_t old = getUnsigned(bytes, fc.offset, fc.bits);
            uint64_t limit = 0, next;
            if (fc.op == FieldOp::Incrby) {
                over = unsignedOverflow(old, fc.value, fc.bits, fc.overflow, limit);
                next = over ? limit : old + static_cast<uint64_t>(fc.value);
                reply = static_cast<long long>(next);
            } else {
                next = static_cast<uint64_t>(fc.value);
                over = unsignedOverflow(next, 0, fc.bits, fc.overflow, limit);
                if (over) next = limit;
                reply = static_cast<long long>(old);
            }
            store = next;
        }
        // Under FAIL an overflowing write is skipped and answers nil. A write counts as a
        // change (dirty, the "setbit" event) only if it changed the bits or the command
        // grew the string, as Redis 7.0.15 shows (SET of the same value is no change).
        if (over && fc.overflow == Overflow::Fail) {
            ctx.reply.null();
        } else {
            ctx.reply.integer(reply);
            const uint64_t before = getUnsigned(bytes, fc.offset, fc.bits);
            setBits(bytes, fc.offset, fc.bits, store);
            if (grew || getUnsigned(bytes, fc.offset, fc.bits) != before) ++changes;
        }
    }
    if (changes) {
        ctx.keyModified(ctx.arg(1));
        ctx.notify(notify::kString, "setbit", ctx.arg(1));
    }
    ctx.engine.dirty += changes;
}

void bitfieldCommand(CommandContext& ctx) { bitfieldGeneric(ctx, false); }
void bitfieldRoCommand(CommandContext& ctx) { bitfieldGeneric(ctx, true); }

// ---- rows ----------------------------------------------------------------------------

constexpr KeySpec kSetbitKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kGetbitKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kBitcountKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kBitposKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kBitopKeys[] = {{.flags = "OW update", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0},
                                  {.flags = "RO access", .begin_index = 3, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kBitfieldKeys[] = {{.flags = "RW access update variable_flags",
                                      .begin_index = 1,
                                      .last_key = 0,
                                      .key_step = 1,
                                      .limit = 0,
                                      .notes = "Reads the key with GET alone, writes it with SET or INCRBY"}};
constexpr KeySpec kBitfieldRoKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kBitmapCommands[] = {
    {
        .name = "setbit",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kBitmap,
        .keys = kSetbitKeys,
        .syntax = "key offset value:integer",
        .summary = "Set or clear one bit of a string, growing it with zero bytes if needed",
        .complexity = "O(1)",
        .group = "bitmap",
        .since = "2.2.0",
        .handler = setbitCommand,
    },
    {
        .name = "getbit",
        .arity = 3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kBitmap,
        .keys = kGetbitKeys,
        .syntax = "key offset",
        .summary = "Read one bit of a string (0 past its end)",
        .complexity = "O(1)",
        .group = "bitmap",
        .since = "2.2.0",
        .handler = getbitCommand,
    },
    {
        .name = "bitcount",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kBitmap,
        .keys = kBitcountKeys,
        .syntax = "key [start end [BYTE | BIT]]",
        .summary = "Count the 1 bits of a string, or of a byte or bit range of it",
        .complexity = "O(N)",
        .group = "bitmap",
        .since = "2.6.0",
        .handler = bitcountCommand,
    },
    {
        .name = "bitpos",
        .arity = -3,
        .flags = cmd::kReadonly,
        .acl = acl::kBitmap,
        .keys = kBitposKeys,
        .syntax = "key bit:integer [start [end [BYTE | BIT]]]",
        .summary = "Find the position of the first 0 or 1 bit of a string, or of a range of it",
        .complexity = "O(N)",
        .group = "bitmap",
        .since = "2.8.7",
        .handler = bitposCommand,
    },
    {
        .name = "bitop",
        .arity = -4,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kBitmap,
        .keys = kBitopKeys,
        .syntax = "operation destkey:key key [key ...]",
        .summary = "Store the AND, OR, XOR of strings, or the NOT of one, at a destination key",
        .complexity = "O(N)",
        .group = "bitmap",
        .since = "2.6.0",
        .handler = bitopCommand,
    },
    {
        .name = "bitfield",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kBitmap,
        .keys = kBitfieldKeys,
        .syntax = "key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] <SET encoding offset value:integer | INCRBY "
                  "encoding offset increment> [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] <SET encoding offset "
                  "value:integer | INCRBY encoding offset increment> ...]]",
        .summary = "Read, write and increment integers of any width stored at bit offsets of a string",
        .complexity = "O(1) per subcommand",
        .group = "bitmap",
        .since = "3.2.0",
        .handler = bitfieldCommand,
    },
    {
        .name = "bitfield_ro",
        .arity = -2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kBitmap,
        .keys = kBitfieldRoKeys,
        .syntax = "key [GET encoding offset [GET encoding offset ...]]",
        .summary = "Read integers stored at bit offsets of a string (BITFIELD limited to GET)",
        .complexity = "O(1) per subcommand",
        .group = "bitmap",
        .since = "6.0.0",
        .handler = bitfieldRoCommand,
    },
};

}  // namespace

std::span<const CommandSpec> bitmapCommands() { return kBitmapCommands; }

}  // namespace redsim
