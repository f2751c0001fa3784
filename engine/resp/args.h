// args.h — turning a typed line into a command, and a command into bytes.
//
// redis-cli splits each line it reads with sds.c's sdssplitargs():
//   * arguments are separated by blanks;
//   * "double quotes" allow escapes: \n \r \t \b \a, \xHH (two hex digits,
//     either case) for any byte, and \<c> for any other c (so \\ and \");
//   * 'single quotes' take everything literally except \' for a quote;
//   * quotes may start in the middle of an argument (a"b c" is one argument,
//     `ab c`), but a closing quote must be followed by a blank or the end;
//   * an unterminated quote, or a closing quote glued to more text, makes the
//     whole line invalid: redis-cli then prints "Invalid argument(s)\n" to
//     stdout and sends nothing.
// Requests go to the server as a RESP multibulk (array of bulk strings).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redsim::resp {

// Splits `line` as sdssplitargs does.  Returns the arguments (possibly none,
// for a blank line), or std::nullopt for unbalanced/badly closed quotes.
// Blanks between arguments are those of isspace() (space, \t, \n, \v, \f,
// \r); an unquoted argument ends at space, \t, \n or \r.  Like the C original
// the line ends at its first NUL byte (bytes after it are ignored).
// The result owns its strings; `line` may die afterwards.
std::optional<std::vector<std::string>> splitArgs(std::string_view line);

// Encodes `argv` as a RESP request: "*<n>\r\n" then "$<len>\r\n<arg>\r\n" for
// each argument (binary safe).  An empty argv gives "*0\r\n".
std::string encodeCommand(const std::vector<std::string>& argv);

// sdscatrepr: `s` in double quotes; \\ and \" escaped; \n \r \t \a \b as
// two-character escapes; other bytes outside 0x20..0x7e as \xhh (lowercase
// hex).  E.g. repr("a\x00\"") == "\"a\\x00\\\"\"".
std::string repr(std::string_view s);

}  // namespace redsim::resp
