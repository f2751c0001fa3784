// The multi-part AOF (see aof.h for the layout and the life of a rewrite).
//
// What happens where, following Redis 7.0's aof.c:
//   feed()      a top-level command's writes, as RESP, into buf_ (SELECT when the db
//               changes; after a rewrite starts the next write selects again)
//   flush()     buf_ to the open INCR file; fsync now (always), in the background
//               thread at most once a second (everysec), or never (no)
//   cron()      notices the rewrite child's end, starts a scheduled or automatic
//               rewrite, retries a failed write, runs the everysec fsync
//   rewriteBackground()  opens a new INCR file (the manifest names it at once) and
//               forks a child that writes the new BASE to a temp file
//   rewriteDone()        renames the temp file to the next BASE name, marks the INCR
//               files the base covers as history, persists the manifest atomically
//               and deletes the history files
// The child runs under ChildRunner (engine/persist/child.h), one child at a time with
// BGSAVE's; on the virtual clock (lessons, tests) the runner reports its end at a
// modelled time (1 ms + 200 MB/s of writing), so a lesson sees the rewrite run.
#include "engine/persist/aof.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "engine/engine.h"
#include "engine/info.h"
#include "engine/persist/rdb_load.h"
#include "engine/persist/rdb_save.h"
#include "engine/resp/args.h"
#include "engine/scripting/scripting.h"
#include "engine/util/numbers.h"
#include "engine/util/text.h"

namespace redsim {

namespace {

constexpr size_t kManifestMaxLine = 1024;

enum { kDebug = 0, kVerbose = 1, kNotice = 2, kWarning = 3 };

std::string errnoText() { return std::strerror(errno); }

// A file name needs quotes in the manifest when it holds spaces, quotes or control
// bytes (Redis writes it with sdscatrepr then).
std::string manifestName(const std::string& name) {
    bool plain = !name.empty();
    for (unsigned char c : name)
        if (c <= ' ' || c == '"' || c == '\\' || c == '\'' || c >= 127) plain = false;
    return plain ? name : resp::repr(name);
}

bool readFile(const std::string& path, std::string* out, int* err) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *err = errno;
        return false;
    }
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

// Writes `data` to `path` (created or truncated), fsynced. "" or the errno text.
std::string writeWholeFile(const std::string& path, std::string_view data) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return errnoText();
    size_t off = 0;
    while (off < data.size()) {
        const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string e = errnoText();
            ::close(fd);
            return e;
        }
        off += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const std::string e = errnoText();
        ::close(fd);
        return e;
    }
    ::close(fd);
    return "";
}

void fsyncDir(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

long long fileSize(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
}

}  // namespace

// ---- Manifest -------------------------------------------------------------------

std::string AofManifest::toString() const {
    std::string out;
    auto line = [&](const AofFileInfo& f) {
        out += "file " + manifestName(f.name) + " seq " + std::to_string(f.seq) + " type ";
        out += f.type;
        out += '\n';
    };
    if (base) line(*base);
    for (const auto& f : history) line(f);
    for (const auto& f : incr) line(f);
    return out;
}

