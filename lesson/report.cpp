// report.cpp — a GradeReport printed in the six formats graders read.
//
// Every format is assembled from the same few pieces, so they cannot disagree:
//   scoreText()    a score as people write it: "1", "0.5", "2.25" (rounded to 4
//                  decimals, so 0.1 + 0.2 prints "0.3", never 0.30000000000000004);
//   cleanText()    any bytes made safe to print: an invalid UTF-8 byte becomes U+FFFD,
//                  and (for the text formats) control characters become visible "\x1b";
//   testOutput()   one test's assertions as text, which Gradescope, PrairieLearn and
//                  JUnit all carry.
// Nothing here reads a clock: the same report prints the same bytes. The one exception
// is Gradescope's execution_time, which its spec asks for and which the grader measured.
//
// The specs followed (looked up, not guessed):
//   Gradescope    "Autograder Specifications", Output format (results.json)
//   PrairieLearn  "External Grading", Grading results (results.json)
//   JUnit XML     the de facto format as GitHub, GitLab and Jenkins read it
//                 (testsuites > testsuite > testcase, <failure message=…>)
//   TAP           TAP version 14 (version line, plan, test points, 2-space YAML blocks,
//                 `\#` and `\\` escaped in descriptions)
#include "lesson/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace redsim::lesson {

namespace {

using Json = nlohmann::ordered_json;  // ordered: keys print in the order we add them

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kTick = "\xE2\x9C\x93";             // ✓
constexpr std::string_view kCross = "\xE2\x9C\x97";            // ✗
constexpr std::string_view kDash = "\xE2\x80\x94";             // —

// ---- text safety --------------------------------------------------------------------

// The length of the well-formed UTF-8 sequence starting at s[i] (1 to 4), storing its
// code point in *cp; 0 when the bytes there are not one (a stray continuation byte, an
// overlong form, a surrogate, a value past U+10FFFF, or a sequence cut short). These are
// the rules of Unicode's table 3-7.
size_t utf8Sequence(std::string_view s, size_t i, char32_t* cp) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;  // shorter forms are overlong
        if (b0 == 0xED) hi = 0x9F;  // U+D800..U+DFFF are surrogates, not characters
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    char32_t value = b0 & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) {
        if (k > 1 && (byte(i + k) & 0xC0) != 0x80) return 0;
        value = (value << 6) | (byte(i + k) & 0x3F);
    }
    *cp = value;
    return len;
}

enum class Controls {
    Keep,     // JSON: the serializer escapes them itself (\n, \u001b)
    Escape,   // text, XML, YAML: keep \n and \t, show the others as "\x1b" / "\u009b"
    OneLine,  // a name or a note on one line: \n, \r and \t become spaces, others as Escape
};

// `s` as valid UTF-8 that a terminal, an XML parser or a YAML parser takes as plain text.
// Each byte that does not start a well-formed sequence becomes one U+FFFD, so the output
// says where the bad bytes were and how many.
std::string cleanText(std::string_view s, Controls controls) {
    std::string out;
    out.reserve(s.size());
    char buf[16];
    for (size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const size_t len = utf8Sequence(s, i, &cp);
        if (len == 0) {
            out += kReplacementChar;
            ++i;
            continue;
        }
        const bool c0 = cp < 0x20 || cp == 0x7F;
        const bool c1 = cp >= 0x80 && cp <= 0x9F;           // terminals act on some (0x9B is CSI)
        const bool nonchar = cp == 0xFFFE || cp == 0xFFFF;  // not allowed in XML or YAML
        if (controls == Controls::Keep || !(c0 || c1 || nonchar)) {
            out.append(s.substr(i, len));
        } else if (controls == Controls::OneLine && (cp == '\n' || cp == '\r' || cp == '\t')) {
            out += ' ';
        } else if (cp == '\n' || cp == '\t') {
            out += static_cast<char>(cp);
        } else if (nonchar) {
            out += kReplacementChar;
        } else {
            std::snprintf(buf, sizeof buf, c0 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(cp));
            out += buf;
        }
        i += len;
    }
    return out;
}

// ---- numbers ------------------------------------------------------------------------

