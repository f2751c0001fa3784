// Reading a lesson file (lesson.h): the TOML front matter with toml++, then the Markdown
// body line by line. The body is not parsed as full Markdown here: only what gives a
// lesson its shape (## headings, fenced blocks, hint quotes) matters, and a line scan
// keeps every line number for `file:line` errors. Rendering is lesson/markdown.h's job.
#include "lesson/lesson.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "engine/commands/table.h"
#include "engine/util/text.h"

namespace redsim::lesson {

namespace {

// A fence opener: three or more ` or ~; returns its length and sets `info`.
size_t fenceOpen(std::string_view line, std::string& info) {
    const std::string_view t = trimBlanks(line);
    if (t.size() < 3 || (t[0] != '`' && t[0] != '~')) return 0;
    size_t n = 0;
    while (n < t.size() && t[n] == t[0]) ++n;
    if (n < 3) return 0;
    info = toLower(trimBlanks(t.substr(n)));
    if (const size_t sp = info.find_first_of(" \t{"); sp != std::string::npos) info.resize(sp);
    return n;
}
bool fenceClose(std::string_view line, char ch, size_t n) {
    const std::string_view t = trimBlanks(line);
    size_t k = 0;
    while (k < t.size() && t[k] == ch) ++k;
    return k >= n && k == t.size();
}

// The prompt that starts a command line in a ```redis block, as in Redis's docs.
constexpr std::string_view kPrompt = "redis> ";

PageKind kindOf(std::string_view title) {
    const std::string t = toLower(trimBlanks(title));
    if (t == "goal") return PageKind::Goal;
    if (t == "example" || t == "worked example") return PageKind::Example;
    if (t == "gotchas") return PageKind::Gotchas;
    return PageKind::Step;
}

}  // namespace

// The GUI's view names (docs/gui.md); the lesson layer cannot see the GUI, so they are
// listed here and gui.views.lesson_view_names_are_the_gui_s keeps the two in step.
constexpr std::string_view kViews[] = {"console",   "keyspace",    "skiplist", "dict", "listpack",
                                       "quicklist", "string",      "hll",      "geo",  "stream",
                                       "memory",    "persistence", "pubsub"};

std::span<const std::string_view> guiViewNames() { return kViews; }

namespace {

class Reader {
public:
    Reader(const std::string& file, std::vector<Diagnostic>& diags) : file_(file), diags_(diags) {}

    void error(int line, std::string msg) { diags_.push_back({file_, line, std::move(msg)}); }