std::optional<std::string> AofManifest::parse(std::string_view text, AofManifest* out) {
    *out = AofManifest{};
    long long maxseq = 0;
    size_t pos = 0, lines = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        const bool has_nl = nl != std::string_view::npos;
        std::string_view raw = text.substr(pos, has_nl ? nl - pos + 1 : std::string_view::npos);
        // fgets reads at most kManifestMaxLine bytes: a longer line arrives in pieces.
        if (raw.size() > kManifestMaxLine) {
            raw = raw.substr(0, kManifestMaxLine);
            pos += kManifestMaxLine;
        } else {
            pos = has_nl ? nl + 1 : text.size();
        }
        ++lines;
        if (!raw.empty() && raw[0] == '#') continue;
        if (raw.find('\n') == std::string_view::npos)
            return std::string("The AOF manifest file contains too long line");
        std::string_view line = raw;
        while (!line.empty() && std::strchr(" \t\r\n", line.front())) line.remove_prefix(1);
        while (!line.empty() && std::strchr(" \t\r\n", line.back())) line.remove_suffix(1);
        if (line.empty()) return std::string("Invalid AOF manifest file format");
        auto argv = resp::splitArgs(line);
        if (!argv || argv->size() < 6 || argv->size() % 2) return std::string("Invalid AOF manifest file format");
        AofFileInfo ai;
        ai.type = 0;
        for (size_t i = 0; i < argv->size(); i += 2) {
            const std::string& k = (*argv)[i];
            const std::string& v = (*argv)[i + 1];
            if (equalsIgnoreCase(k, "file")) {
                ai.name = v;
                if (v.find('/') != std::string::npos) return std::string("File can't be a path, just a filename");
            } else if (equalsIgnoreCase(k, "seq")) {
                ai.seq = std::atoll(v.c_str());
            } else if (equalsIgnoreCase(k, "type")) {
                ai.type = v.empty() ? 0 : v[0];
            }
        }
        if (ai.name.empty() || ai.seq == 0 || ai.type == 0) return std::string("Invalid AOF manifest file format");
        if (ai.type == 'b') {
            if (out->base) return std::string("Found duplicate base file information");
            out->curr_base_seq = ai.seq;
            out->base = std::move(ai);
        } else if (ai.type == 'h') {
            out->history.push_back(std::move(ai));
        } else if (ai.type == 'i') {
            if (ai.seq <= maxseq) return std::string("Found a non-monotonic sequence number");
            maxseq = ai.seq;
            out->curr_incr_seq = ai.seq;
            out->incr.push_back(std::move(ai));
        } else {
            return std::string("Unknown AOF file type");
        }
    }
    if (lines == 0) return std::string("Found an empty AOF manifest");
    return std::nullopt;
}

void appendRespCommand(std::string& out, std::span<const std::string> argv) {
    out += '*';
    out += std::to_string(argv.size());
    out += "\r\n";
    for (const auto& a : argv) {
        out += '$';
        out += std::to_string(a.size());
        out += "\r\n";
        out += a;
        out += "\r\n";
    }
}

// ---- The background fsync thread (Redis's bio) ---------------------------------------

struct Aof::Bio {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::pair<int, bool>> jobs;  // fd, close after the fsync
    std::atomic<int> pending_fsync{0};
    std::condition_variable done;  // a job finished
    bool stop = false;
    std::thread thread;

    Bio() {
        thread = std::thread([this] {
            std::unique_lock lock(mu);
            while (true) {
                cv.wait(lock, [this] { return stop || !jobs.empty(); });
                if (jobs.empty()) return;
                auto [fd, close_it] = jobs.front();
                jobs.pop_front();
                lock.unlock();
                ::fdatasync(fd);
                if (close_it)
                    ::close(fd);
                else
                    --pending_fsync;
                lock.lock();
                done.notify_all();
            }
        });
    }
    ~Bio() {
        {
            std::lock_guard lock(mu);
            stop = true;
        }
        cv.notify_one();
        thread.join();
    }
    // pending_fsync counts the everysec fsyncs only: closing an old incr file (fsync
    // then close, Redis's BIO_CLOSE_FILE job) does not hold back the next write.
    void submit(int fd, bool close_it) {
        if (!close_it) ++pending_fsync;
        {
            std::lock_guard lock(mu);
            jobs.emplace_back(fd, close_it);
        }
        cv.notify_one();
    }
    // Blocks until every queued job is done.
    void drain() {
        std::unique_lock lock(mu);
        done.wait(lock, [this] { return jobs.empty() && pending_fsync.load() == 0; });
    }
};

// ---- Aof --------------------------------------------------------------------------

Aof::Aof(Engine& engine) : engine_(engine) {}

Aof::~Aof() {
    shutdown();
    bio_.reset();
}

std::string Aof::dirPath() const {
    const Config::Param* p = Config::find("dir");
    std::string dir = p ? engine_.config().get(*p) : std::string(".");
    return (std::filesystem::path(dir) / engine_.cfg().appenddirname).string();
}

std::string Aof::manifestPath() const { return dirPath() + "/" + engine_.cfg().appendfilename + ".manifest"; }

void Aof::setSink(bool on) {
    if (on && sink_id_ == 0) {
        sink_id_ = engine_.propagator().addSink([this](std::span<const PropagatedOp> ops) { feed(ops); });
    } else if (!on && sink_id_ != 0) {
        engine_.propagator().removeSink(sink_id_);
        sink_id_ = 0;
    }
}

