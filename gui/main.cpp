// redsim-gui: the engine drawn from the inside. See docs/gui.md.
//
//   redsim-gui [--seed N] [--virtual-clock] [--load dump.rdb] [--serve PORT]
//   redsim-gui --lesson lessons/06-sorted-sets-and-leaderboards.md [--no-save]
//   redsim-gui --script FILE --screenshot out.png --frames N [--view NAME] [--key KEY]
//   redsim-gui --bench --frames N [--view NAME] [--script FILE]
#include <CLI/CLI.hpp>
#include <cstdio>

#include "gui/app.h"

int main(int argc, char** argv) {
    CLI::App cli{"redsim-gui: a Redis 7.0 you can see inside"};
    cli.set_help_flag("--help", "Print this help and exit");
    redsim::gui::AppOptions o;
    cli.add_option("--seed", o.seed, "Seed of the engine's random generator");
    cli.add_flag("--virtual-clock", o.virtual_clock, "Run on a virtual clock (play / pause / step in the top bar)");
    cli.add_option("--load", o.load, "Load this RDB file (a Redis 7.0 dump) first");
    cli.add_option("--serve", o.serve_port, "Also serve RESP clients on this port (0: any free port)")
        ->check(CLI::Range(0, 65535));
    cli.add_option("--script", o.script, "Run these REPL lines in the console first ('#' lines are comments)");
    cli.add_option("--screenshot", o.screenshot, "Write the last frame to this PNG and exit (with --frames)");
    cli.add_option("--frames", o.frames, "Render this many frames, then exit")->check(CLI::Range(1, 1000000));
    cli.add_option("--view", o.view,
                   "Open this view (console, keyspace, skiplist, dict, listpack, quicklist, string, hll, geo, "
                   "stream, memory, persistence, pubsub); screenshots and benchmarks show it alone");
    cli.add_option("--lesson", o.lesson,
                   "Follow this lesson (lessons/NN-name.md): its engine, and the lesson pane beside the console");
    cli.add_flag("--no-save", o.no_save, "With --lesson: neither resume nor save progress");
    cli.add_option("--key", o.key, "Select this key (default: the key the view fits best)");
    cli.add_option("--theme", o.theme, "Colour theme: dark or light");
    cli.add_option("--width", o.width, "Window width in pixels")->check(CLI::Range(320, 8192));
    cli.add_option("--height", o.height, "Window height in pixels")->check(CLI::Range(240, 8192));
    cli.add_flag("--whole-window", o.whole_window,
                 "With --screenshot or --bench: draw the whole window, with --view as the centre's tab");
    cli.add_flag("--bench", o.bench, "Print the CPU time of building each frame (with --frames)");
    bool version = false;
    cli.add_flag("--version", version, "Print the version and exit");
    CLI11_PARSE(cli, argc, argv);
    if (version) {
        std::printf("redsim-gui %s\n", REDSIM_VERSION);
        return 0;
    }
    if (!o.screenshot.empty() && o.frames == 0) o.frames = 3;
    if (o.bench && o.frames == 0) o.frames = 300;
    o.hidden = !o.screenshot.empty() || o.bench;
    // Screenshots and benchmarks are the same every run: no saved progress in them.
    if (o.hidden) o.no_save = true;
    redsim::gui::App app(o);
    return app.run();
}