    bool frontMatter(std::string_view toml_text, int first_line, FrontMatter& fm) {
        toml::table t;
        try {
            t = toml::parse(toml_text, file_);
        } catch (const toml::parse_error& e) {
            error(first_line + static_cast<int>(e.source().begin.line) - 1, std::string(e.description()));
            return false;
        }
        auto lineOf = [&](const toml::node& n) { return first_line + static_cast<int>(n.source().begin.line) - 1; };
        static const std::set<std::string, std::less<>> known = {"id",   "title", "level",  "minutes", "topics",
                                                                 "seed", "clock", "config", "setup",   "view"};
        for (const auto& [k, v] : t)
            if (!known.contains(k.str()))
                error(lineOf(v), "unknown front matter key '" + std::string(k.str()) +
                                     "' (known: id title level minutes topics seed clock config setup view)");
        auto str = [&](std::string_view key, std::string& out, bool required) {
            const toml::node* n = t.get(key);
            if (!n) {
                if (required) error(first_line - 1, "front matter needs " + std::string(key) + " = \"…\"");
                return;
            }
            if (auto s = n->value<std::string>())
                out = *s;
            else
                error(lineOf(*n), std::string(key) + " must be a string");
        };
        str("id", fm.id, true);
        str("title", fm.title, true);
        str("level", fm.level, true);
        if (!fm.level.empty() && fm.level != "beginner" && fm.level != "intermediate" && fm.level != "advanced")
            error(lineOf(*t.get("level")), "level must be beginner, intermediate or advanced");
        if (const toml::node* n = t.get("minutes")) {
            auto m = n->value<int64_t>();
            if (!m || *m <= 0 || *m > 600)
                error(lineOf(*n), "minutes must be a whole number from 1 to 600");
            else
                fm.minutes = static_cast<int>(*m);
        } else {
            error(first_line - 1, "front matter needs minutes = N (how long the lesson takes)");
        }
        if (const toml::node* n = t.get("topics")) {
            const toml::array* a = n->as_array();
            if (!a) error(lineOf(*n), "topics must be an array of strings");
            if (a)
                for (const auto& item : *a) {
                    if (auto s = item.value<std::string>())
                        fm.topics.push_back(*s);
                    else
                        error(lineOf(item), "topics must be an array of strings");
                }
        }
        if (const toml::node* n = t.get("seed")) {
            auto s = n->value<int64_t>();
            if (!s || *s < 0)
                error(lineOf(*n), "seed must be a whole number ≥ 0");
            else
                fm.seed = static_cast<uint64_t>(*s);
        }
        if (const toml::node* n = t.get("clock")) {
            auto s = n->value<std::string>();
            if (!s || (*s != "virtual" && *s != "real"))
                error(lineOf(*n), "clock must be \"virtual\" or \"real\"");
            else
                fm.virtual_clock = *s == "virtual";
        }
        if (const toml::node* n = t.get("config")) {
            const toml::table* c = n->as_table();
            if (!c) error(lineOf(*n), "config must be a table: config = { maxmemory = \"1mb\" }");
            std::vector<std::tuple<int, std::string, std::string>> pairs;
            if (c)
                for (const auto& [k, v] : *c) {
                    std::string value;
                    if (auto s = v.value<std::string>())
                        value = *s;
                    else if (auto i = v.value<int64_t>())
                        value = std::to_string(*i);
                    else if (auto b = v.value<bool>())
                        value = *b ? "yes" : "no";
                    else {
                        error(lineOf(v), "config " + std::string(k.str()) + " must be a string, number or boolean");
                        continue;
                    }
                    pairs.emplace_back(lineOf(v), std::string(k.str()), value);
                }
            // toml++ keeps a table sorted by key; the author's order is the order of lines.
            std::stable_sort(pairs.begin(), pairs.end(),
                             [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
            for (auto& [ln, k, v] : pairs) fm.config.emplace_back(k, v);
        }
        if (const toml::node* n = t.get("setup")) {
            const toml::array* a = n->as_array();
            if (!a) error(lineOf(*n), "setup must be an array of command lines");
            if (a)
                for (const auto& item : *a) {
                    if (auto s = item.value<std::string>())
                        fm.setup.push_back(*s);
                    else
                        error(lineOf(item), "setup must be an array of command lines (strings)");
                }
        }
        str("view", fm.view, false);
        if (!fm.view.empty() && std::find(std::begin(kViews), std::end(kViews), fm.view) == std::end(kViews)) {
            std::string known;
            for (auto v : kViews) known += (known.empty() ? "" : " ") + std::string(v);
            error(lineOf(*t.get("view")), "unknown view '" + fm.view + "' (views: " + known + ")");
        }
        return true;
    }

    RedisBlock redisBlock(const std::vector<std::string_view>& body, int first_line) {
        RedisBlock b;
        b.line = first_line - 1;
        for (size_t i = 0; i < body.size(); ++i) {
            const int ln = first_line + static_cast<int>(i);
            const std::string_view l = body[i];
            if (l.starts_with(kPrompt)) {
                b.commands.push_back({ln, std::string(trimBlanks(l.substr(kPrompt.size()))), ""});
                if (b.commands.back().command.empty()) error(ln, "an empty command after the prompt");
            } else if (b.commands.empty()) {
                if (!trimBlanks(l).empty())
                    error(ln, "a ```redis block starts with a command after the prompt \"redis> \"");
            } else {
                b.commands.back().expected += std::string(l) + "\n";
            }
        }
        // Blank lines at the end of a reply are layout, not output.
        for (auto& c : b.commands)
            while (c.expected.ends_with("\n\n")) c.expected.pop_back();
        for (auto& c : b.commands)
            if (c.expected == "\n") c.expected.clear();
        if (b.commands.empty()) error(first_line - 1, "an empty ```redis block");
        return b;
    }

private:
    const std::string& file_;
    std::vector<Diagnostic>& diags_;
};

}  // namespace

std::string Diagnostic::str() const { return file + ":" + std::to_string(line) + ": " + message; }

std::vector<size_t> Lesson::stepIndexes() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < pages.size(); ++i)
        if (pages[i].kind == PageKind::Step) out.push_back(i);
    return out;
}

const Page* Lesson::findPage(std::string_view slug) const {
    for (const auto& p : pages)
        if (p.slug == slug) return &p;
    return nullptr;
}

std::optional<Lesson> parseLesson(std::string_view text, const std::string& file, std::vector<Diagnostic>& diags) {
    Reader rd(file, diags);
    const std::vector<std::string_view> lines = splitLines(text);
    if (lines.empty() || trimBlanks(lines[0]) != "+++") {
        rd.error(1, "a lesson starts with TOML front matter between two +++ lines");
        return std::nullopt;
    }
    size_t close = 1;
    while (close < lines.size() && trimBlanks(lines[close]) != "+++") ++close;
    if (close == lines.size()) {
        rd.error(1, "the front matter has no closing +++ line");
        return std::nullopt;
    }
    std::string toml_text;
    for (size_t i = 1; i < close; ++i) toml_text += std::string(lines[i]) + "\n";
    Lesson lesson;
    lesson.file = file;
    if (!rd.frontMatter(toml_text, 2, lesson.meta)) return std::nullopt;

    static const CommandTable table;
    Page* page = nullptr;
    std::string* prose = &lesson.intro;
    std::set<std::string> slugs;
    for (size_t i = close + 1; i < lines.size(); ++i) {
        const std::string_view l = lines[i];
        const int ln = static_cast<int>(i) + 1;
        std::string info;
        if (const size_t n = fenceOpen(l, info)) {
            const char ch = trimBlanks(l)[0];
            size_t j = i + 1;
            while (j < lines.size() && !fenceClose(lines[j], ch, n)) ++j;
            if (j == lines.size()) rd.error(ln, "this ``` block is never closed");
            std::vector<std::string_view> body(lines.begin() + static_cast<long>(i) + 1,
                                               lines.begin() + static_cast<long>(std::min(j, lines.size())));
            if (info == "check") {
                if (!page || page->kind != PageKind::Step) {
                    rd.error(ln, "a ```check block belongs in a step (a ## heading other than Goal, Example, Gotchas)");
                } else {
                    std::string joined;
                    for (const auto& b : body) joined += std::string(b) + "\n";
                    if (!joined.empty()) joined.pop_back();
                    std::vector<CheckProblem> problems;
                    page->checks.push_back(parseCheckBlock(joined, ln + 1, table, problems));
                    page->checks.back().line = ln;
                    for (auto& p : problems) rd.error(p.line, p.message);
                }
            } else {
                if (info == "redis") {
                    if (!page)
                        rd.error(ln, "a ```redis block belongs under a ## heading");
                    else
                        page->examples.push_back(rd.redisBlock(body, ln + 1));
                }
                for (size_t k = i; k <= std::min(j, lines.size() - 1); ++k) *prose += std::string(lines[k]) + "\n";
            }
            i = j;
            continue;
        }
        if (l.starts_with("## ")) {
            lesson.pages.emplace_back();
            page = &lesson.pages.back();
            page->line = ln;
            page->title = std::string(trimBlanks(l.substr(3)));
            page->kind = kindOf(page->title);
            page->slug = slugify(page->title);
            if (page->slug.empty()) rd.error(ln, "a ## heading needs a title");
            if (!slugs.insert(page->slug).second)
                rd.error(ln, "two ## headings make the same name '" + page->slug + "': titles must differ");
            prose = &page->prose;
            continue;
        }
        // A hint: a block quote whose first line starts "Hint:", taken out of the prose.
        const std::string_view t = trimBlanks(l);
        if (t.starts_with(">") && trimBlanks(t.substr(1)).starts_with("Hint:")) {
            std::string hint(trimBlanks(trimBlanks(t.substr(1)).substr(5)));
            size_t j = i + 1;
            while (j < lines.size() && trimBlanks(lines[j]).starts_with(">")) {
                const std::string_view more = trimBlanks(trimBlanks(lines[j]).substr(1));
                if (more.starts_with("Hint:")) break;  // the next hint
                hint += "\n" + std::string(more);
                ++j;
            }
            if (!page || page->kind != PageKind::Step)
                rd.error(ln, "a hint belongs in a step");
            else if (trimBlanks(hint).empty())
                rd.error(ln, "an empty hint");
            else
                page->hints.push_back(std::string(trimBlanks(hint)));
            i = j - 1;
            continue;
        }
        *prose += std::string(l) + "\n";
    }

    // The shape every lesson shares: Goal, Example, steps, Gotchas.
    auto count = [&](PageKind k) {
        return std::count_if(lesson.pages.begin(), lesson.pages.end(), [k](const Page& p) { return p.kind == k; });
    };
    const int end_line = static_cast<int>(lines.size());
    if (lesson.pages.empty() || lesson.pages.front().kind != PageKind::Goal)
        rd.error(lesson.pages.empty() ? end_line : lesson.pages.front().line, "the first ## heading is ## Goal");
    if (count(PageKind::Example) != 1)
        rd.error(end_line, "a lesson has one ## Example (a worked session in a ```redis block)");
    if (count(PageKind::Step) == 0) rd.error(end_line, "a lesson has at least one step (a ## heading)");
    if (lesson.pages.empty() || lesson.pages.back().kind != PageKind::Gotchas)
        rd.error(end_line, "the last ## heading is ## Gotchas");
    if (count(PageKind::Goal) > 1) rd.error(end_line, "only one ## Goal");
    if (count(PageKind::Gotchas) > 1) rd.error(end_line, "only one ## Gotchas");
    for (const auto& p : lesson.pages) {
        if (p.kind == PageKind::Example && p.examples.empty())
            rd.error(p.line, "## Example shows a worked session in a ```redis block");
        if (p.kind == PageKind::Step && p.checks.empty())
            rd.error(p.line, "step '" + p.title + "' has no ```check block: every step is graded");
        if (p.kind == PageKind::Step && p.examples.empty())
            rd.error(p.line, "step '" + p.title + "' has no ```redis block: its example solution");
    }
    return lesson;
}

std::optional<Lesson> loadLesson(const std::string& path, std::vector<Diagnostic>& diags) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diags.push_back({path, 0, "cannot read the file"});
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseLesson(ss.str(), path, diags);
}