void Aof::feed(std::span<const PropagatedOp> ops) {
    if (loading_) return;
    // While waiting for the first rewrite, only writes made after the child's snapshot
    // matter (they go to the temp incr file); before the child exists they are in it.
    if (!(state_ == State::On || (state_ == State::WaitRewrite && rewriteInProgress()))) return;
    for (const PropagatedOp& op : ops) {
        if (op.db != selected_db_) {
            const std::string db = std::to_string(op.db);
            buf_ += "*2\r\n$6\r\nSELECT\r\n$" + std::to_string(db.size()) + "\r\n" + db + "\r\n";
            selected_db_ = op.db;
        }
        appendRespCommand(buf_, op.argv);
    }
    if (!batch_writes) flush(false);
}

bool Aof::flushBeforeReplies() const { return engine_.cfg().appendfsync == 1 && !buf_.empty(); }

void Aof::flush(bool force) {
    if (fd_ < 0) return;
    const int policy = engine_.cfg().appendfsync;  // 0 everysec, 1 always, 2 no
    const int64_t now_s = engine_.clock().nowMs() / 1000;
    const bool sync_in_progress = bio_ && bio_->pending_fsync.load() > 0;
    if (buf_.empty()) {
        // Nothing new, but what was written last may still need its everysec fsync.
        if (!(policy == 0 && fsynced_size_ != current_size_ && now_s > last_fsync_s_ && !sync_in_progress)) return;
    } else {
        if (policy == 0 && !force && sync_in_progress) {
            // The disk is busy with the last fsync: wait up to two seconds before
            // writing anyway (a write() behind a running fsync would block the loop).
            if (flush_postponed_start_s_ == 0) {
                flush_postponed_start_s_ = now_s;
                return;
            }
            if (now_s - flush_postponed_start_s_ < 2) return;
            ++delayed_fsync_;
            note(kNotice,
                 "Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting "
                 "for fsync to complete, this may slow down Redis.");
        }
        flush_postponed_start_s_ = 0;
        size_t off = 0;
        while (off < buf_.size()) {
            const ssize_t n = ::write(fd_, buf_.data() + off, buf_.size() - off);
            if (n < 0) {
                if (errno == EINTR) continue;
                break;
            }
            off += static_cast<size_t>(n);
        }
        if (off < buf_.size()) {
            // A write that stopped part-way is "no space" for Redis, whatever came next.
            last_write_errno_ = off > 0 ? ENOSPC : errno;
            const std::string why = errnoText();
            // Take a partial write back, so the file never ends in half a command.
            if (off > 0 && ::ftruncate(fd_, last_incr_size_) == 0) off = 0;
            if (last_write_ok_) note(kWarning, "Error writing to the AOF file: " + why);
            last_write_ok_ = false;
            if (policy == 1 && batch_writes) {
                note(kWarning, "Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
                std::_Exit(1);
            }
            buf_.erase(0, off);
            current_size_ += static_cast<long long>(off);
            last_incr_size_ += static_cast<long long>(off);
            return;
        }
        if (!last_write_ok_) note(kWarning, "AOF write error looks solved, Redis can write again.");
        last_write_ok_ = true;
        current_size_ += static_cast<long long>(buf_.size());
        last_incr_size_ += static_cast<long long>(buf_.size());
        {
            Event ev{Event::Write, static_cast<long long>(buf_.size()), true, {}, {}, {}, 0};
            if (event_fn_) {
                ev.text = buf_.substr(0, kAofEventTextCap);
                ev.file = incr_name_;
                ev.file_size = last_incr_size_;
            }
            emit(ev);
        }
        if (buf_.capacity() > 4000)
            std::string().swap(buf_);
        else
            buf_.clear();
    }
    // fsync, as the policy says; not while a child writes, with no-appendfsync-on-rewrite.
    if (engine_.cfg().no_appendfsync_on_rewrite && rewriteInProgress()) return;
    if (policy == 1) {
        if (::fdatasync(fd_) != 0) {
            note(kWarning, "Can't persist AOF for fsync error when the AOF fsync policy is 'always': " + errnoText() +
                               ". Exiting...");
            if (batch_writes) std::_Exit(1);
        }
        markSynced();
        last_fsync_s_ = now_s;
        emitFsync();
    } else if (policy == 0 && now_s > last_fsync_s_) {
        if (!sync_in_progress) {
            if (!bio_) bio_ = std::make_unique<Bio>();
            bio_->submit(fd_, false);
            // On a virtual clock the background fsync takes no (virtual) time: wait for
            // it, so what a lesson or the GUI sees never depends on the real disk's speed.
            if (engine_.clock().isVirtual()) bio_->drain();
            markSynced();
            emitFsync();
        }
        last_fsync_s_ = now_s;
    }
}

bool Aof::persistManifest(const AofManifest& am, std::string* error) {
    const std::string dir = dirPath();
    const std::string tmp = dir + "/temp-" + engine_.cfg().appendfilename + ".manifest";
    const std::string e = writeWholeFile(tmp, am.toString());
    if (!e.empty()) {
        *error = "Can't persist the AOF manifest file " + tmp + ": " + e;
        return false;
    }
    if (::rename(tmp.c_str(), manifestPath().c_str()) != 0) {
        *error = "Error trying to rename the temporary AOF manifest file " + tmp + " into " + manifestPath() + ": " +
                 errnoText();
        ::unlink(tmp.c_str());
        return false;
    }
    fsyncDir(dir);
    return true;
}

long long Aof::incrSizeOnDisk() const {
    long long n = 0;
    for (const auto& f : manifest_.incr) n += fileSize(dirPath() + "/" + f.name);
    return n;
}

// DIFFERS FROM REDIS: a Redis 6 single-file `appendonly.aof` in `dir` is not upgraded
// into the multi-part directory (docs/differences.md).
bool Aof::loadOnStart(std::string* error, bool* loaded) {
    *loaded = false;
    const std::string mpath = manifestPath();
    std::string text;
    int err = 0;
    if (::access(mpath.c_str(), F_OK) != 0) {
        manifest_ = AofManifest{};
        return true;  // no AOF yet
    }
    if (!readFile(mpath, &text, &err)) {
        *error = "Fatal error: can't open the AOF manifest " + mpath + " for reading: " + std::strerror(err);
        return false;
    }
    if (auto e = AofManifest::parse(text, &manifest_)) {
        *error = "Failed to load the AOF manifest " + mpath + ": " + *e;
        return false;
    }
    if (!manifest_.base && manifest_.incr.empty()) return true;
    const size_t total = (manifest_.base ? 1 : 0) + manifest_.incr.size();
    size_t num = 0;
    loading_ = true;
    Client& fake = engine_.createClient();
    fake.name = "aof-loader";
    fake.authenticated = true;
    const uint64_t fake_id = fake.id;
    bool ok = true;
    long long total_size = 0, base_size = 0;
    auto load_one = [&](const AofFileInfo& f, bool is_base) {
        const bool last = ++num == total;
        const std::string path = dirPath() + "/" + f.name;
        std::string bytes;
        int e = 0;
        if (!readFile(path, &bytes, &e)) {
            *error = e == ENOENT ? "The AOF file " + f.name + " doesn't exist"
                                 : "Fatal error: can't open the append log file " + f.name +
                                       " for reading: " + std::strerror(e);
            return false;
        }
        const int64_t start = engine_.clock().nowUs();
        total_size += static_cast<long long>(bytes.size());
        if (is_base) base_size = static_cast<long long>(bytes.size());
        if (bytes.empty()) return true;
        if (bytes.size() >= 5 && bytes.compare(0, 5, "REDIS") == 0) {
            note(kNotice, "Reading RDB base file on AOF loading...");
            if (auto le = rdbLoad(engine_, bytes, f.name)) {
                *error = "Error reading the RDB base file " + f.name + ", AOF loading aborted: " + *le;
                return false;
            }
            // rdbLoad replaced the databases; the fake client is still registered.
        } else {
            AofLoadOutcome r = aofLoadCommands(engine_, *engine_.client(fake_id), bytes, f.name, last,
                                               engine_.cfg().aof_load_truncated);
            for (const auto& w : r.warnings) note(kWarning, w);
            if (r.status == AofLoadOutcome::Failed) {
                *error = r.error;
                return false;
            }
            if (r.status == AofLoadOutcome::Truncated) {
                if (!last) {
                    *error = "Fatal error: the truncated file is not the last file";
                    return false;
                }
                if (::truncate(path.c_str(), static_cast<off_t>(r.valid_up_to)) != 0) {
                    *error = "Error truncating the AOF file " + f.name + ": " + errnoText();
                    return false;
                }
                total_size -= static_cast<long long>(bytes.size() - r.valid_up_to);
                note(kWarning, "AOF " + f.name + " loaded anyway because aof-load-truncated is enabled");
            }
        }
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.3f", static_cast<double>(engine_.clock().nowUs() - start) / 1e6);
        note(kNotice, std::string("DB loaded from ") + (is_base ? "base" : "incr") + " file " + f.name + ": " + secs +
                          " seconds");
        return true;
    };
    if (manifest_.base) ok = load_one(*manifest_.base, true);
    for (size_t i = 0; ok && i < manifest_.incr.size(); ++i) ok = load_one(manifest_.incr[i], false);
    engine_.freeClient(fake_id);
    loading_ = false;
    if (!ok) return false;
    current_size_ = total_size;
    base_size_ = base_size;
    markSynced();
    *loaded = true;
    return true;
}

bool Aof::writeBase(const std::string& path, std::string* error) {
    std::string data;
    if (engine_.cfg().aof_use_rdb_preamble) {
        RdbSaveOptions opts;
        opts.compression = engine_.cfg().rdbcompression;
        opts.checksum = engine_.cfg().rdbchecksum;
        opts.ctime_s = engine_.clock().nowMs() / 1000;
        opts.used_mem = usedMemory(engine_);
        opts.aof_base = true;
        data = rdbSerialize(engine_, opts);
    } else {
        data = rewriteAsCommands(engine_);
    }
    const std::string e = writeWholeFile(path, data);
    if (!e.empty()) {
        *error = e;
        return false;
    }
    return true;
}

bool Aof::openOnStart(std::string* error) {
    if (!engine_.cfg().appendonly) return true;
    std::error_code ec;
    std::filesystem::create_directories(dirPath(), ec);
    if (ec) {
        *error = "Can't open or create append-only dir " + dirPath() + ": " + ec.message();
        return false;
    }
    const std::string& fname = engine_.cfg().appendfilename;
    const std::string base_ext = engine_.cfg().aof_use_rdb_preamble ? ".rdb" : ".aof";
    if (!manifest_.base && manifest_.incr.empty()) {
        // An empty data set still gets a BASE, so the manifest always names one.
        AofFileInfo b{fname + "." + std::to_string(++manifest_.curr_base_seq) + ".base" + base_ext,
                      manifest_.curr_base_seq, 'b'};
        if (!writeBase(dirPath() + "/" + b.name, error)) return false;
        base_size_ = fileSize(dirPath() + "/" + b.name);
        current_size_ = base_size_;
        manifest_.base = b;
        note(kNotice, "Creating AOF base file " + b.name + " on server start");
    }
    const bool had_incr = !manifest_.incr.empty();
    if (!had_incr)
        manifest_.incr.push_back(
            {fname + "." + std::to_string(++manifest_.curr_incr_seq) + ".incr.aof", manifest_.curr_incr_seq, 'i'});
    const std::string path = dirPath() + "/" + manifest_.incr.back().name;
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd_ < 0) {
        *error = "Can't open the append-only file " + manifest_.incr.back().name + ": " + errnoText();
        return false;
    }
    if (!persistManifest(manifest_, error)) return false;
    last_incr_size_ = fileSize(path);
    incr_name_ = manifest_.incr.back().name;
    incr_synced_ = last_incr_size_;  // what was there before the start is on disk
    note(kNotice, std::string(had_incr ? "Opening" : "Creating") + " AOF incr file " + manifest_.incr.back().name +
                      " on server start");
    state_ = State::On;
    selected_db_ = -1;
    last_fsync_s_ = engine_.clock().nowMs() / 1000;
    setSink(true);
    deleteHistory();
    return true;
}