// `v` with at most `places` decimals and no trailing zeros: 1, 0.5, 2.25, 66.7.
// Non-finite values (which a correct grader never produces) print as 0.
std::string decimalText(double v, int places) {
    if (!std::isfinite(v)) v = 0;
    char buf[400];  // %.4f of DBL_MAX is 309 digits and the decimals
    std::snprintf(buf, sizeof buf, "%.*f", places, v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

std::string scoreText(double v) { return decimalText(v, 4); }

// The same number as a JSON number: an integer when it is whole (7, not 7.0), otherwise
// the double that scoreText's digits denote, which the serializer prints as those digits.
Json jsonNumber(double v) {
    const std::string text = scoreText(v);
    if (text.find('.') == std::string::npos) {
        long long whole = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), whole);
        if (ec == std::errc{} && end == text.data() + text.size()) return Json(whole);
    }
    return Json(std::strtod(text.c_str(), nullptr));
}

// "score 7/10 (70%) — failed"; the pass score joins it when one was given.
std::string summaryLine(const GradeReport& r) {
    std::string line = "score " + scoreText(r.score) + "/" + scoreText(r.max_score);
    std::string extra;
    if (r.max_score > 0) extra = decimalText(100.0 * r.score / r.max_score, 1) + "%";
    if (r.pass_score) extra += (extra.empty() ? "" : ", ") + std::string("pass score ") + scoreText(*r.pass_score);
    if (!extra.empty()) line += " (" + extra + ")";
    line += " ";
    line += kDash;
    line += r.passed ? " passed" : " failed";
    return line;
}

// ---- per-test text ------------------------------------------------------------------

// Appends `text` (already clean) with every line after the first indented by `indent`.
void appendIndented(std::string& out, std::string_view text, std::string_view indent) {
    for (const char c : text) {
        out += c;
        if (c == '\n') out += indent;
    }
}

// One assertion: "✓ line 12: GET k == 3", and for a failure its message and what was got
// underneath, indented. `indent` goes before every line.
void appendAssertion(std::string& out, const AssertionResult& a, const std::string& indent) {
    out += indent;
    out += a.passed ? kTick : kCross;
    out += ' ';
    if (a.line > 0) out += "line " + std::to_string(a.line) + ": ";
    out += cleanText(a.source, Controls::OneLine);
    out += '\n';
    if (a.passed) return;
    const std::string detail = indent + "    ";
    if (!a.message.empty()) {
        out += detail;
        appendIndented(out, cleanText(a.message, Controls::Escape), detail);
        out += '\n';
    }
    if (!a.got.empty()) {
        out += detail + "got: ";
        // redis-cli prints an array over several lines: keep them under the first.
        appendIndented(out, cleanText(a.got, Controls::Escape), detail + "     ");
        out += '\n';
    }
}

const AssertionResult* firstFailure(const TestReport& t) {
    for (const auto& a : t.assertions)
        if (!a.passed) return &a;
    return nullptr;
}

// What a failed test's one-line message says: the first failing assertion's message, or
// the assertion itself when its author gave none.
std::string failureMessage(const TestReport& t) {
    const AssertionResult* a = firstFailure(t);
    if (a == nullptr) return "check failed";
    if (!a->message.empty()) return a->message;
    return (a->line > 0 ? "line " + std::to_string(a->line) + ": " : std::string()) + a->source;
}

// The notes, one per line after `indent`, for the formats that carry free text.
std::string notesText(const GradeReport& r, std::string_view indent = "") {
    std::string out;
    for (const auto& note : r.notes) out += std::string(indent) + cleanText(note, Controls::OneLine) + "\n";
    return out;
}

// ---- text ---------------------------------------------------------------------------

