// The expected bytes of each format for the fixtures in fixtures.h, checked by eye
// against the specs (see docs/grading-formats.md) and, for TAP, against node-tap's
// tap-parser. A change here is a change every grader sees: review it as such.
#pragma once

#include <string>

namespace redsim::lesson::testing {

// somefail as text
inline const std::string kSomeFailText = R"golden(lesson      Strings and counters (strings, lessons/01-strings.md)
submission  sub.redis (5 commands replayed)

✓ 1. Set a greeting (1/1)
✗ 2. Count visits (0/2)
    ✗ line 21: GET visits == 3  # visits should be 3
        visits should be 3
        got: "5"
    ✗ line 22: LRANGE queue 0 -1 == [a, b]
        got: 1) "b"
             2) "a"
✓ 3. Keep scores (check 2) (0.3/0.3)

notes:
  line 12: DEBUG is not allowed while grading

score 1.3/3.3 (39.4%) — failed
)golden";

// somefail as json
inline const std::string kSomeFailJson = R"golden({
  "format": "redsim-grade",
  "version": 1,
  "lesson_id": "strings",
  "lesson_title": "Strings and counters",
  "lesson_file": "lessons/01-strings.md",
  "submission_file": "sub.redis",
  "score": 1.3,
  "max_score": 3.3,
  "passed": false,
  "pass_score": null,
  "commands_run": 5,
  "notes": [
    "line 12: DEBUG is not allowed while grading"
  ],
  "tests": [
    {
      "name": "1. Set a greeting",
      "step_title": "Set a greeting",
      "step_slug": "set-a-greeting",
      "step_number": 1,
      "block": 1,
      "score": 1,
      "max_score": 1,
      "passed": true,
      "assertions": [
        {
          "line": 10,
          "source": "GET greeting == \"hello\"",
          "passed": true,
          "message": "",
          "got": ""
        }
      ]
    },
    {
      "name": "2. Count visits",
      "step_title": "Count visits",
      "step_slug": "count-visits",
      "step_number": 2,
      "block": 1,
      "score": 0,
      "max_score": 2,
      "passed": false,
      "assertions": [
        {
          "line": 20,
          "source": "EXISTS visits == 1",
          "passed": true,
          "message": "",
          "got": ""
        },
        {
          "line": 21,
          "source": "GET visits == 3  # visits should be 3",
          "passed": false,
          "message": "visits should be 3",
          "got": "\"5\""
        },
        {
          "line": 22,
          "source": "LRANGE queue 0 -1 == [a, b]",
          "passed": false,
          "message": "",
          "got": "1) \"b\"\n2) \"a\""
        }
      ]
    },
    {
      "name": "3. Keep scores (check 2)",
      "step_title": "Keep scores (check 2)",
      "step_slug": "keep-scores",
      "step_number": 3,
      "block": 2,
      "score": 0.3,
      "max_score": 0.3,
      "passed": true,
      "assertions": [
        {
          "line": 30,
          "source": "ZCARD board == 2",
          "passed": true,
          "message": "",
          "got": ""
        }
      ]
    }
  ]
}
)golden";

// somefail as junit
inline const std::string kSomeFailJunit = R"golden(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="redsim grade" tests="3" failures="1" errors="0" skipped="0">
  <testsuite name="strings" tests="3" failures="1" errors="0" skipped="0">
    <properties>
      <property name="lesson_title" value="Strings and counters"/>
      <property name="lesson_file" value="lessons/01-strings.md"/>
      <property name="submission_file" value="sub.redis"/>
      <property name="score" value="1.3"/>
      <property name="max_score" value="3.3"/>
      <property name="passed" value="false"/>
      <property name="commands_run" value="5"/>
    </properties>
    <testcase name="1. Set a greeting" classname="strings.set-a-greeting"/>
    <testcase name="2. Count visits" classname="strings.count-visits">
      <failure message="visits should be 3">✓ line 20: EXISTS visits == 1
✗ line 21: GET visits == 3  # visits should be 3
    visits should be 3
    got: "5"
✗ line 22: LRANGE queue 0 -1 == [a, b]
    got: 1) "b"
         2) "a"
</failure>
    </testcase>
    <testcase name="3. Keep scores (check 2)" classname="strings.keep-scores"/>
    <system-out>line 12: DEBUG is not allowed while grading
score 1.3/3.3 (39.4%) — failed
</system-out>
  </testsuite>
</testsuites>
)golden";

// somefail as tap
inline const std::string kSomeFailTap = R"golden(TAP version 14
1..3
# Strings and counters
ok 1 - 1. Set a greeting
not ok 2 - 2. Count visits
  ---
  message: "visits should be 3"
  severity: fail
  score: 0
  max_score: 2
  failures:
    - line: 21
      source: "GET visits == 3  # visits should be 3"
      message: "visits should be 3"
      got: "\"5\""
    - line: 22
      source: "LRANGE queue 0 -1 == [a, b]"
      message: ""
      got: "1) \"b\"\n2) \"a\""
  ...