bool Aof::openNewIncrForAppend() {
    if (state_ == State::Off) return true;
    std::string name;
    AofManifest temp = manifest_;
    if (state_ == State::WaitRewrite) {
        name = "temp-" + engine_.cfg().appendfilename + ".incr";
    } else {
        name = engine_.cfg().appendfilename + "." + std::to_string(++temp.curr_incr_seq) + ".incr.aof";
        temp.incr.push_back({name, temp.curr_incr_seq, 'i'});
    }
    const std::string path = dirPath() + "/" + name;
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CREAT, 0644);
    if (fd < 0) {
        note(kWarning, "Can't open the append-only file " + name + ": " + errnoText());
        return false;
    }
    if (state_ == State::On) {
        std::string e;
        if (!persistManifest(temp, &e)) {
            note(kWarning, e);
            ::close(fd);
            ::unlink(path.c_str());
            return false;
        }
    }
    note(kNotice, "Creating AOF incr file " + name + " on background rewrite");
    if (fd_ >= 0) {
        // The old file's last bytes reach the disk in the background, then it closes.
        if (!bio_) bio_ = std::make_unique<Bio>();
        bio_->submit(fd_, true);
        markSynced();
    }
    fd_ = fd;
    last_incr_size_ = 0;
    incr_name_ = name;
    incr_synced_ = 0;
    if (state_ == State::On) manifest_ = std::move(temp);
    return true;
}

