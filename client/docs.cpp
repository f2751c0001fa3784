#include "client/docs.h"

#include <map>
#include <string>
#include <vector>

#include "engine/commands/grammar.h"

namespace redsim {

namespace {

std::string escapePipes(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|')
            out += "\\|";
        else
            out += c;
    }
    return out;
}

// The syntax as users read it: the grammar printed back, without `:type` annotations.
std::string displaySyntax(std::string_view syntax) { return renderSyntax(parseSyntax(syntax)); }

}  // namespace

std::string commandsMarkdown(const CommandTable& table) {
    std::map<std::string, std::vector<std::pair<std::string, const CommandSpec*>>> groups;
    for (const auto* spec : table.all()) {
        if (spec->subcommands.empty()) groups[std::string(spec->group)].emplace_back(toUpper(spec->name), spec);
        for (const auto& sub : spec->subcommands)
            groups[std::string(sub.group)].emplace_back(toUpper(spec->name) + " " + toUpper(sub.name), &sub);
    }
    std::string md =
        "# Commands\n\n"
        "Generated from the command table (`engine/commands/*.cpp`); do not edit by hand.\n"
        "Every command replies as Redis 7.0 does; see `differences.md` for the few places\n"
        "where redsim deliberately behaves differently.\n";
    for (const auto& [group, rows] : groups) {
        md += "\n## " + group + "\n\n| command | syntax | what it does | complexity |\n| --- | --- | --- | --- |\n";
        for (const auto& [name, spec] : rows) {
            md += "| " + name + " | `" + escapePipes(displaySyntax(spec->syntax)) + "` | " +
                  escapePipes(spec->summary) + " | " + escapePipes(spec->complexity) + " |\n";
        }
    }
    return md;
}

}  // namespace redsim
