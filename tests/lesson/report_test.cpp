// The grading report's six formats: exact bytes for hand-built reports (goldens.h),
// and the structure each consumer relies on, checked by reading the output back the way
// that consumer does (nlohmann for the JSON formats, Python's XML parser for JUnit, a
// TAP14 grammar check with a YAML parser for TAP).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/lesson/report/fixtures.h"
#include "tests/lesson/report/goldens.h"

using namespace redsim::lesson;
using namespace redsim::lesson::testing;
using nlohmann::json;

namespace {

constexpr Format kAllFormats[] = {Format::Text, Format::Json,       Format::Junit,
                                  Format::Tap,  Format::Gradescope, Format::PrairieLearn};

std::vector<std::pair<std::string, GradeReport>> allFixtures() {
    return {{"allPass", allPass()}, {"someFail", someFail()}, {"noTests", noTests()}, {"nasty", nasty()}};
}

// Runs tests/lesson/report/SCRIPT on `content` (written to a scratch file) and returns
// its exit status and what it printed (stdout and stderr).
std::pair<int, std::string> runScript(const char* script, std::string_view content) {
    const auto dir = std::filesystem::temp_directory_path() / ("redsim-report-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "report";
    std::ofstream(file, std::ios::binary) << content;
    const std::string command = std::string("python3 '") + REDSIM_SOURCE_DIR + "/tests/lesson/report/" + script +
                                "' '" + file.string() + "' 2>&1";
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
    const int status = ::pclose(pipe);
    std::filesystem::remove_all(dir);
    return {status, output};
}

json runSummary(const char* script, std::string_view content) {
    const auto [status, output] = runScript(script, content);
    INFO(output);
    REQUIRE(status == 0);
    return json::parse(output);
}

// What a one-line field (a name) looks like after the formats made it printable.
std::string oneLine(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\t') c = ' ';
    return s;
}

}  // namespace

TEST_SUITE("lesson.report") {
    TEST_CASE("lesson.report.format_names") {
        for (const Format f : kAllFormats) CHECK(parseFormat(formatName(f)) == f);
        CHECK(std::string(formatName(Format::PrairieLearn)) == "prairielearn");
        CHECK(std::string(formatName(Format::Junit)) == "junit");
        CHECK_FALSE(parseFormat("").has_value());
        CHECK_FALSE(parseFormat("xml").has_value());
        CHECK_FALSE(parseFormat("JSON").has_value());
        CHECK_FALSE(parseFormat("json ").has_value());
    }

    TEST_CASE("lesson.report.golden.some_fail") {
        const GradeReport r = someFail();
        CHECK(renderReport(r, Format::Text) == kSomeFailText);
        CHECK(renderReport(r, Format::Json) == kSomeFailJson);
        CHECK(renderReport(r, Format::Junit) == kSomeFailJunit);
        CHECK(renderReport(r, Format::Tap) == kSomeFailTap);
        CHECK(renderReport(r, Format::Gradescope) == kSomeFailGradescope);
        CHECK(renderReport(r, Format::PrairieLearn) == kSomeFailPrairieLearn);
    }

    TEST_CASE("lesson.report.golden.all_pass") {
        const GradeReport r = allPass();
        CHECK(renderReport(r, Format::Text) == kAllPassText);
        CHECK(renderReport(r, Format::Tap) == kAllPassTap);
        CHECK(renderReport(r, Format::Junit) == kAllPassJunit);
    }

    TEST_CASE("lesson.report.golden.no_tests") {
        const GradeReport r = noTests();
        CHECK(renderReport(r, Format::Text) == kNoTestsText);
        CHECK(renderReport(r, Format::Junit) == kNoTestsJunit);
        CHECK(renderReport(r, Format::Tap) == kNoTestsTap);
        CHECK(renderReport(r, Format::Gradescope) == kNoTestsGradescope);
        CHECK(renderReport(r, Format::PrairieLearn) == kNoTestsPrairieLearn);
    }

    TEST_CASE("lesson.report.golden.escaping") {
        const GradeReport r = nasty();
        CHECK(renderReport(r, Format::Text) == kNastyText);
        CHECK(renderReport(r, Format::Junit) == kNastyJunit);
        CHECK(renderReport(r, Format::Tap) == kNastyTap);
        CHECK(renderReport(r, Format::Gradescope) == kNastyGradescope);
    }

    TEST_CASE("lesson.report.test_output") {
        const GradeReport r = someFail();
        CHECK(testOutput(r.tests[0]) == "✓ line 10: GET greeting == \"hello\"\n");
        // Failures carry their message and what was got; a multi-line reply stays aligned.
        CHECK(testOutput(r.tests[1]) ==
              "✓ line 20: EXISTS visits == 1\n"
              "✗ line 21: GET visits == 3  # visits should be 3\n"
              "    visits should be 3\n"
              "    got: \"5\"\n"
              "✗ line 22: LRANGE queue 0 -1 == [a, b]\n"
              "    got: 1) \"b\"\n"
              "         2) \"a\"\n");
        // An assertion without a known line says so by leaving the line out.
        TestReport t = test("1. x", "x", 1, 1, 0, 1, {fail(0, "GET k == 1", "", "(nil)")});
        CHECK(testOutput(t) == "✗ GET k == 1\n    got: (nil)\n");
        CHECK(testOutput(TestReport{}).empty());
    }

    TEST_CASE("lesson.report.scores_without_float_noise") {
        GradeReport r = header();
        r.tests.push_back(test("1. a", "a", 1, 1, 0.1 + 0.2, 0.1 + 0.2, {pass(1, "PING == PONG")}));
        r.tests.push_back(test("2. b", "b", 2, 1, 2.25, 2.25, {pass(2, "PING == PONG")}));
        r.tests.push_back(test("3. c", "c", 3, 1, 1.0 / 3, 1, {pass(3, "PING == PONG")}));
        r.tests.push_back(test("4. d", "d", 4, 1, -0.0, 1e-9, {pass(4, "PING == PONG")}));
        r.score = 0.1 + 0.2 + 2.25 + 1.0 / 3;
        r.max_score = 4;
        r.passed = false;
        for (const Format f : kAllFormats) {
            const std::string out = renderReport(r, f);
            INFO(std::string(formatName(f)));
            CHECK(out.find("0.30000000000000004") == std::string::npos);
            CHECK(out.find("0.333333") == std::string::npos);
            CHECK(out.find("e-09") == std::string::npos);
            CHECK(out.find("-0") == std::string::npos);
        }
        CHECK(renderReport(r, Format::Text).find("✓ 3. c (0.3333/1)\n") != std::string::npos);
        CHECK(renderReport(r, Format::Text).find("✓ 4. d (0/0)\n") != std::string::npos);
        CHECK(renderReport(r, Format::Text).find("score 2.8833/4 (72.1%) — failed") != std::string::npos);
        const json gs = json::parse(renderReport(r, Format::Gradescope));
        CHECK(gs["score"].get<double>() == 2.8833);
        CHECK(gs["tests"][0]["score"].get<double>() == 0.3);
        CHECK(gs["tests"][1]["max_score"].get<double>() == 2.25);
        // Whole numbers are JSON integers: "max_score": 1, never 1.0.
        CHECK(gs["tests"][2]["max_score"].is_number_integer());
        CHECK(renderReport(r, Format::Gradescope).find("\"max_score\": 1,") != std::string::npos);
        const json pl = json::parse(renderReport(r, Format::PrairieLearn));
        CHECK(pl["score"].get<double>() == 0.7208);

        // Values a broken grader might produce still print as numbers.
        GradeReport odd = header();
        odd.score = std::nan("");
        odd.max_score = 1e300 * 1e300;
        odd.execution_seconds = -5;
        const json j = json::parse(renderReport(odd, Format::Gradescope));
        CHECK(j["score"] == 0);
        CHECK(j["execution_time"] == 0);
        CHECK(json::parse(renderReport(odd, Format::PrairieLearn))["score"] == 0);
    }

    TEST_CASE("lesson.report.deterministic") {
        for (auto [name, r] : allFixtures()) {
            INFO(name);
            GradeReport slow = r;
            slow.execution_seconds = 12.6;
            for (const Format f : kAllFormats) {
                INFO(std::string(formatName(f)));
                const std::string once = renderReport(r, f);
                CHECK(renderReport(r, f) == once);
                CHECK(!once.empty());
                CHECK(once.back() == '\n');
                if (f != Format::Gradescope) CHECK(renderReport(slow, f) == once);
            }
            // Gradescope's execution_time is the one field that follows the run: whole seconds.
            json fast = json::parse(renderReport(r, Format::Gradescope));
            json late = json::parse(renderReport(slow, Format::Gradescope));
            CHECK(fast["execution_time"] == 0);
            CHECK(late["execution_time"] == 13);
            CHECK(late["execution_time"].is_number_integer());
            late["execution_time"] = 0;
            CHECK(late == fast);
        }
    }

    TEST_CASE("lesson.report.json.every_field") {
        const GradeReport r = someFail();
        const json j = json::parse(renderReport(r, Format::Json));
        CHECK(j["format"] == "redsim-grade");
        CHECK(j["version"] == 1);
        CHECK(j["lesson_id"] == r.lesson_id);
        CHECK(j["lesson_title"] == r.lesson_title);
        CHECK(j["lesson_file"] == r.lesson_file);
        CHECK(j["submission_file"] == r.submission_file);
        CHECK(j["score"].get<double>() == 1.3);
        CHECK(j["max_score"].get<double>() == 3.3);
        CHECK(j["passed"] == false);
        CHECK(j["pass_score"].is_null());
        CHECK(j["commands_run"] == 5);
        CHECK(j["notes"] == json(r.notes));
        CHECK_FALSE(j.contains("execution_seconds"));  // no times in a repeatable format
        REQUIRE(j["tests"].size() == r.tests.size());
        for (size_t i = 0; i < r.tests.size(); ++i) {
            const TestReport& t = r.tests[i];
            const json& jt = j["tests"][i];
            CHECK(jt["name"] == t.name);
            CHECK(jt["step_title"] == t.step_title);
            CHECK(jt["step_slug"] == t.step_slug);
            CHECK(jt["step_number"] == t.step_number);
            CHECK(jt["block"] == t.block);
            CHECK(jt["passed"] == t.passed);
            REQUIRE(jt["assertions"].size() == t.assertions.size());
            for (size_t k = 0; k < t.assertions.size(); ++k) {
                const AssertionResult& a = t.assertions[k];
                const json& ja = jt["assertions"][k];
                CHECK(ja["line"] == a.line);
                CHECK(ja["source"] == a.source);
                CHECK(ja["passed"] == a.passed);
                CHECK(ja["message"] == a.message);
                CHECK(ja["got"] == a.got);
            }
        }
        GradeReport with = r;
        with.pass_score = 2.5;
        CHECK(json::parse(renderReport(with, Format::Json))["pass_score"].get<double>() == 2.5);
    }

    TEST_CASE("lesson.report.gradescope.structure") {
        for (auto [name, r] : allFixtures()) {
            INFO(name);
            const json j = json::parse(renderReport(r, Format::Gradescope));
            CHECK(j["score"].is_number());
            CHECK(j["execution_time"].is_number_integer());
            CHECK(j["output"].is_string());
            CHECK(j["visibility"] == "visible");
            CHECK(j["stdout_visibility"] == "hidden");
            REQUIRE(j["tests"].is_array());
            REQUIRE(j["tests"].size() == r.tests.size());
            for (size_t i = 0; i < r.tests.size(); ++i) {
                const json& t = j["tests"][i];
                for (const char* key : {"name", "output", "status", "visibility"}) CHECK(t[key].is_string());
                CHECK(t["score"].is_number());
                CHECK(t["max_score"].is_number());
                CHECK(t["status"] == (r.tests[i].passed ? "passed" : "failed"));
                CHECK(t["visibility"] == "visible");
                CHECK(t["output"] == testOutput(r.tests[i]));
            }
        }
    }

    TEST_CASE("lesson.report.prairielearn.structure") {
        for (auto [name, r] : allFixtures()) {
            INFO(name);
            const json j = json::parse(renderReport(r, Format::PrairieLearn));
            CHECK(j["gradable"] == true);
            REQUIRE(j["score"].is_number());
            CHECK(j["score"].get<double>() >= 0);
            CHECK(j["score"].get<double>() <= 1);
            CHECK(j["message"].is_string());
            CHECK(j["output"].is_string());
            REQUIRE(j["tests"].size() == r.tests.size());
            for (size_t i = 0; i < r.tests.size(); ++i) {
                const json& t = j["tests"][i];
                CHECK(t["name"].is_string());
                CHECK(t["points"].is_number());
                CHECK(t["max_points"].is_number());
                CHECK(t["message"].is_string());
                CHECK(t["output"].is_string());
            }
        }
        // No checks at all: full marks when the run passed, none when it did not.
        GradeReport r = noTests();
        CHECK(json::parse(renderReport(r, Format::PrairieLearn))["score"] == 1);
        r.passed = false;
        CHECK(json::parse(renderReport(r, Format::PrairieLearn))["score"] == 0);
    }

    TEST_CASE("lesson.report.non_utf8_never_throws") {
        // nlohmann's parser rejects invalid UTF-8, so parsing back proves the bytes were
        // replaced; U+FFFD stands where each bad byte was.
        const GradeReport r = nasty();
        for (const Format f : {Format::Json, Format::Gradescope, Format::PrairieLearn}) {
            INFO(std::string(formatName(f)));
            std::string out;
            REQUIRE_NOTHROW(out = renderReport(r, f));
            json parsed;
            REQUIRE_NOTHROW(parsed = json::parse(out));
        }
        const json j = json::parse(renderReport(r, Format::Json));
        CHECK(j["tests"][1]["assertions"][0]["source"] == "GET k == \"\xEF\xBF\xBD\xEF\xBF\xBD\"");
        // A sequence cut short: one replacement per byte; valid text around it is kept.
        CHECK(j["tests"][1]["assertions"][0]["message"] ==
              "bad bytes \xEF\xBF\xBD here, \xEF\xBF\xBD\xEF\xBF\xBD cut, caf\xC3\xA9 \xE2\x9C\x93");
        CHECK(j["notes"][0] == "line 3: unknown command 'FOO\xEF\xBF\xBD'");
        // JSON keeps control characters, escaped by the serializer.
        CHECK(j["tests"][1]["assertions"][1]["message"] == "raw \x1B[31mred\x1B[0m and C1 \xC2\x9B and \"]]>\"\tTab");
        // Overlong forms and surrogates are not UTF-8 either.
        GradeReport bad = header();
        bad.lesson_title = "\xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80";
        CHECK(json::parse(renderReport(bad, Format::Json))["lesson_title"] ==
              "\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
              "\xEF\xBF\xBD");
    }

    TEST_CASE("lesson.report.text_formats_are_utf8_without_controls") {
        for (auto [name, r] : allFixtures()) {
            for (const Format f : {Format::Text, Format::Junit, Format::Tap}) {
                INFO((name + " " + std::string(formatName(f))));
                const std::string out = renderReport(r, f);
                bool clean = true;
                for (const char c : out) {
                    const auto u = static_cast<unsigned char>(c);
                    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) clean = false;
                }
                CHECK(clean);
                CHECK(out.find("\xC2\x9B") == std::string::npos);  // C1 CSI, which terminals act on
            }
        }
    }