bool Aof::rewriteBackground() {
    if (runner_->active()) return false;  // one child at a time
    std::error_code ec;
    std::filesystem::create_directories(dirPath(), ec);
    if (ec) {
        note(kWarning, "Can't open or create append-only dir " + dirPath() + ": " + ec.message());
        last_bgrewrite_ok_ = false;
        return false;
    }
    // The next write after the rewrite starts goes to a new file: SELECT again.
    selected_db_ = -1;
    flush(true);
    if (!openNewIncrForAppend()) {
        last_bgrewrite_ok_ = false;
        return false;
    }
    ++rewrites_;
    rewrite_scheduled_ = false;
    rewrite_start_ms_ = engine_.clock().nowMs();
    const Config::Param* dp = Config::find("dir");
    const std::string dir = dp ? engine_.config().get(*dp) : std::string(".");
    // The child: its memory is the parent's at the fork, frozen. It writes the base
    // to a temp file named after its pid; the parent renames it when the child is done.
    // On the virtual clock the runner reports the end at a modelled time (child.h).
    auto job = [this, dir]() {
        const std::string tmp = dir + "/temp-rewriteaof-bg-" + std::to_string(::getpid()) + ".aof";
        std::string e;
        ChildOutcome out;
        out.status = writeBase(tmp, &e) ? 0 : 1;
        out.bytes = static_cast<uint64_t>(fileSize(tmp));
        return out;
    };
    if (auto e = runner_->start(ChildType::Aof, engine_.clock(), job, [this](const ChildResult& r) { childDone(r); })) {
        note(kWarning, "Can't rewrite append only file in background: fork: " + *e);
        last_bgrewrite_ok_ = false;
        ++consecutive_failures_;
        rewrite_start_ms_ = -1;
        return false;
    }
    tmp_base_path_ = dir + "/temp-rewriteaof-bg-" + std::to_string(runner_->pid()) + ".aof";
    emit({Event::RewriteStart, 0, true, {}, {}, {}, 0});
    note(kNotice, "Background append only file rewriting started by pid " + std::to_string(runner_->pid()));
    return true;
}

