// The one doctest main for every unit test (tests/ mirrors the source tree).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