std::string renderText(const GradeReport& r) {
    std::string out;
    // "lesson      Strings and counters (strings, lessons/01-strings.md)"
    const bool titled = !r.lesson_title.empty();
    const std::string title = cleanText(titled ? r.lesson_title : r.lesson_id, Controls::OneLine);
    std::string details = titled ? cleanText(r.lesson_id, Controls::OneLine) : std::string();
    if (!r.lesson_file.empty()) details += (details.empty() ? "" : ", ") + cleanText(r.lesson_file, Controls::OneLine);
    if (!title.empty() || !details.empty()) {
        out += "lesson      " + title;
        if (!details.empty()) out += (title.empty() ? "(" : " (") + details + ")";
        out += '\n';
    }
    if (!r.submission_file.empty()) {
        out += "submission  " + cleanText(r.submission_file, Controls::OneLine) + " (" +
               std::to_string(r.commands_run) + (r.commands_run == 1 ? " command" : " commands") + " replayed)\n";
    }
    if (!out.empty()) out += '\n';

    if (r.tests.empty()) out += "(this lesson has no checks)\n";
    for (const auto& t : r.tests) {
        out += t.passed ? kTick : kCross;
        out += ' ' + cleanText(t.name, Controls::OneLine) + " (" + scoreText(t.score) + "/" + scoreText(t.max_score) +
               ")\n";
        for (const auto& a : t.assertions)
            if (!a.passed) appendAssertion(out, a, "    ");
    }
    if (!r.notes.empty()) out += "\nnotes:\n" + notesText(r, "  ");
    out += '\n' + summaryLine(r) + '\n';
    return out;
}

// ---- JSON formats -------------------------------------------------------------------

// JSON strings must be UTF-8: invalid bytes become U+FFFD before the serializer sees
// them (and its own `replace` handler is a second guard), so dumping never throws.
Json jsonText(std::string_view s) { return Json(cleanText(s, Controls::Keep)); }

std::string dumpJson(const Json& j) {
    return j.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) + "\n";
}

std::string renderJson(const GradeReport& r) {
    Json j;
    j["format"] = "redsim-grade";
    j["version"] = 1;
    j["lesson_id"] = jsonText(r.lesson_id);
    j["lesson_title"] = jsonText(r.lesson_title);
    j["lesson_file"] = jsonText(r.lesson_file);
    j["submission_file"] = jsonText(r.submission_file);
    j["score"] = jsonNumber(r.score);
    j["max_score"] = jsonNumber(r.max_score);
    j["passed"] = r.passed;
    j["pass_score"] = r.pass_score ? jsonNumber(*r.pass_score) : Json(nullptr);
    j["commands_run"] = r.commands_run;
    // execution_seconds is left out on purpose: this format is byte-for-byte repeatable.
    Json notes = Json::array();
    for (const auto& n : r.notes) notes.push_back(jsonText(n));
    j["notes"] = std::move(notes);
    Json tests = Json::array();
    for (const auto& t : r.tests) {
        Json jt;
        jt["name"] = jsonText(t.name);
        jt["step_title"] = jsonText(t.step_title);
        jt["step_slug"] = jsonText(t.step_slug);
        jt["step_number"] = t.step_number;
        jt["block"] = t.block;
        jt["score"] = jsonNumber(t.score);
        jt["max_score"] = jsonNumber(t.max_score);
        jt["passed"] = t.passed;
        Json assertions = Json::array();
        for (const auto& a : t.assertions) {
            Json ja;
            ja["line"] = a.line;
            ja["source"] = jsonText(a.source);
            ja["passed"] = a.passed;
            ja["message"] = jsonText(a.message);
            ja["got"] = jsonText(a.got);
            assertions.push_back(std::move(ja));
        }
        jt["assertions"] = std::move(assertions);
        tests.push_back(std::move(jt));
    }
    j["tests"] = std::move(tests);
    return dumpJson(j);
}

// Gradescope results.json. Scores are points (the platform scales them to the
// assignment); every output is plain text ("text" format: shown in a <pre>, so a name
// holding "<b>" shows as typed); the run's stdout stays for the instructor only.
std::string renderGradescope(const GradeReport& r) {
    Json j;
    j["score"] = jsonNumber(r.score);
    double seconds = std::isfinite(r.execution_seconds) ? r.execution_seconds : 0;
    j["execution_time"] = std::llround(std::max(0.0, seconds));
    std::string output = summaryLine(r) + "\n";
    if (!r.notes.empty()) output += "\nnotes:\n" + notesText(r, "  ");
    j["output"] = jsonText(output);
    j["output_format"] = "text";
    j["test_output_format"] = "text";
    j["test_name_format"] = "text";
    j["visibility"] = "visible";
    j["stdout_visibility"] = "hidden";
    Json tests = Json::array();
    for (const auto& t : r.tests) {
        Json jt;
        jt["name"] = jsonText(t.name);
        jt["score"] = jsonNumber(t.score);
        jt["max_score"] = jsonNumber(t.max_score);
        jt["status"] = t.passed ? "passed" : "failed";
        jt["output"] = jsonText(testOutput(t));
        jt["visibility"] = "visible";
        tests.push_back(std::move(jt));
    }
    j["tests"] = std::move(tests);
    return dumpJson(j);
}