void Aof::childDone(const ChildResult& r) {
    if (r.by_signal == SIGUSR1) {
        // Stopped on purpose (appendonly no, a new rewrite, shutdown): not an error.
        if (!tmp_base_path_.empty()) ::unlink(tmp_base_path_.c_str());
        tmp_base_path_.clear();
        rewrite_start_ms_ = -1;
        return;
    }
    rewriteDone(r.ok());
}

void Aof::killChild() {
    if (rewriteInProgress()) {
        note(kNotice, "Killing running AOF rewrite child: " + std::to_string(runner_->pid()));
        runner_->kill(engine_.clock());
    }
    const std::string temp_incr = dirPath() + "/temp-" + engine_.cfg().appendfilename + ".incr";
    ::unlink(temp_incr.c_str());
}

void Aof::rewriteDone(bool ok) {
    const int64_t now = engine_.clock().nowMs();
    last_rewrite_time_s_ = (now - rewrite_start_ms_) / 1000;
    rewrite_start_ms_ = -1;
    std::string err;
    if (ok) {
        AofManifest temp = manifest_;
        const std::string ext = engine_.cfg().aof_use_rdb_preamble ? ".rdb" : ".aof";
        if (temp.base) {
            temp.base->type = 'h';
            temp.history.push_back(*temp.base);
        }
        const std::string base_name =
            engine_.cfg().appendfilename + "." + std::to_string(++temp.curr_base_seq) + ".base" + ext;
        temp.base = AofFileInfo{base_name, temp.curr_base_seq, 'b'};
        const std::string base_path = dirPath() + "/" + base_name;
        if (::rename(tmp_base_path_.c_str(), base_path.c_str()) != 0) {
            err = "Error trying to rename the temporary AOF base file " + tmp_base_path_ + " into " + base_name + ": " +
                  errnoText();
        }
        std::string new_incr_path;
        if (err.empty() && state_ == State::WaitRewrite) {
            const std::string temp_incr = dirPath() + "/temp-" + engine_.cfg().appendfilename + ".incr";
            const std::string incr_name =
                engine_.cfg().appendfilename + "." + std::to_string(++temp.curr_incr_seq) + ".incr.aof";
            new_incr_path = dirPath() + "/" + incr_name;
            if (::rename(temp_incr.c_str(), new_incr_path.c_str()) != 0) {
                err = "Error trying to rename the temporary AOF incr file " + temp_incr + " into " + incr_name + ": " +
                      errnoText();
                ::unlink(base_path.c_str());
            } else {
                temp.incr.push_back({incr_name, temp.curr_incr_seq, 'i'});
                incr_name_ = incr_name;
            }
        }
        if (err.empty()) {
            // The incr files the new base covers: all but the one open now (all of
            // them when the AOF is off).
            const size_t keep = fd_ >= 0 ? 1 : 0;
            while (temp.incr.size() > keep) {
                AofFileInfo f = temp.incr.front();
                temp.incr.erase(temp.incr.begin());
                f.type = 'h';
                temp.history.push_back(std::move(f));
            }
            if (!persistManifest(temp, &err)) {
                ::unlink(base_path.c_str());
                if (!new_incr_path.empty())
                    ::rename(new_incr_path.c_str(),
                             (dirPath() + "/temp-" + engine_.cfg().appendfilename + ".incr").c_str());
            }
        }
        if (err.empty()) {
            manifest_ = std::move(temp);
            base_size_ = fileSize(base_path);
            current_size_ = base_size_ + (fd_ >= 0 ? last_incr_size_ : 0);
            markSynced();
            deleteHistory();
            if (state_ == State::WaitRewrite) state_ = State::On;
            note(kNotice, "Background AOF rewrite terminated with success");
            note(kNotice, "Background AOF rewrite finished successfully");
            last_bgrewrite_ok_ = true;
            consecutive_failures_ = 0;
            tmp_base_path_.clear();
            emit({Event::RewriteEnd, base_size_, true, base_name, {}, {}, 0});
            return;
        }
        note(kWarning, err);
    } else {
        note(kWarning, "Background AOF rewrite terminated with error");
    }
    if (!tmp_base_path_.empty()) ::unlink(tmp_base_path_.c_str());
    tmp_base_path_.clear();
    last_bgrewrite_ok_ = false;
    ++consecutive_failures_;
    // Turning appendonly on waits for a base: try again from cron.
    if (state_ == State::WaitRewrite) rewrite_scheduled_ = true;
    emit({Event::RewriteEnd, 0, false, {}, {}, {}, 0});
}

