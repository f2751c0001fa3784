#include "lesson/runner.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "engine/config.h"
#include "engine/memory.h"
#include "engine/resp/args.h"
#include "engine/util/text.h"
#include "repl/backend.h"
#include "repl/meta.h"

namespace redsim::lesson {

namespace {

std::string makeTempDir() {
    std::error_code ec;
    std::string base = std::filesystem::temp_directory_path(ec).string();
    if (ec || base.empty()) base = "/tmp";
    std::string tmpl = base + "/redsim-lesson-XXXXXX";
    if (!mkdtemp(tmpl.data())) return {};
    return tmpl;
}

// Configs that name files or directories: a lesson may not move them (its engine lives
// in its own directory), and neither may a submission.
bool touchesFiles(std::string_view name) {
    static constexpr std::string_view kFiles[] = {"dir",     "dbfilename", "appendfilename", "appenddirname",
                                                  "logfile", "aclfile",    "pidfile",        "unixsocket",
                                                  "include", "daemonize"};
    const std::string n = toLower(name);
    for (auto f : kFiles)
        if (n == f) return true;
    const Config::Param* p = Config::find(name);
    return p && p->protected_config;
}

}  // namespace

EngineOptions lessonEngineOptions(const Lesson& lesson, const std::string& dir, const std::optional<Limits>& sandbox,
                                  std::vector<std::string>& problems) {
    EngineOptions eo{.seed = lesson.meta.seed, .virtual_clock = lesson.meta.virtual_clock};
    eo.config.values.dir = dir;
    // Everything else starts as a redis-server without a config file starts (save points
    // included, firing into the lesson's own directory).
    for (const auto& [name, value] : lesson.meta.config) {
        const Config::Param* p = Config::find(name);
        if (!p) {
            problems.push_back("config: unknown parameter '" + name + "'");
        } else if (touchesFiles(name)) {
            problems.push_back("config: " + name + " cannot be set by a lesson (it names files)");
        } else if (auto err = eo.config.set(*p, value)) {
            problems.push_back("config: " + name + " " + value + ": " + *err);
        }
    }
    if (sandbox) {
        eo.config.values.proto_max_bulk_len =
            std::min(eo.config.values.proto_max_bulk_len, sandbox->proto_max_bulk_len);
        eo.script_instruction_limit = static_cast<uint64_t>(sandbox->script_instructions);
        eo.script_memory_limit = static_cast<uint64_t>(sandbox->script_memory);
    }
    return eo;
}

std::string makeLessonDir() { return makeTempDir(); }

void runSetup(repl::Session& session, const Lesson& lesson, std::vector<std::string>& problems,
              const std::function<std::string(std::string_view)>& refusal) {
    (void)session.takeOutput();
    for (const std::string& line : lesson.meta.setup) {
        std::string out;
        if (std::string why = refusal ? refusal(line) : std::string(); !why.empty()) {
            out = "(error) " + why + "\n";
        } else {
            session.runLine(line);
            session.drainBlocked();
            out = session.takeOutput();
        }
        if (out.starts_with("(error)") || out.find("\n(error)") != std::string::npos)
            problems.push_back("setup: " + line + ": " + std::string(out.substr(0, out.find('\n'))));
    }
}

LessonSession::LessonSession(const Lesson& lesson, LessonSessionOptions opts) : opts_(std::move(opts)) {
    start_ = std::chrono::steady_clock::now();
    dir_ = opts_.data_dir;
    if (dir_.empty()) {
        dir_ = makeTempDir();
        own_dir_ = !dir_.empty();
    } else {
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
    }
    EngineOptions eo = lessonEngineOptions(lesson, dir_, opts_.sandbox, setup_problems_);
    repl::SessionOptions so{.seed = lesson.meta.seed,
                            .virtual_clock = lesson.meta.virtual_clock,
                            .tty_format = opts_.tty_format,
                            .colors = opts_.colors,
                            .interactive = opts_.interactive,
                            .windowed = opts_.windowed};
    session_ = std::make_unique<repl::Session>(so, repl::makeEmbeddedBackend(std::move(eo)));
    // Setup runs through the sandbox's door (refused lines are problems) but counts
    // nothing: the setup is not the learner's.
    runSetup(*session_, lesson, setup_problems_, [this](std::string_view line) { return refusal(line); });
    commands_ = 0;
}

LessonSession::~LessonSession() {
    session_.reset();  // closes the AOF before its directory goes
    if (own_dir_) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
}

std::string LessonSession::refusal(std::string_view line) const {
    std::optional<std::vector<std::string>> argv;
    return refusal(line, argv);
}

std::string LessonSession::refusal(std::string_view line, std::optional<std::vector<std::string>>& argv) const {
    if (!opts_.sandbox) return {};
    const Limits& lim = *opts_.sandbox;
    // Checked before splitting: a huge line is not worth reading.
    if (line.size() > lim.max_line_bytes)
        return "line of " + std::to_string(line.size()) + " bytes: lines are limited to " +
               std::to_string(lim.max_line_bytes) + " bytes while grading";
    argv = resp::splitArgs(line);
    if (!argv || argv->empty()) return {};  // the session prints redis-cli's complaint
    size_t at = 0;
    if (const long repeat = repl::repeatPrefix(*argv); repeat > 0) {
        if (repeat > lim.max_commands - commands_)
            return "a repeat count of " + (*argv)[0] + " is over what is left of the command budget";
        at = 1;
    }
    const std::string cmd = toLower((*argv)[at]);
    auto arg = [&](size_t i) { return at + i < argv->size() ? toLower((*argv)[at + i]) : std::string(); };
    if (cmd == "debug" || cmd == "shutdown" || cmd == "module" || cmd == "monitor" || cmd == "sync" || cmd == "psync" ||
        cmd == "replicaof" || cmd == "slaveof" || cmd == "failover")
        return toUpper(cmd) + " is not allowed while grading";
    if (cmd == "config" && (arg(1) == "set" || arg(1) == "rewrite")) {
        if (arg(1) == "rewrite") return "CONFIG REWRITE is not allowed while grading";
        for (size_t i = at + 2; i < argv->size(); i += 2) {
            const std::string name = toLower((*argv)[i]);
            if (touchesFiles(name) || name == "proto-max-bulk-len" || name == "enable-debug-command")
                return "CONFIG SET " + name + " is not allowed while grading";
            if (name == "maxmemory" && i + 1 < argv->size()) {
                const auto v = Config::parseMemory((*argv)[i + 1]);
                if (v && (*v == 0 || *v > lim.max_memory))
                    return "maxmemory is limited to " + std::to_string(lim.max_memory) + " bytes while grading";
            }
        }
    }
    if (cmd == ":time") {
        long long us = 0;
        if (argv->size() == 2 && repl::parseDuration((*argv)[1], us) && time_us_ + us > lim.max_time_us)
            return ":time beyond " + std::to_string(lim.max_time_us / 3600000000LL) +
                   " hours in all is not allowed while grading";
    }
    return {};
}

std::string LessonSession::run(std::string_view line) {
    repl::Session& s = *session_;
    last_refusal_.clear();
    if (opts_.sandbox) {
        if (stopped()) return {};
        const Limits& lim = *opts_.sandbox;
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        if (secs > lim.max_seconds) {
            stop_reason_ =
                "stopped: the run took longer than " + std::to_string(static_cast<int>(lim.max_seconds)) + " s";
            return {};
        }
        if (commands_ >= lim.max_commands) {
            stop_reason_ = "stopped after " + std::to_string(lim.max_commands) + " commands (the limit)";
            return {};
        }
        std::optional<std::vector<std::string>> argv;
        last_refusal_ = refusal(line, argv);
        if (!last_refusal_.empty()) return "(error) " + last_refusal_ + "\n";
        if (argv && argv->size() == 2 && toLower((*argv)[0]) == ":time") {
            long long us = 0;
            if (repl::parseDuration((*argv)[1], us)) time_us_ += us;
        }
        commands_ += argv ? std::max(1L, repl::repeatPrefix(*argv)) : 1;
    }
    s.runLine(line);
    s.drainBlocked();
    std::string out = s.takeOutput();
    if (opts_.sandbox && session_->engine()) {
        const long long used = usedMemoryModel(*session_->engine());
        if (used > opts_.sandbox->max_memory)
            stop_reason_ = "stopped: the engine used " + std::to_string(used) + " bytes, over the limit of " +
                           std::to_string(opts_.sandbox->max_memory);
    }
    return out;
}

bool outputMatches(std::string_view expected, std::string_view actual) {
    auto lines = [](std::string_view text) {
        std::vector<std::string_view> out = splitLines(text);
        while (!out.empty() && out.back().empty()) out.pop_back();
        return out;
    };
    const auto e = lines(expected);
    const auto a = lines(actual);
    // Matching with `...` wildcards (each stands for zero or more lines).
    std::vector<std::vector<signed char>> memo(e.size() + 1, std::vector<signed char>(a.size() + 1, -1));
    auto match = [&](auto&& self, size_t i, size_t j) -> bool {
        if (memo[i][j] >= 0) return memo[i][j];
        bool r;
        if (i == e.size())
            r = j == a.size();
        else if (e[i] == "...")
            r = self(self, i + 1, j) || (j < a.size() && self(self, i, j + 1));
        else
            r = j < a.size() && e[i] == a[j] && self(self, i + 1, j + 1);
        memo[i][j] = r;
        return r;
    };
    return match(match, 0, 0);
}

}  // namespace redsim::lesson