// PrairieLearn's external grader results.json: score is a fraction in [0, 1]; a
// replayed submission is always gradable (garbage in it is graded, not rejected).
std::string renderPrairieLearn(const GradeReport& r) {
    double fraction = r.max_score > 0 ? r.score / r.max_score : (r.passed ? 1.0 : 0.0);
    if (!std::isfinite(fraction)) fraction = 0;
    fraction = std::clamp(fraction, 0.0, 1.0);
    Json j;
    j["gradable"] = true;
    j["score"] = jsonNumber(fraction);
    j["message"] = jsonText(summaryLine(r));
    j["output"] = jsonText(notesText(r));
    Json tests = Json::array();
    for (const auto& t : r.tests) {
        Json jt;
        jt["name"] = jsonText(t.name);
        jt["points"] = jsonNumber(t.score);
        jt["max_points"] = jsonNumber(t.max_score);
        jt["message"] = jsonText(t.passed ? std::string("passed") : failureMessage(t));
        jt["output"] = jsonText(testOutput(t));
        tests.push_back(std::move(jt));
    }
    j["tests"] = std::move(tests);
    return dumpJson(j);
}

// ---- JUnit XML ----------------------------------------------------------------------

// XML escapes. Escaping every '>' also takes care of "]]>", which may not appear raw in
// text. In an attribute value a raw newline or tab would be turned into a space by every
// XML parser (attribute value normalisation), so there they go as references too.
std::string xmlEscape(std::string_view s, bool attribute) {
    std::string out;
    for (const char c : cleanText(s, Controls::Escape)) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += attribute ? "&quot;" : "\"";
                break;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                break;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                break;
            default:
                out += c;
        }
    }
    return out;
}
std::string xmlAttr(std::string_view s) { return xmlEscape(s, true); }
std::string xmlText(std::string_view s) { return xmlEscape(s, false); }

std::string renderJunit(const GradeReport& r) {
    int failures = 0;
    for (const auto& t : r.tests) failures += t.passed ? 0 : 1;
    const std::string counts = " tests=\"" + std::to_string(r.tests.size()) + "\" failures=\"" +
                               std::to_string(failures) + "\" errors=\"0\" skipped=\"0\"";
    const std::string suite = !r.lesson_id.empty() ? r.lesson_id : !r.lesson_title.empty() ? r.lesson_title : "lesson";

    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuites name=\"redsim grade\"" + counts + ">\n";
    out += "  <testsuite name=\"" + xmlAttr(suite) + "\"" + counts + ">\n";
    out += "    <properties>\n";
    const auto property = [&out](std::string_view name, std::string_view value) {
        out += "      <property name=\"" + std::string(name) + "\" value=\"" + xmlAttr(value) + "\"/>\n";
    };
    property("lesson_title", r.lesson_title);
    property("lesson_file", r.lesson_file);
    property("submission_file", r.submission_file);
    property("score", scoreText(r.score));
    property("max_score", scoreText(r.max_score));
    if (r.pass_score) property("pass_score", scoreText(*r.pass_score));
    property("passed", r.passed ? "true" : "false");
    property("commands_run", std::to_string(r.commands_run));
    out += "    </properties>\n";
    for (const auto& t : r.tests) {
        // classname groups the checks of one step, as test reporters group a class.
        std::string classname = r.lesson_id;
        if (!t.step_slug.empty()) classname += (classname.empty() ? "" : ".") + t.step_slug;
        if (classname.empty()) classname = suite;
        out += "    <testcase name=\"" + xmlAttr(t.name) + "\" classname=\"" + xmlAttr(classname) + "\"";
        if (t.passed) {
            out += "/>\n";
            continue;
        }
        out += ">\n      <failure message=\"" + xmlAttr(failureMessage(t)) + "\">";
        out += xmlText(testOutput(t));
        out += "</failure>\n    </testcase>\n";
    }
    // Suite-level output: the replay's notes and the score, as a CI log shows them.
    out += "    <system-out>" + xmlText(notesText(r) + summaryLine(r) + "\n") + "</system-out>\n";
    out += "  </testsuite>\n</testsuites>\n";
    return out;
}