void Aof::deleteHistory() {
    if (manifest_.history.empty() || engine_.cfg().aof_disable_auto_gc) return;
    for (const auto& f : manifest_.history) {
        ::unlink((dirPath() + "/" + f.name).c_str());
        note(kNotice, "Removing the history file " + f.name + " in the background");
    }
    manifest_.history.clear();
    std::string e;
    if (!persistManifest(manifest_, &e)) note(kWarning, e);
}

void Aof::cron() {
    // A finished child? (Its done callback, childDone, finishes the rewrite.)
    if (rewriteInProgress()) runner_->poll(engine_.clock());
    if (!runner_->active() && rewrite_scheduled_ && !engine_.script.caller) rewriteBackground();
    // Automatic rewrite when the AOF grew by auto-aof-rewrite-percentage over its base.
    const ConfigValues& cfg = engine_.cfg();
    if (state_ == State::On && !runner_->active() && cfg.auto_aof_rewrite_percentage > 0 &&
        current_size_ > cfg.auto_aof_rewrite_min_size) {
        const long long base = base_size_ > 0 ? base_size_ : 1;
        const long long growth = current_size_ * 100 / base - 100;
        if (growth >= cfg.auto_aof_rewrite_percentage && consecutive_failures_ < 3) {
            note(kNotice, "Starting automatic rewriting of AOF on " + std::to_string(growth) + "% growth");
            rewriteBackground();
        }
    }
    if (state_ == State::On || state_ == State::WaitRewrite) flush(false);
}

