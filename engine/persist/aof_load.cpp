// Loading the commands of an AOF file (Redis's loadSingleAppendOnlyFile): each RESP
// command is run on a fake client, MULTI blocks only as a whole, and a truncated last
// command is dropped when aof-load-truncated allows it. The manifest walk that calls it
// for the base and each incr file is Aof::loadOnStart (aof.cpp).
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/persist/aof.h"

namespace redsim {

AofLoadOutcome aofLoadCommands(Engine& engine, Client& fake, std::string_view bytes, std::string_view filename,
                               bool last_file, bool load_truncated) {
    (void)last_file;
    AofLoadOutcome r;
    const std::string name(filename);
    size_t pos = 0;
    size_t valid_up_to = 0, valid_before_multi = 0;
    std::string what;
    // A line ("*3", "$5") ending in "\n" within 128 bytes (Redis's fgets buffer).
    enum LineStatus { Got, Eof, Bad };
    auto read_line = [&](std::string_view* line) {
        if (pos >= bytes.size()) return Eof;
        const size_t nl = bytes.find('\n', pos);
        if (nl == std::string_view::npos) {
            if (bytes.size() - pos >= 128) return Bad;
            return Eof;
        }
        if (nl - pos >= 128) return Bad;
        *line = bytes.substr(pos, nl - pos);
        if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
        pos = nl + 1;
        return Got;
    };
    auto parse_num = [](std::string_view s, long long* v) {
        if (s.empty() || s.size() > 18) return false;
        long long n = 0;
        size_t i = 0;
        bool neg = false;
        if (s[0] == '-') {
            neg = true;
            i = 1;
        }
        if (i == s.size()) return false;
        for (; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            n = n * 10 + (s[i] - '0');
        }
        *v = neg ? -n : n;
        return true;
    };
    auto fmterr = [&](size_t at) {
        r.status = AofLoadOutcome::Failed;
        r.error = "Bad file format reading the append only file " + name + " at offset " + std::to_string(at) + ": " +
                  what + ". Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>";
        return r;
    };
    auto uxeof = [&]() {
        if (load_truncated) {
            r.warnings.push_back("!!! Warning: short read while loading the AOF file " + name + "!!!");
            r.warnings.push_back("!!! Truncating the AOF " + name + " at offset " + std::to_string(valid_up_to) +
                                 " !!!");
            r.status = AofLoadOutcome::Truncated;
            r.valid_up_to = valid_up_to;
            return r;
        }
        r.status = AofLoadOutcome::Failed;
        r.error = "Unexpected end of file reading the append only file " + name + " (offset " +
                  std::to_string(bytes.size()) + ", last complete command ends at " + std::to_string(valid_up_to) +
                  "). You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix "
                  "<filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to "
                  "yes and restart the server.";
        return r;
    };
    std::vector<std::string> argv;
    while (true) {
        const size_t cmd_start = pos;
        std::string_view line;
        const LineStatus ls = read_line(&line);
        if (ls == Eof) {
            if (pos < bytes.size()) return uxeof();  // a partial first line
            break;
        }
        if (ls == Bad) {
            what = "line too long";
            return fmterr(cmd_start);
        }
        if (!line.empty() && line[0] == '#') {  // an annotation (aof-timestamp-enabled)
            valid_up_to = pos;
            continue;
        }
        long long argc = 0;
        if (line.empty() || line[0] != '*') {
            what = "expected '*' at the start of a command";
            return fmterr(cmd_start);
        }
        if (!parse_num(line.substr(1), &argc) || argc < 1 || argc > 1024 * 1024) {
            what = "invalid argument count '" + std::string(line.substr(1, 20)) + "'";
            return fmterr(cmd_start);
        }
        argv.clear();
        for (long long j = 0; j < argc; ++j) {
            const size_t arg_at = pos;
            const LineStatus s = read_line(&line);
            if (s == Eof) return uxeof();
            if (s == Bad || line.empty() || line[0] != '$') {
                what = "expected '$' (argument " + std::to_string(j + 1) + " of " + std::to_string(argc) + ")";
                return fmterr(arg_at);
            }
            long long len = 0;
            if (!parse_num(line.substr(1), &len) || len < 0) {
                what = "invalid bulk length '" + std::string(line.substr(1, 20)) + "'";
                return fmterr(arg_at);
            }
            if (bytes.size() - pos < static_cast<size_t>(len) + 2) return uxeof();
            argv.emplace_back(bytes.substr(pos, static_cast<size_t>(len)));
            pos += static_cast<size_t>(len);
            if (bytes[pos] != '\r' || bytes[pos + 1] != '\n') {
                what = "bulk string not followed by CRLF";
                return fmterr(pos);
            }
            pos += 2;
        }
        if (!engine.commands().find(argv[0])) {
            r.status = AofLoadOutcome::Failed;
            r.error = "Unknown command '" + argv[0].substr(0, 128) + "' reading the append only file " + name +
                      " at offset " + std::to_string(cmd_start);
            return r;
        }
        if (equalsIgnoreCase(argv[0], "multi") && !fake.in_multi) valid_before_multi = cmd_start;
        engine.execute(fake, argv);
        fake.out.clear();
        ++r.commands;
        valid_up_to = pos;
    }
    if (fake.in_multi) {
        // The file ends inside a transaction: as a short read, the transaction goes.
        r.warnings.push_back("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
        engine.execute(fake, std::vector<std::string>{"DISCARD"});
        fake.out.clear();
        valid_up_to = valid_before_multi;
        return uxeof();
    }
    return r;
}

}  // namespace redsim