std::string slugify(std::string_view title) {
    std::string out;
    bool dash = false;
    for (const char ch : title) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c)) {
            if (dash && !out.empty()) out += '-';
            out += static_cast<char>(std::tolower(c));
            dash = false;
        } else {
            dash = true;
        }
    }
    return out;
}

std::optional<Course> loadCourse(const std::string& path, std::vector<Diagnostic>& diags) {
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        diags.push_back({path, static_cast<int>(e.source().begin.line), std::string(e.description())});
        return std::nullopt;
    }
    Course c;
    if (auto s = t["title"].value<std::string>()) c.title = *s;
    const toml::array* lessons = t["lesson"].as_array();
    if (!lessons) {
        diags.push_back({path, 1, "course.toml lists its lessons as [[lesson]] tables"});
        return std::nullopt;
    }
    std::set<std::string> seen;
    for (const auto& node : *lessons) {
        const toml::table* l = node.as_table();
        const int ln = static_cast<int>(node.source().begin.line);
        if (!l) {
            diags.push_back({path, ln, "each [[lesson]] is a table"});
            continue;
        }
        CourseEntry e;
        e.line = ln;
        if (auto s = (*l)["id"].value<std::string>()) e.id = *s;
        if (auto s = (*l)["file"].value<std::string>()) e.file = *s;
        if (e.id.empty() || e.file.empty()) diags.push_back({path, ln, "a [[lesson]] needs id and file"});
        if (const toml::array* r = (*l)["requires"].as_array())
            for (const auto& x : *r) {
                if (auto s = x.value<std::string>()) {
                    if (!seen.contains(*s))
                        diags.push_back(
                            {path, ln, "lesson " + e.id + " requires " + *s + ", which is not listed before it"});
                    e.requires_ids.push_back(*s);
                }
            }
        if (!seen.insert(e.id).second) diags.push_back({path, ln, "lesson " + e.id + " is listed twice"});
        c.lessons.push_back(std::move(e));
    }
    return c;
}

}  // namespace redsim::lesson