ok 3 - 3. Keep scores (check 2)
# line 12: DEBUG is not allowed while grading
# score 1.3/3.3 (39.4%) — failed
)golden";

// somefail as gradescope
inline const std::string kSomeFailGradescope = R"golden({
  "score": 1.3,
  "execution_time": 0,
  "output": "score 1.3/3.3 (39.4%) — failed\n\nnotes:\n  line 12: DEBUG is not allowed while grading\n",
  "output_format": "text",
  "test_output_format": "text",
  "test_name_format": "text",
  "visibility": "visible",
  "stdout_visibility": "hidden",
  "tests": [
    {
      "name": "1. Set a greeting",
      "score": 1,
      "max_score": 1,
      "status": "passed",
      "output": "✓ line 10: GET greeting == \"hello\"\n",
      "visibility": "visible"
    },
    {
      "name": "2. Count visits",
      "score": 0,
      "max_score": 2,
      "status": "failed",
      "output": "✓ line 20: EXISTS visits == 1\n✗ line 21: GET visits == 3  # visits should be 3\n    visits should be 3\n    got: \"5\"\n✗ line 22: LRANGE queue 0 -1 == [a, b]\n    got: 1) \"b\"\n         2) \"a\"\n",
      "visibility": "visible"
    },
    {
      "name": "3. Keep scores (check 2)",
      "score": 0.3,
      "max_score": 0.3,
      "status": "passed",
      "output": "✓ line 30: ZCARD board == 2\n",
      "visibility": "visible"
    }
  ]
}
)golden";

// somefail as prairielearn
inline const std::string kSomeFailPrairieLearn = R"golden({
  "gradable": true,
  "score": 0.3939,
  "message": "score 1.3/3.3 (39.4%) — failed",
  "output": "line 12: DEBUG is not allowed while grading\n",
  "tests": [
    {
      "name": "1. Set a greeting",
      "points": 1,
      "max_points": 1,
      "message": "passed",
      "output": "✓ line 10: GET greeting == \"hello\"\n"
    },
    {
      "name": "2. Count visits",
      "points": 0,
      "max_points": 2,
      "message": "visits should be 3",
      "output": "✓ line 20: EXISTS visits == 1\n✗ line 21: GET visits == 3  # visits should be 3\n    visits should be 3\n    got: \"5\"\n✗ line 22: LRANGE queue 0 -1 == [a, b]\n    got: 1) \"b\"\n         2) \"a\"\n"
    },
    {
      "name": "3. Keep scores (check 2)",
      "points": 0.3,
      "max_points": 0.3,
      "message": "passed",
      "output": "✓ line 30: ZCARD board == 2\n"
    }
  ]
}
)golden";

// allpass as text
inline const std::string kAllPassText = R"golden(lesson      Strings and counters (strings, lessons/01-strings.md)
submission  sub.redis (5 commands replayed)

✓ 1. Set a greeting (1/1)
✓ 2. Count visits (2/2)

score 3/3 (100%) — passed
)golden";

// allpass as tap
inline const std::string kAllPassTap = R"golden(TAP version 14
1..2
# Strings and counters
ok 1 - 1. Set a greeting
ok 2 - 2. Count visits
# score 3/3 (100%) — passed
)golden";

// allpass as junit
inline const std::string kAllPassJunit = R"golden(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="redsim grade" tests="2" failures="0" errors="0" skipped="0">
  <testsuite name="strings" tests="2" failures="0" errors="0" skipped="0">
    <properties>
      <property name="lesson_title" value="Strings and counters"/>
      <property name="lesson_file" value="lessons/01-strings.md"/>
      <property name="submission_file" value="sub.redis"/>
      <property name="score" value="3"/>
      <property name="max_score" value="3"/>
      <property name="passed" value="true"/>
      <property name="commands_run" value="5"/>
    </properties>
    <testcase name="1. Set a greeting" classname="strings.set-a-greeting"/>
    <testcase name="2. Count visits" classname="strings.count-visits"/>
    <system-out>score 3/3 (100%) — passed
</system-out>
  </testsuite>
</testsuites>
)golden";

// notests as text
inline const std::string kNoTestsText = R"golden(lesson      empty
submission  sub.redis (0 commands replayed)

(this lesson has no checks)

score 0/0 — passed
)golden";

// notests as junit
inline const std::string kNoTestsJunit = R"golden(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="redsim grade" tests="0" failures="0" errors="0" skipped="0">
  <testsuite name="empty" tests="0" failures="0" errors="0" skipped="0">
    <properties>
      <property name="lesson_title" value=""/>
      <property name="lesson_file" value=""/>
      <property name="submission_file" value="sub.redis"/>
      <property name="score" value="0"/>
      <property name="max_score" value="0"/>
      <property name="passed" value="true"/>
      <property name="commands_run" value="0"/>
    </properties>
    <system-out>score 0/0 — passed
</system-out>
  </testsuite>
</testsuites>
)golden";

