#include "server/log.h"

#include <sys/time.h>
#include <unistd.h>

#include <ctime>

namespace redsim::server {

Log::Log(const std::string& path, int level) : out_(stdout), own_(false), level_(level) {
    if (!path.empty()) {
        if (std::FILE* f = std::fopen(path.c_str(), "a")) {
            out_ = f;
            own_ = true;
        } else {
            ok_ = false;
        }
    }
}

Log::~Log() {
    if (own_) std::fclose(out_);
}

void Log::write(Level level, std::string_view message) {
    if (level < level_) return;
    timeval tv{};
    gettimeofday(&tv, nullptr);
    std::tm tm{};
    localtime_r(&tv.tv_sec, &tm);
    char when[64];
    const size_t n = std::strftime(when, sizeof when, "%d %b %Y %H:%M:%S", &tm);
    static constexpr char kMarks[] = ".-*#";
    std::fprintf(out_, "%d:M %.*s.%03d %c %.*s\n", static_cast<int>(getpid()), static_cast<int>(n), when,
                 static_cast<int>(tv.tv_usec / 1000), kMarks[level], static_cast<int>(message.size()), message.data());
    std::fflush(out_);
}

}  // namespace redsim::server
