// format.h — print a Reply byte for byte as redis-cli 7.0.15 prints it.
//
// redis-cli has two printers (src/redis-cli.c):
//   * the "TTY" form, used when stdout is a terminal or with --no-raw:
//         1) "quoted"        (integer) 1        (nil)        (error) ERR …
//     nested aggregates are indented by the width of their parent's index;
//   * the "raw" form, used when stdout is a pipe/file or with --raw: strings
//     as they are, aggregates flattened with a delimiter.
//
// Rules found by running redis-cli 7.0.15 against redis-server 7.0.15 (the
// transcripts are pinned in tests/engine/resp_test.cpp):
//
//  Everything a reply produces goes to STDOUT, errors included, in both forms.
//  Exit status stays 0 after an error reply.  Each reply is printed whole,
//  after it has been formatted completely.
//
//  TTY form (formatTTY): every scalar line ends in "\n"; nothing is added after
//  a reply.  Status and error are printed up to their first NUL byte.
//  Verbatim text is printed unquoted without its "txt:" prefix.  Empty
//  aggregates print "(empty array)", "(empty hash)", "(empty set)",
//  "(empty push)".  Map entries are `N# key => value`; when the value spans
//  several lines it starts on a new line, indented.
//
//  Raw form (formatRaw): the body is cliFormatReplyRaw and then the command
//  delimiter (-D, default "\n") is appended:
//      nil            ""            (so a nil prints a bare "\n")
//      error          "<text>\n"    (so a top-level error ends in "\n\n")
//      status/bulk    the bytes, unescaped, no newline of their own
//      integer        "42"          double: the wire text, e.g. "3.141"
//      bool           "(true)" / "(false)"
//      array/set/push items joined by the bulk delimiter (-d, default "\n"),
//                     recursively: nested arrays are flattened, an empty one
//                     contributes "" (so "\n\n" appears around it)
//      map            "key value" pairs (one space) joined by the delimiter
//
//  Commands whose reply is a report (INFO, CLIENT LIST, MEMORY DOCTOR, …; see
//  printsRawStrings) are printed with the raw body and NO delimiter, in both
//  modes: call formatRaw(r, "\n", "").
//
//  RESP3 push messages are dropped unless stdout is a tty (or --show-pushes
//  yes); when shown they use formatPushTTY / formatRaw.
//
//  redis-cli 7.0.15 cannot print a big number (it writes "Unknown reply type:
//  13\n" to STDERR and exits 1) nor parse an attribute (STDERR `Error:
//  Protocol error, got "|" as reply type byte`, exit 1).  cliFatalMessage()
//  reports those cases; the formatters themselves print something useful
//  instead (see DIFFERS FROM REDIS below).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/resp/args.h"
#include "engine/resp/reply.h"

namespace redsim::resp {

// The TTY form of a whole reply, exactly what redis-cli 7.0.15 writes to
// stdout for it (--no-raw or a terminal), trailing newline included.
// DIFFERS FROM REDIS: a BigNumber prints as "(big number) <digits>" and an
// Attribute like a map numbered "1| key => value"; redis-cli 7.0.15 aborts on
// both instead (see cliFatalMessage).
std::string formatTTY(const Reply& r);

// The raw form: cliFormatReplyRaw(r) followed by `cmdDelim`.  `bulkDelim` is
// redis-cli's -d (between items of an aggregate), `cmdDelim` its -D.  For the
// report commands of printsRawStrings pass cmdDelim = "".
// DIFFERS FROM REDIS: BigNumber prints its digits and Attribute prints like a
// map, where redis-cli 7.0.15 aborts.
std::string formatRaw(const Reply& r, std::string_view bulkDelim = "\n", std::string_view cmdDelim = "\n");

// How redis-cli prints an out-of-band RESP3 push in TTY mode: a client-side
// caching "invalidate" push whose second item is an array of keys prints as
//   -> invalidate: 'k1', 'k2'\n
// (keys cut at a NUL byte, not escaped); any other push as formatTTY.
std::string formatPushTTY(const Reply& push);

// True when redis-cli prints this command's reply raw even in TTY mode (no
// quotes, no "(error)", no trailing delimiter): INFO, LOLWUT, DEBUG
// HTSTATS[-KEY], MEMORY MALLOC-STATS|DOCTOR, CLUSTER NODES|INFO (exactly 2
// args), CLIENT LIST|INFO, LATENCY GRAPH (3 args), LATENCY DOCTOR (2 args),
// PROXY INFO.  Names compare case-insensitively.  Requires nothing; empty
// argv gives false.
bool printsRawStrings(std::span<const std::string> argv);

// What redis-cli 7.0.15 does with a reply it cannot handle: the STDERR line it
// writes before exiting with status 1, or nullopt when the reply prints fine.
// An Attribute anywhere → `Error: Protocol error, got "|" as reply type
// byte\n`; otherwise a BigNumber anywhere → "Unknown reply type: 13\n".
std::optional<std::string> cliFatalMessage(const Reply& r);

}  // namespace redsim::resp
