// The argument grammar of a command, parsed from the syntax string in its table row.
//
// Rows write a command's arguments the way Redis's documentation does:
//   key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]
//   cursor [MATCH pattern] [COUNT count] [TYPE type]
//   key [key ...]                      a repeated argument
//   <NX | XX>                          a required choice
//   [protover [AUTH username password] [SETNAME clientname]]
// UPPER-CASE words are literal tokens, lower-case words are values. A value may carry a
// `:type` suffix (`increment:double`) when its name does not already tell its type; the
// suffix is never shown to users. The tree built here feeds COMMAND DOCS, the REPL's
// hints and completion, and the table's self-check (arity agrees with the grammar).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace redsim {

struct GrammarArg {
    enum class Kind { Value, Token, OneOf, Block };
    Kind kind = Kind::Value;
    std::string name;   // value name; lower-cased token; or a generated name for groups
    std::string type;   // key string integer double pattern unix-time pure-token oneof block
    std::string token;  // literal that introduces this argument ("EX" in "EX seconds")
    bool optional = false;
    bool multiple = false;             // may repeat
    bool multiple_token = false;       // the token repeats with each value ("GET a GET b")
    int key_spec_index = -1;           // for key values: which key spec describes it
    std::vector<GrammarArg> children;  // OneOf: the alternatives; Block: the sequence
};

// Parses a syntax string. Malformed syntax (unbalanced brackets) parses as far as it can;
// the table test checks every row parses and renders back unchanged.
std::vector<GrammarArg> parseSyntax(std::string_view syntax);

// Prints a tree back in the documented form, without `:type` suffixes.
std::string renderSyntax(const std::vector<GrammarArg>& args);
std::string renderArg(const GrammarArg& arg);

// The fewest words a command line needs after the command (and subcommand) name.
int minimumWords(const std::vector<GrammarArg>& args);
// How many key arguments the grammar names.
int countKeyArgs(const std::vector<GrammarArg>& args);

}  // namespace redsim
