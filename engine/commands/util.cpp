#include "engine/commands/util.h"

#include "engine/commands/table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/numbers.h"

namespace redsim {

Object integerValue(const Engine& engine, long long v) {
    const bool can_share = !const_cast<Engine&>(engine).cfg().noSharedIntegers();
    return Object::intString(v, can_share && v >= 0 && v < kSharedIntegers);
}

Object encodeStringValue(const Engine& engine, std::string value) {
    if (value.size() <= 20) {
        if (auto v = parseInt64(value)) return integerValue(engine, *v);
    }
    return Object::fromString(std::move(value));
}

std::optional<long long> intArg(CommandContext& ctx, size_t i, std::string_view error) {
    auto v = parseInt64(ctx.arg(i));
    if (!v) ctx.reply.error(error.empty() ? err::kNotInteger : error);
    return v;
}

std::optional<long double> longDoubleArg(CommandContext& ctx, size_t i) {
    auto v = parseLongDouble(ctx.arg(i));
    if (!v) ctx.reply.error(err::kNotFloat);
    return v;
}

bool wrongType(CommandContext& ctx, const Object* o, ObjType t) {
    if (o && o->type() != t) {
        ctx.reply.error(err::kWrongType);
        return true;
    }
    return false;
}

bool argIs(const std::string& arg, std::string_view option) { return equalsIgnoreCase(arg, option); }

}  // namespace redsim
