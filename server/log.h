// Server log lines in redis-server's shape: "pid:M 22 Nov 2026 05:10:39.123 * message".
// The log is a face's concern, so it reads the wall clock directly (the engine never does).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace redsim::server {

class Log {
public:
    enum Level { Debug = 0, Verbose = 1, Notice = 2, Warning = 3 };

    // Writes to `path`, or to standard output when empty. Lines below `level` are dropped.
    Log(const std::string& path, int level);
    ~Log();
    Log(const Log&) = delete;
    Log& operator=(const Log&) = delete;

    // False when a logfile was named but could not be opened (the server refuses to start).
    bool ok() const { return ok_; }
    void write(Level level, std::string_view message);
    void notice(std::string_view m) { write(Notice, m); }
    void warning(std::string_view m) { write(Warning, m); }
    void verbose(std::string_view m) { write(Verbose, m); }

private:
    std::FILE* out_;
    bool own_;
    int level_;
    bool ok_ = true;
};

}  // namespace redsim::server