// notests as tap
inline const std::string kNoTestsTap = R"golden(TAP version 14
1..0 # this lesson has no checks
# empty
# score 0/0 — passed
)golden";

// notests as gradescope
inline const std::string kNoTestsGradescope = R"golden({
  "score": 0,
  "execution_time": 0,
  "output": "score 0/0 — passed\n",
  "output_format": "text",
  "test_output_format": "text",
  "test_name_format": "text",
  "visibility": "visible",
  "stdout_visibility": "hidden",
  "tests": []
}
)golden";

// notests as prairielearn
inline const std::string kNoTestsPrairieLearn = R"golden({
  "gradable": true,
  "score": 1,
  "message": "score 0/0 — passed",
  "output": "",
  "tests": []
}
)golden";

// nasty as text
inline const std::string kNastyText = R"golden(lesson      Café <&> "quotes" (strings, lessons/01-strings.md)
submission  sub.redis (5 commands replayed)

✓ 1. a # b \ c (1/1)
✗ 2. <b>bold</b> & ]]> 'q' second line (0/1)
    ✗ line 7: GET k == "��"
        bad bytes � here, �� cut, café ✓
        got: "\x1b[31m"
    ✗ line 8: GET e == x
        raw \x1b[31mred\x1b[0m and C1 \u009b and "]]>"	Tab
        got: line one
             line two

notes:
  line 3: unknown command 'FOO�'
  multi line # note

score 1/2 (50%, pass score 1) — passed
)golden";

// nasty as junit
inline const std::string kNastyJunit = R"golden(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="redsim grade" tests="2" failures="1" errors="0" skipped="0">
  <testsuite name="strings" tests="2" failures="1" errors="0" skipped="0">
    <properties>
      <property name="lesson_title" value="Café &lt;&amp;&gt; &quot;quotes&quot;"/>
      <property name="lesson_file" value="lessons/01-strings.md"/>
      <property name="submission_file" value="sub.redis"/>
      <property name="score" value="1"/>
      <property name="max_score" value="2"/>
      <property name="pass_score" value="1"/>
      <property name="passed" value="true"/>
      <property name="commands_run" value="5"/>
    </properties>
    <testcase name="1. a # b \ c" classname="strings.a-b-c"/>
    <testcase name="2. &lt;b&gt;bold&lt;/b&gt; &amp; ]]&gt; 'q'&#10;second line" classname="strings.bold-q-second-line">
      <failure message="bad bytes � here, �� cut, café ✓">✗ line 7: GET k == "��"
    bad bytes � here, �� cut, café ✓
    got: "\x1b[31m"
✗ line 8: GET e == x
    raw \x1b[31mred\x1b[0m and C1 \u009b and "]]&gt;"	Tab
    got: line one
         line two
</failure>
    </testcase>
    <system-out>line 3: unknown command 'FOO�'
multi line # note
score 1/2 (50%, pass score 1) — passed
</system-out>
  </testsuite>
</testsuites>
)golden";

// nasty as tap
inline const std::string kNastyTap = R"golden(TAP version 14
1..2
# Café <&> "quotes"
ok 1 - 1. a \# b \\ c
not ok 2 - 2. <b>bold</b> & ]]> 'q' second line
  ---
  message: "bad bytes � here, �� cut, café ✓"
  severity: fail
  score: 0
  max_score: 1
  failures:
    - line: 7
      source: "GET k == \"��\""
      message: "bad bytes � here, �� cut, café ✓"
      got: "\"\\x1b[31m\""
    - line: 8
      source: "GET e == x"
      message: "raw \\x1b[31mred\\x1b[0m and C1 \\u009b and \"]]>\"\tTab"
      got: "line one\nline two"
  ...
# line 3: unknown command 'FOO�'
# multi line # note
# score 1/2 (50%, pass score 1) — passed
)golden";

// nasty as gradescope
inline const std::string kNastyGradescope = R"golden({
  "score": 1,
  "execution_time": 0,
  "output": "score 1/2 (50%, pass score 1) — passed\n\nnotes:\n  line 3: unknown command 'FOO�'\n  multi line # note\n",
  "output_format": "text",
  "test_output_format": "text",
  "test_name_format": "text",
  "visibility": "visible",
  "stdout_visibility": "hidden",
  "tests": [
    {
      "name": "1. a # b \\ c",
      "score": 1,
      "max_score": 1,
      "status": "passed",
      "output": "✓ line 5: GET k == \"x # y\"\n",
      "visibility": "visible"
    },
    {
      "name": "2. <b>bold</b> & ]]> 'q'\nsecond line",
      "score": 0,
      "max_score": 1,
      "status": "failed",
      "output": "✗ line 7: GET k == \"��\"\n    bad bytes � here, �� cut, café ✓\n    got: \"\\x1b[31m\"\n✗ line 8: GET e == x\n    raw \\x1b[31mred\\x1b[0m and C1 \\u009b and \"]]>\"\tTab\n    got: line one\n         line two\n",
      "visibility": "visible"
    }
  ]
}
)golden";

}  // namespace redsim::lesson::testing