    TEST_CASE("lesson.report.junit.parses_back") {
        for (auto [name, r] : allFixtures()) {
            INFO(name);
            const json s = runSummary("junit_summary.py", renderReport(r, Format::Junit));
            CHECK(s["suite"] == r.lesson_id);
            CHECK(s["properties"]["passed"] == (r.passed ? "true" : "false"));
            REQUIRE(s["tests"].size() == r.tests.size());
            for (size_t i = 0; i < r.tests.size(); ++i) {
                const TestReport& t = r.tests[i];
                const json& c = s["tests"][i];
                if (name != "nasty") {
                    CHECK(c["name"] == t.name);
                    CHECK(c["classname"] == r.lesson_id + "." + t.step_slug);
                }
                CHECK(c["failure"].is_null() == t.passed);
                if (!t.passed && name != "nasty") CHECK(c["text"] == testOutput(t));
            }
        }
        // Escaped markup, "]]>" and a newline in a name survive the round trip exactly.
        const GradeReport r = nasty();
        const json s = runSummary("junit_summary.py", renderReport(r, Format::Junit));
        CHECK(s["properties"]["lesson_title"] == r.lesson_title);
        CHECK(s["tests"][0]["name"] == "1. a # b \\ c");
        CHECK(s["tests"][1]["name"] == "2. <b>bold</b> & ]]> 'q'\nsecond line");
        CHECK(s["tests"][1]["failure"] ==
              "bad bytes \xEF\xBF\xBD here, \xEF\xBF\xBD\xEF\xBF\xBD cut, caf\xC3\xA9 \xE2\x9C\x93");
        CHECK(s["system_out"].get<std::string>().find("multi line # note\n") != std::string::npos);

        // Something that is not JUnit is refused by the checker itself.
        CHECK(runScript("junit_summary.py", "<testsuites><testsuite").first != 0);
        CHECK(runScript("junit_summary.py", "<testsuites tests=\"1\"/>").first != 0);
    }

