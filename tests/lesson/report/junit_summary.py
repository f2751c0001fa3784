#!/usr/bin/env python3
"""Parses a JUnit XML report the way CI tools do (a standard XML parser) and prints
what they would read from it as JSON, so report_test.cpp can compare it with the
GradeReport it came from. Exits 1, with the reason on stderr, if the file is not
well-formed XML or its counts and structure are inconsistent."""
import json
import sys
import xml.etree.ElementTree as ET


def fail(why):
    print(why, file=sys.stderr)
    sys.exit(1)


def main(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail(f"not well-formed XML: {e}")
    if root.tag != "testsuites":
        fail(f"root element is <{root.tag}>, not <testsuites>")
    # Byte-for-byte repeatable reports carry no times.
    for element in root.iter():
        for attr in ("time", "timestamp"):
            if attr in element.attrib:
                fail(f"<{element.tag}> has a {attr} attribute")
    suites = root.findall("testsuite")
    if len(suites) != 1:
        fail(f"{len(suites)} <testsuite> elements, expected 1")
    suite = suites[0]
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    for element in (root, suite):
        if element.get("tests") != str(len(cases)):
            fail(f"<{element.tag}> tests={element.get('tests')} but {len(cases)} testcases")
        if element.get("failures") != str(len(failed)):
            fail(f"<{element.tag}> failures={element.get('failures')} but {len(failed)} failed")
        for attr in ("errors", "skipped"):
            if element.get(attr) != "0":
                fail(f"<{element.tag}> {attr}={element.get(attr)}")
    out = {
        "suite": suite.get("name"),
        "properties": {p.get("name"): p.get("value") for p in suite.iter("property")},
        "tests": [],
        "system_out": (suite.findtext("system-out") or ""),
    }
    for case in cases:
        for attr in ("name", "classname"):
            if case.get(attr) is None:
                fail(f"a <testcase> has no {attr}")
        failure = case.find("failure")
        out["tests"].append({
            "name": case.get("name"),
            "classname": case.get("classname"),
            "failure": None if failure is None else failure.get("message"),
            "text": None if failure is None else (failure.text or ""),
        })
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