// ---- TAP version 14 -----------------------------------------------------------------

// A test point's description: on one line, with '\' and '#' escaped so that no part of
// a name can be read as a directive ("# SKIP") or an escape.
std::string tapDescription(std::string_view name) {
    std::string out;
    for (const char c : cleanText(name, Controls::OneLine)) {
        if (c == '\\' || c == '#') out += '\\';
        out += c;
    }
    return out;
}

// A YAML double-quoted scalar. cleanText has already turned every character YAML may not
// hold raw into visible text, so only the quote, the backslash, newline and tab remain.
std::string yamlString(std::string_view s) {
    std::string out = "\"";
    for (const char c : cleanText(s, Controls::Escape)) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
        }
    }
    return out + "\"";
}

std::string renderTap(const GradeReport& r) {
    std::string out = "TAP version 14\n";
    out += "1.." + std::to_string(r.tests.size());
    if (r.tests.empty()) out += " # this lesson has no checks";
    out += '\n';
    const std::string title = r.lesson_title.empty() ? r.lesson_id : r.lesson_title;
    if (!title.empty()) out += "# " + cleanText(title, Controls::OneLine) + "\n";
    int number = 0;
    for (const auto& t : r.tests) {
        ++number;
        out += t.passed ? "ok " : "not ok ";
        out += std::to_string(number);
        const std::string description = tapDescription(t.name);
        if (!description.empty()) out += " - " + description;
        out += '\n';
        if (t.passed) continue;
        // YAML diagnostics, indented two spaces, between "  ---" and "  ...".
        out += "  ---\n";
        out += "  message: " + yamlString(failureMessage(t)) + "\n";
        out += "  severity: fail\n";
        out += "  score: " + scoreText(t.score) + "\n";
        out += "  max_score: " + scoreText(t.max_score) + "\n";
        out += "  failures:";
        bool any = false;
        for (const auto& a : t.assertions) {
            if (a.passed) continue;
            any = true;
            out += "\n    - line: " + std::to_string(a.line) + "\n";
            out += "      source: " + yamlString(a.source) + "\n";
            out += "      message: " + yamlString(a.message) + "\n";
            out += "      got: " + yamlString(a.got);
        }
        out += any ? "\n" : " []\n";
        out += "  ...\n";
    }
    for (const auto& note : r.notes) out += "# " + cleanText(note, Controls::OneLine) + "\n";
    out += "# " + summaryLine(r) + "\n";
    return out;
}

}  // namespace

std::optional<Format> parseFormat(std::string_view name) {
    // Exact names only: the command line's --format and the docs spell them this way.
    for (const Format f :
         {Format::Text, Format::Json, Format::Junit, Format::Tap, Format::Gradescope, Format::PrairieLearn}) {
        if (name == formatName(f)) return f;
    }
    return std::nullopt;
}

std::string_view formatName(Format f) {
    switch (f) {
        case Format::Text:
            return "text";
        case Format::Json:
            return "json";
        case Format::Junit:
            return "junit";
        case Format::Tap:
            return "tap";
        case Format::Gradescope:
            return "gradescope";
        case Format::PrairieLearn:
            return "prairielearn";
    }
    return "text";
}

std::string testOutput(const TestReport& test) {
    std::string out;
    for (const auto& a : test.assertions) appendAssertion(out, a, "");
    return out;
}

std::string renderReport(const GradeReport& report, Format format) {
    switch (format) {
        case Format::Text:
            return renderText(report);
        case Format::Json:
            return renderJson(report);
        case Format::Junit:
            return renderJunit(report);
        case Format::Tap:
            return renderTap(report);
        case Format::Gradescope:
            return renderGradescope(report);
        case Format::PrairieLearn:
            return renderPrairieLearn(report);
    }
    return renderText(report);
}

}  // namespace redsim::lesson