    TEST_CASE("lesson.report.tap.grammar") {
        for (auto [name, r] : allFixtures()) {
            INFO(name);
            const json s = runSummary("tap_summary.py", renderReport(r, Format::Tap));
            CHECK(s["plan"] == r.tests.size());
            REQUIRE(s["tests"].size() == r.tests.size());
            for (size_t i = 0; i < r.tests.size(); ++i) {
                const TestReport& t = r.tests[i];
                const json& p = s["tests"][i];
                CHECK(p["ok"] == t.passed);
                CHECK(p["id"] == i + 1);
                if (name != "nasty") CHECK(p["description"] == oneLine(t.name));
                CHECK(p["yaml"].is_null() == t.passed);
                if (t.passed || !s["yaml_parsed"].get<bool>()) continue;
                const json& y = p["yaml"];
                CHECK(y["severity"] == "fail");
                CHECK(y["max_score"].is_number());
                size_t k = 0;
                for (const AssertionResult& a : t.assertions) {
                    if (a.passed) continue;
                    REQUIRE(k < y["failures"].size());
                    const json& yf = y["failures"][k++];
                    CHECK(yf["line"] == a.line);
                    if (name != "nasty") {
                        CHECK(yf["source"] == a.source);
                        CHECK(yf["message"] == a.message);
                        CHECK(yf["got"] == a.got);
                    }
                }
                CHECK(k == y["failures"].size());
            }
            CHECK(s["comments"].back().get<std::string>().rfind("score ", 0) == 0);
        }
        // '#' and '\' in a name are escaped so no harness reads a directive into it.
        GradeReport r = allPass();
        r.tests[0].name = "x # SKIP y \\";
        r.tests[1].name = "# TODO\nlater";
        const json s = runSummary("tap_summary.py", renderReport(r, Format::Tap));
        CHECK(s["tests"][0]["description"] == "x # SKIP y \\");
        CHECK(s["tests"][1]["description"] == "# TODO later");
        CHECK(renderReport(r, Format::Tap).find("ok 1 - x \\# SKIP y \\\\\n") != std::string::npos);
        // The YAML of the escaping fixture parses back to the cleaned text.
        const json n = runSummary("tap_summary.py", renderReport(nasty(), Format::Tap));
        if (n["yaml_parsed"].get<bool>()) {
            const json& f = n["tests"][1]["yaml"]["failures"];
            CHECK(f[0]["source"] == "GET k == \"\xEF\xBF\xBD\xEF\xBF\xBD\"");
            CHECK(f[1]["message"] == "raw \\x1b[31mred\\x1b[0m and C1 \\u009b and \"]]>\"\tTab");
            CHECK(f[1]["got"] == "line one\nline two");
            CHECK(runScript("tap_summary.py", "TAP version 14\n1..1\nnot ok 1\n  ---\n  a: [\n  ...\n").first != 0);
        } else {
            MESSAGE("PyYAML is not installed: TAP YAML blocks were checked for structure only");
        }
        // And the checker does refuse what is not TAP14.
        CHECK(runScript("tap_summary.py", "TAP version 13\n1..0\n").first != 0);
        CHECK(runScript("tap_summary.py", "TAP version 14\n1..1\nok 1 - a # b\n").first != 0);
        CHECK(runScript("tap_summary.py", "TAP version 14\n1..2\nok 1 - a\n").first != 0);
    }
}