bool Aof::appendonlyChanged(bool in_exec) {
    const bool on = engine_.cfg().appendonly;
    if (on && state_ == State::Off) {
        state_ = State::WaitRewrite;
        if (runner_->active() && !rewriteInProgress()) {
            rewrite_scheduled_ = true;
            note(kNotice,
                 "AOF was enabled but there is already another background operation. An AOF background was "
                 "scheduled to start when possible.");
        } else if (in_exec) {
            rewrite_scheduled_ = true;
            note(kNotice,
                 "AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
        } else {
            if (rewriteInProgress()) {
                note(kNotice,
                     "AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF "
                     "and starting a rewrite now.");
                killChild();
            }
            if (!rewriteBackground()) {
                state_ = State::Off;
                note(kWarning,
                     "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the "
                     "above logs for more info about the error.");
                return false;
            }
        }
        setSink(true);
        last_fsync_s_ = engine_.clock().nowMs() / 1000;
        return true;
    }
    if (!on && state_ != State::Off) {
        flush(true);
        if (fd_ >= 0) {
            ::fdatasync(fd_);
            ::close(fd_);
            fd_ = -1;
        }
        if (rewriteInProgress()) killChild();
        rewrite_scheduled_ = false;
        state_ = State::Off;
        setSink(false);
        buf_.clear();
    }
    return true;
}

void Aof::bgrewriteCommand(bool in_exec, std::string* status, std::string* error) {
    if (rewriteInProgress()) {
        *error = "ERR Background append only file rewriting already in progress";
    } else if (runner_->active() || in_exec) {
        rewrite_scheduled_ = true;
        *status = "Background append only file rewriting scheduled";
    } else if (rewriteBackground()) {
        *status = "Background append only file rewriting started";
    } else {
        *error = "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.";
    }
}

void Aof::shutdown() {
    if (rewriteInProgress()) killChild();
    if (fd_ >= 0) {
        flush(true);
        ::fdatasync(fd_);
        ::close(fd_);
        fd_ = -1;
    }
}

void Aof::info(const FieldFn& field) {
    const bool on = state_ != State::Off;
    field("aof_enabled", on ? "1" : "0");
    field("aof_rewrite_in_progress", rewriteInProgress() ? "1" : "0");
    field("aof_rewrite_scheduled", rewrite_scheduled_ ? "1" : "0");
    field("aof_last_rewrite_time_sec", std::to_string(last_rewrite_time_s_));
    field("aof_current_rewrite_time_sec",
          std::to_string(rewrite_start_ms_ >= 0 ? (engine_.clock().nowMs() - rewrite_start_ms_) / 1000 : -1));
    field("aof_last_bgrewrite_status", last_bgrewrite_ok_ ? "ok" : "err");
    field("aof_rewrites", std::to_string(rewrites_));
    field("aof_rewrites_consecutive_failures", std::to_string(consecutive_failures_));
    field("aof_last_write_status", last_write_ok_ ? "ok" : "err");
    field("aof_last_cow_size", "0");
    field("module_fork_in_progress", "0");
    field("module_fork_last_cow_size", "0");
    if (on) {
        field("aof_current_size", std::to_string(current_size_));
        field("aof_base_size", std::to_string(base_size_));
        field("aof_pending_rewrite", rewrite_scheduled_ ? "1" : "0");
        field("aof_buffer_length", std::to_string(buf_.size()));
        field("aof_pending_bio_fsync", std::to_string(bio_ ? bio_->pending_fsync.load() : 0));
        field("aof_delayed_fsync", std::to_string(delayed_fsync_));
    }
}

void appendAofInfo(Engine& engine, const Aof::FieldFn& field) { engine.aof().info(field); }

}  // namespace redsim
