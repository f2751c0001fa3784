#include "engine/persist/save_config.h"

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "engine/config.h"

namespace redsim::persist {

std::string getSaveParams(const ConfigValues& v) {
    std::string out;
    for (const auto& sp : v.save_params) {
        if (!out.empty()) out += ' ';
        out += std::to_string(sp.seconds) + " " + std::to_string(sp.changes);
    }
    return out;
}

std::optional<std::string> setSaveParams(ConfigValues& v, std::span<const std::string> words) {
    std::vector<std::string> args(words.begin(), words.end());
    // One word holding several ("3600 1 300 100", as CONFIG SET sends it) is split at
    // every single space, as Redis's sdssplitlen: "10  1" has an empty word in the
    // middle, which is then not a number.
    if (args.size() == 1 && !args[0].empty()) {
        std::vector<std::string> split;
        size_t from = 0;
        for (;;) {
            const size_t sp = args[0].find(' ', from);
            split.push_back(args[0].substr(from, sp == std::string::npos ? std::string::npos : sp - from));
            if (sp == std::string::npos) break;
            from = sp + 1;
        }
        args = std::move(split);
    }
    if (args.size() == 1 && args[0].empty()) args.clear();  // save "": no save points
    if (args.size() % 2 != 0) return std::string("Invalid save parameters");
    std::vector<ConfigValues::SaveParam> points;
    for (size_t j = 0; j < args.size(); ++j) {
        // strtoll as Redis: the whole word must be a number (leading spaces and a sign
        // allowed); seconds >= 1, changes >= 0.
        char* end = nullptr;
        errno = 0;
        const long long val = std::strtoll(args[j].c_str(), &end, 10);
        if (*end != '\0' || (j % 2 == 0 && val < 1) || (j % 2 == 1 && val < 0))
            return std::string("Invalid save parameters");
        if (j % 2 == 0)
            points.push_back({val, 0});
        else
            points.back().changes = static_cast<int>(val);  // Redis keeps changes in an int
    }
    // A config file's later `save` lines add to the first one's points.
    if (v.reading_config_file && v.save_loaded_from_file)
        v.save_params.insert(v.save_params.end(), points.begin(), points.end());
    else
        v.save_params = std::move(points);
    if (v.reading_config_file) v.save_loaded_from_file = true;
    return std::nullopt;
}

}  // namespace redsim::persist
